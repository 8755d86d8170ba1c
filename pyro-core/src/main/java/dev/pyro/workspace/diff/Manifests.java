package dev.pyro.workspace.diff;

import dev.pyro.common.tar.TarEntry;
import dev.pyro.common.tar.TarReader;
import dev.pyro.io.AtomicFiles;
import dev.pyro.io.JsonLines;
import dev.pyro.json.JsonSupport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Manifests of archives (the baseline and snapshots), and file contents read back from them. */
public final class Manifests {
    private Manifests() {
    }

    /** The manifest of an archive written by the agent's tar_export of a directory. */
    public static List<ManifestEntry> ofArchive(Path archive) throws IOException {
        List<ManifestEntry> entries = new ArrayList<>();
        try (InputStream in = Files.newInputStream(archive)) {
            TarReader reader = new TarReader(in);
            TarEntry entry;
            while ((entry = reader.next()) != null) {
                if (entry.path().isEmpty()) {
                    continue;
                }
                switch (entry.type()) {
                    case FILE -> entries.add(new ManifestEntry(entry.path(), "file", entry.mode() & 0777, entry.size(),
                            sha256(reader.content()), null));
                    case DIRECTORY -> entries.add(new ManifestEntry(entry.path(), "directory", entry.mode() & 0777, 0, null, null));
                    case SYMLINK -> entries.add(new ManifestEntry(entry.path(), "symlink", entry.mode() & 0777, 0, null,
                            entry.linkTarget()));
                    default -> entries.add(new ManifestEntry(entry.path(), "other", entry.mode() & 0777, 0, null, null));
                }
            }
        }
        return entries;
    }

    /** Contents of the named regular files in an archive (others are absent from the map). */
    public static Map<String, byte[]> contents(Path archive, Set<String> paths) throws IOException {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        if (paths.isEmpty()) {
            return contents;
        }
        try (InputStream in = Files.newInputStream(archive)) {
            TarReader reader = new TarReader(in);
            TarEntry entry;
            while ((entry = reader.next()) != null && contents.size() < paths.size()) {
                if (entry.type() == TarEntry.Type.FILE && paths.contains(entry.path())) {
                    contents.put(entry.path(), reader.content().readAllBytes());
                }
            }
        }
        return contents;
    }

    public static void write(Path file, List<ManifestEntry> entries) {
        StringBuilder lines = new StringBuilder();
        for (ManifestEntry entry : entries) {
            lines.append(JsonSupport.line(entry)).append('\n');
        }
        AtomicFiles.write(file, lines.toString());
    }

    public static List<ManifestEntry> read(Path file) {
        return JsonLines.read(file, ManifestEntry.class);
    }

    private static String sha256(InputStream content) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (DigestInputStream in = new DigestInputStream(content, digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
