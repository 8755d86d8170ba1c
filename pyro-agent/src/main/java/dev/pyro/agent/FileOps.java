package dev.pyro.agent;

import dev.pyro.protocol.Fields;
import dev.pyro.protocol.FrameWriter;
import dev.pyro.protocol.Json;
import dev.pyro.protocol.Protocol;
import dev.pyro.protocol.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** file_list, file_read and files_apply, all confined to the workspace. */
final class FileOps {
    /** When the request does not say; the host always does. */
    static final int DEFAULT_LIST_LIMIT = 1000;
    static final int MAX_READ_BYTES = 16 << 20;

    private final WorkspaceRoot workspace;

    FileOps(WorkspaceRoot workspace) {
        this.workspace = workspace;
    }

    void list(Fields request, FrameWriter writer) throws IOException {
        String requested = request.string("path", "");
        boolean recursive = request.bool("recursive", false);
        int limit = request.intValue("max_entries", DEFAULT_LIST_LIMIT);
        Path lexical = workspace.resolve(requested);
        Path real = workspace.existing(requested);
        List<Map<String, Object>> entries = new ArrayList<>();
        boolean[] truncated = {false};
        if (!Files.isDirectory(real)) {
            entries.add(describe(real, lexical));
        } else {
            Files.walkFileTree(real, java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class),
                    recursive ? Integer.MAX_VALUE : 1, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                            if (!dir.equals(real) && !add(dir)) {
                                return FileVisitResult.TERMINATE;
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                            return add(file) ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            return FileVisitResult.CONTINUE;
                        }

                        private boolean add(Path path) throws IOException {
                            if (entries.size() >= limit) {
                                truncated[0] = true;
                                return false;
                            }
                            entries.add(describe(path, lexical.resolve(real.relativize(path).toString())));
                            return true;
                        }
                    });
        }
        entries.sort((a, b) -> ((String) a.get("path")).compareTo((String) b.get("path")));
        Map<String, Object> result = AgentServer.ok();
        result.put("path", lexical.toString());
        result.put("truncated", truncated[0]);
        result.put("count", (long) entries.size());
        writer.write(result, Json.write(entries).getBytes(StandardCharsets.UTF_8));
    }

    void read(Fields request, FrameWriter writer) throws IOException {
        String requested = request.string("path");
        long offset = request.longValue("offset", 0);
        int maxBytes = request.intValue("max_bytes", 65536);
        if (offset < 0 || maxBytes < 0 || maxBytes > MAX_READ_BYTES) {
            throw new ProtocolException("offset must be >= 0 and max_bytes within 0.." + MAX_READ_BYTES);
        }
        Path real = workspace.existing(requested);
        if (!Files.isRegularFile(real)) {
            throw new AgentRequestException(Protocol.ERROR_WRONG_TYPE,
                    "'" + workspace.resolve(requested) + "' is a " + typeOf(real) + ", not a regular file");
        }
        long size = Files.size(real);
        byte[] data;
        try (InputStream in = Files.newInputStream(real)) {
            in.skipNBytes(Math.min(offset, size));
            data = in.readNBytes(maxBytes);
        }
        Map<String, Object> result = AgentServer.ok();
        result.put("path", workspace.resolve(requested).toString());
        result.put("size", size);
        result.put("offset", offset);
        result.put("truncated", offset + data.length < size);
        writer.write(result, data);
    }

    /**
     * Writes and deletes several files as one step: every path is checked and every new
     * content staged in a temporary file before the first rename, so a bad path changes nothing.
     */
    void apply(Fields request, byte[] payload, FrameWriter writer) throws IOException {
        Object raw = request.map().get("changes");
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            throw new ProtocolException("field \"changes\" must be a non-empty list");
        }
        List<Change> changes = new ArrayList<>();
        int position = 0;
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> map)) {
                throw new ProtocolException("each change must be an object");
            }
            @SuppressWarnings("unchecked")
            Fields change = new Fields((Map<String, Object>) map);
            String action = change.string("action");
            String path = change.string("path");
            switch (action) {
                case "write" -> {
                    int length = change.intValue("length", 0);
                    if (length < 0 || position + length > payload.length) {
                        throw new ProtocolException("change lengths do not match the payload");
                    }
                    changes.add(new Change(path, workspace.writable(path), position, length,
                            change.has("mode") ? (int) change.longValue("mode") : -1, false));
                    position += length;
                }
                case "delete" -> {
                    Path target = workspace.writable(path);
                    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw new AgentRequestException(Protocol.ERROR_NOT_FOUND, "cannot delete '" + workspace.resolve(path)
                                + "': it does not exist");
                    }
                    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw new AgentRequestException(Protocol.ERROR_WRONG_TYPE, "cannot delete '" + workspace.resolve(path)
                                + "': it is a directory");
                    }
                    changes.add(new Change(path, target, 0, 0, -1, true));
                }
                default -> throw new ProtocolException("change action must be \"write\" or \"delete\", got \"" + action + "\"");
            }
        }
        if (position != payload.length) {
            throw new ProtocolException("change lengths do not match the payload");
        }
        List<Path> staged = new ArrayList<>();
        try {
            for (Change change : changes) {
                if (change.delete()) {
                    staged.add(null);
                    continue;
                }
                if (Files.isDirectory(change.target(), LinkOption.NOFOLLOW_LINKS)) {
                    throw new AgentRequestException(Protocol.ERROR_WRONG_TYPE,
                            "cannot write '" + workspace.resolve(change.path()) + "': it is a directory");
                }
                Files.createDirectories(change.target().getParent());
                Path temp = Files.createTempFile(change.target().getParent(), ".pyro-", ".tmp");
                staged.add(temp);
                Files.write(temp, java.util.Arrays.copyOfRange(payload, change.offset(), change.offset() + change.length()));
                Files.setPosixFilePermissions(temp, permissionsFor(change));
            }
            for (int i = 0; i < changes.size(); i++) {
                Change change = changes.get(i);
                if (change.delete()) {
                    Files.delete(change.target());
                } else {
                    Files.move(staged.get(i), change.target(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    staged.set(i, null);
                }
            }
        } finally {
            for (Path temp : staged) {
                if (temp != null) {
                    Files.deleteIfExists(temp);
                }
            }
        }
        Map<String, Object> result = AgentServer.ok();
        result.put("changed", (long) changes.size());
        writer.write(result);
    }

    private record Change(String path, Path target, int offset, int length, int mode, boolean delete) {
    }

    /** Explicit mode if given; else the mode of the file being replaced; else rw-r--r--. */
    private static Set<PosixFilePermission> permissionsFor(Change change) throws IOException {
        if (change.mode() >= 0) {
            return dev.pyro.common.FileModes.of(change.mode(), false);
        }
        if (Files.isRegularFile(change.target(), LinkOption.NOFOLLOW_LINKS)) {
            return Files.getPosixFilePermissions(change.target(), LinkOption.NOFOLLOW_LINKS);
        }
        return dev.pyro.common.FileModes.of(0644, false);
    }

    static Map<String, Object> describe(Path real, Path shown) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", shown.toString());
        entry.put("type", typeOf(attributes));
        entry.put("size", attributes.isRegularFile() ? attributes.size() : 0L);
        if (attributes.isSymbolicLink()) {
            entry.put("link_target", Files.readSymbolicLink(real).toString());
        }
        return entry;
    }

    static String typeOf(Path path) throws IOException {
        return typeOf(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    }

    static String typeOf(BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return "symlink";
        }
        if (attributes.isDirectory()) {
            return "directory";
        }
        return attributes.isRegularFile() ? "file" : "other";
    }
}
