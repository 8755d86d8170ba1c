package dev.pyro.common.tar;

import dev.pyro.common.FileModes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Extracts an archive under a root directory without ever leaving it: members pass the
 * {@link ArchivePolicy}, no path component that already exists as a link is followed, files
 * are created with O_NOFOLLOW semantics, and permission bits beyond rwx are dropped.
 */
public final class TarExtractor {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;
    private final boolean skipEscapingLinks;
    private final List<String> skippedLinks = new ArrayList<>();

    public TarExtractor(Path root) {
        this(root, false);
    }

    /**
     * With {@code skipEscapingLinks}, a link that points outside the root is left out (and
     * listed in {@link #skippedLinks()}) instead of failing the whole archive: for exports,
     * where the archive comes from a workspace and one stray link should not cost the rest.
     */
    public TarExtractor(Path root, boolean skipEscapingLinks) {
        this.root = root;
        this.skipEscapingLinks = skipEscapingLinks;
    }

    public record Stats(int entries, int files, long bytes) {
    }

    public List<String> skippedLinks() {
        return List.copyOf(skippedLinks);
    }

    /** Checks a whole archive against the policy without writing anything. */
    public static Stats validate(InputStream archive) throws IOException {
        TarReader reader = new TarReader(archive);
        ArchivePolicy policy = new ArchivePolicy();
        int entries = 0;
        int files = 0;
        long bytes = 0;
        TarEntry entry;
        while ((entry = reader.next()) != null) {
            policy.admit(entry);
            entries++;
            if (entry.type() == TarEntry.Type.FILE) {
                files++;
                bytes += entry.size();
            }
        }
        return new Stats(entries, files, bytes);
    }

    public Stats extract(InputStream archive) throws IOException {
        TarReader reader = new TarReader(archive);
        ArchivePolicy policy = new ArchivePolicy();
        List<TarEntry> directories = new ArrayList<>();
        int entries = 0;
        int files = 0;
        long bytes = 0;
        TarEntry entry;
        while ((entry = reader.next()) != null) {
            if (skipEscapingLinks && entry.type() == TarEntry.Type.SYMLINK && escapes(entry)) {
                skippedLinks.add(entry.path() + " -> " + entry.linkTarget());
                continue;
            }
            policy.admit(entry);
            entries++;
            if (entry.path().isEmpty()) {
                continue;
            }
            Path target = prepareParents(entry.path());
            switch (entry.type()) {
                case DIRECTORY -> {
                    makeDirectory(target, entry.path());
                    directories.add(entry);
                }
                case FILE -> {
                    replaceNonDirectory(target, entry.path());
                    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                        reader.content().transferTo(out);
                    }
                    applyMetadata(target, entry);
                    files++;
                    bytes += entry.size();
                }
                case SYMLINK -> {
                    replaceNonDirectory(target, entry.path());
                    Files.createSymbolicLink(target, Path.of(entry.linkTarget()));
                }
                case HARDLINK -> {
                    Path existing = prepareParents(TarPaths.safeRelative(entry.linkTarget()));
                    if (!Files.isRegularFile(existing, NOFOLLOW)) {
                        throw new TarException("hard link '" + entry.path() + "' points at '" + entry.linkTarget()
                                + "', which is not a regular file");
                    }
                    replaceNonDirectory(target, entry.path());
                    Files.createLink(target, existing);
                    files++;
                }
                default -> throw new TarException("unsupported archive member '" + entry.path() + "'");
            }
        }
        for (int i = directories.size() - 1; i >= 0; i--) {
            TarEntry directory = directories.get(i);
            applyMetadata(root.resolve(directory.path()), directory);
        }
        return new Stats(entries, files, bytes);
    }

    private static boolean escapes(TarEntry link) {
        try {
            TarPaths.checkLinkTarget(link.path(), link.linkTarget());
            return false;
        } catch (TarException e) {
            return true;
        }
    }

    /** Creates missing parent directories, refusing to pass through links or files. */
    private Path prepareParents(String relative) throws IOException {
        Path current = root;
        String[] parts = relative.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            current = current.resolve(parts[i]);
            if (Files.isSymbolicLink(current)) {
                throw new TarException("'" + relative + "' goes through the link '" + root.relativize(current) + "'");
            }
            if (!Files.exists(current, NOFOLLOW)) {
                Files.createDirectory(current);
            } else if (!Files.isDirectory(current, NOFOLLOW)) {
                throw new TarException("'" + relative + "' needs '" + root.relativize(current) + "' to be a directory");
            }
        }
        return current.resolve(parts[parts.length - 1]);
    }

    private static void makeDirectory(Path target, String relative) throws IOException {
        if (Files.isSymbolicLink(target)) {
            Files.delete(target);
        }
        if (Files.isDirectory(target, NOFOLLOW)) {
            return;
        }
        if (Files.exists(target, NOFOLLOW)) {
            throw new TarException("'" + relative + "' exists as a file; the archive has a directory there");
        }
        Files.createDirectory(target);
    }

    private static void replaceNonDirectory(Path target, String relative) throws IOException {
        if (Files.isDirectory(target, NOFOLLOW)) {
            throw new TarException("'" + relative + "' exists as a directory; the archive has a file or link there");
        }
        try {
            Files.deleteIfExists(target);
        } catch (FileAlreadyExistsException e) {
            throw new TarException("cannot replace '" + relative + "'");
        }
    }

    private static void applyMetadata(Path target, TarEntry entry) throws IOException {
        Files.setPosixFilePermissions(target, FileModes.of(entry.mode(), entry.type() == TarEntry.Type.DIRECTORY));
        if (entry.mtimeSeconds() > 0) {
            Files.getFileAttributeView(target, java.nio.file.attribute.BasicFileAttributeView.class, NOFOLLOW)
                    .setTimes(FileTime.fromMillis(entry.mtimeSeconds() * 1000), null, null);
        }
    }
}
