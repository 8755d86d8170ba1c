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
    /** Directories under the root already known to be real directories (created or checked). */
    private final java.util.Set<Path> knownDirectories = new java.util.HashSet<>();
    private boolean restore;
    private int unchanged;
    private int removed;

    public TarExtractor(Path root) {
        this(root, false);
    }

    /**
     * Restore mode: afterwards the root holds exactly the archive. Files whose bytes and mode
     * already match are left alone (compared by content, not by time stamps a process could
     * forge), and whatever the archive does not hold is removed. Used to reset a workspace
     * without rewriting every file.
     */
    public TarExtractor restoring() {
        this.restore = true;
        return this;
    }

    /** Restore mode: files left as they were, and entries removed. */
    public int unchanged() {
        return unchanged;
    }

    public int removed() {
        return removed;
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
        if (restore) {
            makeTraversable(root);
        }
        TarReader reader = new TarReader(archive);
        ArchivePolicy policy = new ArchivePolicy();
        List<TarEntry> directories = new ArrayList<>();
        java.util.Set<String> present = new java.util.HashSet<>();
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
            for (String path = entry.path(); path != null; path = parentOf(path)) {
                present.add(path);
            }
            Path target = prepareParents(entry.path());
            switch (entry.type()) {
                case DIRECTORY -> {
                    makeDirectory(target, entry.path());
                    directories.add(entry);
                }
                case FILE -> {
                    writeFile(target, entry, reader.content());
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
        if (restore) {
            removeAllBut(present);
        }
        for (int i = directories.size() - 1; i >= 0; i--) {
            TarEntry directory = directories.get(i);
            applyMetadata(root.resolve(directory.path()), directory);
        }
        return new Stats(entries, files, bytes);
    }

    private static final int COMPARE_LIMIT = 1 << 20;

    private void writeFile(Path target, TarEntry entry, InputStream content) throws IOException {
        if (restore && entry.size() <= COMPARE_LIMIT && Files.isRegularFile(target, NOFOLLOW)
                && Files.size(target) == entry.size()) {
            byte[] wanted = content.readAllBytes();
            if (java.util.Arrays.equals(wanted, Files.readAllBytes(target))) {
                applyMetadata(target, entry);
                unchanged++;
                return;
            }
            content = new java.io.ByteArrayInputStream(wanted);
        }
        try (OutputStream out = createNew(target, entry.path())) {
            content.transferTo(out);
        }
        applyMetadata(target, entry);
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? null : path.substring(0, slash);
    }

    /** Restore mode: directories a process made unreadable (chmod 000) must not stop the restore. */
    private static void makeTraversable(Path root) throws IOException {
        Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes a)
                    throws IOException {
                java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions = Files.getPosixFilePermissions(dir, NOFOLLOW);
                if (permissions.addAll(FileModes.of(0700, true))) {
                    Files.setPosixFilePermissions(dir, permissions);
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
    }

    /** Creates the file with O_EXCL; only when something is in the way is it examined and replaced. */
    private OutputStream createNew(Path target, String relative) throws IOException {
        try {
            return Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (FileAlreadyExistsException e) {
            replaceNonDirectory(target, relative);
            return Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** Restore mode: removes every entry under the root the archive did not hold (links are not followed). */
    private void removeAllBut(java.util.Set<String> present) throws IOException {
        List<Path> extra = new ArrayList<>();
        Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes a) {
                if (!dir.equals(root) && !present.contains(root.relativize(dir).toString())) {
                    extra.add(dir);
                    return java.nio.file.FileVisitResult.SKIP_SUBTREE;
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes a) {
                if (!present.contains(root.relativize(file).toString())) {
                    extra.add(file);
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        for (Path path : extra) {
            deleteTree(path);
            removed++;
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (Files.isDirectory(path, NOFOLLOW)) {
            Files.setPosixFilePermissions(path, FileModes.of(0700, true));
            try (java.util.stream.Stream<Path> children = Files.list(path)) {
                for (Path child : (Iterable<Path>) children::iterator) {
                    deleteTree(child);
                }
            }
        }
        Files.delete(path);
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
            if (knownDirectories.contains(current)) {
                continue;
            }
            if (Files.isSymbolicLink(current)) {
                throw new TarException("'" + relative + "' goes through the link '" + root.relativize(current) + "'");
            }
            if (!Files.exists(current, NOFOLLOW)) {
                Files.createDirectory(current);
            } else if (!Files.isDirectory(current, NOFOLLOW)) {
                throw new TarException("'" + relative + "' needs '" + root.relativize(current) + "' to be a directory");
            }
            knownDirectories.add(current);
        }
        return current.resolve(parts[parts.length - 1]);
    }

    private void makeDirectory(Path target, String relative) throws IOException {
        if (Files.isSymbolicLink(target)) {
            Files.delete(target);
        }
        if (Files.isDirectory(target, NOFOLLOW)) {
            knownDirectories.add(target);
            return;
        }
        if (Files.exists(target, NOFOLLOW)) {
            if (!restore) {
                throw new TarException("'" + relative + "' exists as a file; the archive has a directory there");
            }
            Files.delete(target);
        }
        Files.createDirectory(target);
        knownDirectories.add(target);
    }

    private void replaceNonDirectory(Path target, String relative) throws IOException {
        if (Files.isDirectory(target, NOFOLLOW)) {
            if (!restore) {
                throw new TarException("'" + relative + "' exists as a directory; the archive has a file or link there");
            }
            deleteTree(target);
            knownDirectories.removeIf(known -> known.startsWith(target));
            return;
        }
        try {
            Files.deleteIfExists(target);
        } catch (FileAlreadyExistsException e) {
            throw new TarException("cannot replace '" + relative + "'");
        }
    }

    private static void applyMetadata(Path target, TarEntry entry) throws IOException {
        java.util.Set<java.nio.file.attribute.PosixFilePermission> wanted = FileModes.of(entry.mode(), entry.type() == TarEntry.Type.DIRECTORY);
        if (!Files.getPosixFilePermissions(target, NOFOLLOW).equals(wanted)) {
            Files.setPosixFilePermissions(target, wanted);
        }
        if (entry.mtimeSeconds() > 0) {
            Files.getFileAttributeView(target, java.nio.file.attribute.BasicFileAttributeView.class, NOFOLLOW)
                    .setTimes(FileTime.fromMillis(entry.mtimeSeconds() * 1000), null, null);
        }
    }
}
