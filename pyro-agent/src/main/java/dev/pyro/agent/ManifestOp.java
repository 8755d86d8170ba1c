package dev.pyro.agent;

import dev.pyro.common.FileModes;
import dev.pyro.protocol.DataFrames;
import dev.pyro.protocol.Fields;
import dev.pyro.protocol.FrameWriter;
import dev.pyro.protocol.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * manifest: one JSON line per entry under a directory (path relative to it, type, size,
 * mode, SHA-256 of files, link target), streamed as data frames. Hashes are cached by size,
 * modification time and inode, so a repeated manifest only reads what changed.
 */
final class ManifestOp {
    private final WorkspaceRoot workspace;
    private final Map<Path, CachedHash> hashes = new ConcurrentHashMap<>();

    ManifestOp(WorkspaceRoot workspace) {
        this.workspace = workspace;
    }

    private record CachedHash(long size, long modifiedNanos, Object fileKey, String sha256) {
    }

    void manifest(Fields request, FrameWriter writer) throws IOException {
        Path root = workspace.existing(request.string("path", ""));
        long[] count = {0};
        try (OutputStream data = DataFrames.output(writer)) {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                    if (!dir.equals(root)) {
                        try {
                            emit(dir, attributes);
                        } catch (java.nio.file.NoSuchFileException vanished) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    try {
                        emit(file, attributes);
                    } catch (java.nio.file.NoSuchFileException vanished) {
                        // Deleted or renamed by a process while the walk ran (a temp file, say):
                        // the manifest is of what is there, and it is no longer there.
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                private void emit(Path path, BasicFileAttributes attributes) throws IOException {
                    // Everything is read before anything is written, so a vanished file leaves no half line.
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("path", root.relativize(path).toString());
                    line.put("type", FileOps.typeOf(attributes));
                    line.put("mode", (long) FileModes.mode(Files.readAttributes(path, PosixFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS).permissions()));
                    if (attributes.isRegularFile()) {
                        line.put("size", attributes.size());
                        line.put("sha256", hash(path, attributes));
                    } else if (attributes.isSymbolicLink()) {
                        line.put("target", Files.readSymbolicLink(path).toString());
                    }
                    data.write((Json.write(line) + "\n").getBytes(StandardCharsets.UTF_8));
                    count[0]++;
                }
            });
        }
        Map<String, Object> result = AgentServer.ok();
        result.put("entries", count[0]);
        writer.write(result);
    }

    private String hash(Path file, BasicFileAttributes attributes) throws IOException {
        long modified = attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        CachedHash cached = hashes.get(file);
        if (cached != null && cached.size() == attributes.size() && cached.modifiedNanos() == modified
                && Objects.equals(cached.fileKey(), attributes.fileKey())) {
            return cached.sha256();
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        hashes.put(file, new CachedHash(attributes.size(), modified, attributes.fileKey(), sha));
        return sha;
    }
}
