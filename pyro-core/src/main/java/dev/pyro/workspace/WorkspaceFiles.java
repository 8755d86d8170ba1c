package dev.pyro.workspace;

import dev.pyro.io.Digests;
import dev.pyro.common.Redactor;
import dev.pyro.PyroException;
import dev.pyro.common.tar.TarException;
import dev.pyro.common.tar.TarExtractor;
import dev.pyro.contract.Contract;
import dev.pyro.io.FileTrees;
import dev.pyro.protocol.Fields;
import dev.pyro.runtime.agent.AgentClient;
import dev.pyro.runtime.agent.AgentClient.FileChange;
import dev.pyro.workspace.diff.TextFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Model-native file operations, sync push and export; all content passes through the agent. */
public final class WorkspaceFiles {
    private final WorkspaceContext context;

    WorkspaceFiles(WorkspaceContext context) {
        this.context = context;
    }

    public record Entry(String path, String type, long sizeBytes, String linkTarget) {
    }

    public record Listing(String workspaceId, String path, boolean recursive, int count, boolean truncated, List<Entry> entries) {
    }

    public Listing list(String reference, String path, boolean recursive) {
        WorkspaceRecord record = context.resolve(reference);
        AgentClient.Listing listing = context.call(record, agent -> agent.list(orRoot(path), recursive, Contract.MAX_LIST_ENTRIES));
        List<Entry> entries = listing.entries().stream()
                .map(f -> new Entry(f.string("path"), f.string("type"), f.longValue("size", 0), f.string("link_target", null)))
                .toList();
        return new Listing(record.workspaceId(), listing.path(), recursive, entries.size(), listing.truncated(), entries);
    }

    /**
     * A file's content: text (UTF-8) when it is text, otherwise only its size and {@code
     * binary: true}. {@code truncated} says more bytes follow; read them with a larger
     * {@code maxBytes} or from {@code offset}.
     */
    public record Content(String workspaceId, String path, long sizeBytes, long offset, int bytesRead, boolean truncated,
                          boolean binary, String content) {
    }

    public Content read(String reference, String path, long offset, int maxBytes) {
        requirePath(path);
        if (maxBytes < 1 || maxBytes > Contract.MAX_FILE_BYTES) {
            throw PyroException.invalidArgument("max bytes must be between 1 and " + Contract.MAX_FILE_BYTES);
        }
        WorkspaceRecord record = context.resolve(reference);
        AgentClient.FileContent file = context.call(record, agent -> agent.read(path, offset, maxBytes));
        Optional<String> text = TextFiles.decodePrefix(file.data(), file.truncated());
        return new Content(record.workspaceId(), file.path(), file.size(), file.offset(), file.data().length, file.truncated(),
                text.isEmpty(), text.map(context.secrets.redactor(record)::redact).orElse(null));
    }

    public record Written(String workspaceId, String path, long bytes) {
    }

    /** Writes UTF-8 text to a file, creating parent directories; replaces what was there. */
    public Written write(String reference, String path, String text) {
        requirePath(path);
        if (text == null) {
            throw PyroException.invalidArgument("no text given; pass --text or --text-file");
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        checkSize(bytes.length);
        WorkspaceRecord record = context.resolve(reference);
        context.call(record, agent -> {
            agent.apply(List.of(FileChange.write(path, bytes)));
            return null;
        });
        context.touch(record, "file_write", Map.of("path", path, "bytes", bytes.length));
        return new Written(record.workspaceId(), absolute(path), bytes.length);
    }

    public record Edited(String workspaceId, String path, int replacements) {
    }

    /**
     * Replaces exact text: {@code oldText} must occur exactly once unless {@code replaceAll};
     * a miss or an ambiguity fails with where it looked, and changes nothing.
     */
    public Edited edit(String reference, String path, String oldText, String newText, boolean replaceAll) {
        requirePath(path);
        if (oldText == null || oldText.isEmpty()) {
            throw PyroException.invalidArgument("the text to replace (--old) must not be empty");
        }
        if (newText == null) {
            throw PyroException.invalidArgument("no replacement text (--new) given");
        }
        WorkspaceRecord record = context.resolve(reference);
        AgentClient.FileContent file = context.call(record, agent -> agent.read(path, 0, Contract.MAX_FILE_BYTES));
        if (file.truncated()) {
            throw PyroException.invalidArgument(path + " is larger than " + Contract.MAX_FILE_BYTES + " bytes; edit it with a command");
        }
        String text = TextFiles.decode(file.data()).orElseThrow(() -> PyroException.invalidArgument(
                path + " is a binary file; file edit works on text"));
        List<Integer> lines = occurrenceLines(text, oldText);
        if (lines.isEmpty()) {
            throw new PyroException("edit_no_match", "the text to replace was not found in " + absolute(path) + hint(text, oldText),
                    "read the file again and copy the exact text, including whitespace; nothing was changed");
        }
        if (lines.size() > 1 && !replaceAll) {
            throw new PyroException("edit_ambiguous", "the text to replace occurs " + lines.size() + " times in " + absolute(path)
                    + " (lines " + lines.stream().limit(10).map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("") + ")",
                    "include more surrounding text to make it unique, or replace every occurrence with --replace-all;"
                            + " nothing was changed");
        }
        String updated = replaceAll ? text.replace(oldText, newText) : text.replaceFirst(java.util.regex.Pattern.quote(oldText),
                java.util.regex.Matcher.quoteReplacement(newText));
        byte[] bytes = updated.getBytes(StandardCharsets.UTF_8);
        checkSize(bytes.length);
        context.call(record, agent -> {
            agent.apply(List.of(FileChange.write(path, bytes)));
            return null;
        });
        int replacements = replaceAll ? lines.size() : 1;
        context.touch(record, "file_edit", Map.of("path", path, "replacements", replacements));
        return new Edited(record.workspaceId(), absolute(path), replacements);
    }

    private static List<Integer> occurrenceLines(String text, String needle) {
        List<Integer> lines = new ArrayList<>();
        int from = 0;
        int index;
        while ((index = text.indexOf(needle, from)) >= 0) {
            lines.add(1 + (int) text.substring(0, index).chars().filter(c -> c == '\n').count());
            from = index + needle.length();
        }
        return lines;
    }

    /** When only whitespace differs, say where the text is, so the model can fix its copy. */
    private static String hint(String text, String oldText) {
        String firstLine = oldText.strip().lines().findFirst().orElse("").strip();
        if (firstLine.isEmpty()) {
            return "";
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().equals(firstLine)) {
                return "; a line with the same text but different whitespace is at line " + (i + 1);
            }
        }
        return "";
    }

    public record Synced(String workspaceId, String source, String dest, long entries, long files, long bytes) {
    }

    /** Copies a host directory or archive into the workspace (not atomic: on failure, reset). */
    public Synced syncPush(String reference, Path source, String dest) {
        WorkspaceRecord record = context.resolve(reference);
        String target = dest == null || dest.isBlank() ? Contract.WORKSPACE_GUEST_PATH : dest;
        try (SeedArchive archive = SeedArchive.prepare(source, context.scratch); InputStream in = archive.open()) {
            Fields result = context.call(record, agent -> agent.importTar(target, in));
            context.touch(record, "sync_push", Map.of("source", archive.description().sourcePath(), "dest", target));
            return new Synced(record.workspaceId(), archive.description().sourcePath(), absolute(target),
                    result.longValue("entries", 0), result.longValue("files", 0), result.longValue("bytes", 0));
        } catch (IOException e) {
            throw new PyroException("seed_unreadable", "cannot read '" + source + "': " + e.getMessage(), null);
        }
    }

    /**
     * {@code skippedLinks}: links that point outside the exported tree, left out so the host never
     * gets them. {@code redactedFiles}: files in which a secret's value was replaced by
     * {@code [REDACTED]} on the way out.
     */
    public record Exported(String workspaceId, String path, String output, String kind, long entries, long bytes,
                           List<String> skippedLinks, List<String> redactedFiles) {
    }

    /**
     * Copies a file or directory out of the workspace to a new host path. The archive is
     * checked and unpacked beside the output first, then moved into place, so the output
     * appears whole or not at all, and nothing in it leads outside it.
     */
    /** Secrets never leave in clear: their values in exported files become [REDACTED] (paths relative to the export). */
    private static List<String> redactSecrets(Path unpacked, Redactor redactor) throws IOException {
        List<String> redacted = new java.util.ArrayList<>();
        if (!redactor.active()) {
            return redacted;
        }
        try (Stream<Path> files = Files.walk(unpacked)) {
            for (Path file : (Iterable<Path>) files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))::iterator) {
                if (redactFile(file, redactor)) {
                    redacted.add(unpacked.relativize(file).toString());
                }
            }
        }
        return redacted;
    }

    /** Streams the file through the redactor into a sibling; keeps the result only when it differs. */
    private static boolean redactFile(Path file, Redactor redactor) throws IOException {
        Path clean = file.resolveSibling(file.getFileName() + ".pyro-redacting");
        java.security.MessageDigest before = Digests.sha256();
        java.security.MessageDigest after = Digests.sha256();
        try (InputStream in = Files.newInputStream(file); OutputStream out = Files.newOutputStream(clean)) {
            Redactor.Stream stream = redactor.stream((bytes, length) -> {
                after.update(bytes, 0, length);
                try {
                    out.write(bytes, 0, length);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                before.update(buffer, 0, n);
                stream.accept(buffer, n);
            }
            stream.finish();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        if (java.security.MessageDigest.isEqual(before.digest(), after.digest())) {
            Files.delete(clean);
            return false;
        }
        Files.setPosixFilePermissions(clean, Files.getPosixFilePermissions(file));
        Files.move(clean, file, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    public Exported export(String reference, String path, Path output) {
        requirePath(path);
        Path target = output.toAbsolutePath().normalize();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw PyroException.invalidArgument(output + " already exists; export to a new path (pyro never overwrites host files)");
        }
        if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            throw PyroException.invalidArgument("the directory " + target.getParent() + " does not exist");
        }
        WorkspaceRecord record = context.resolve(reference);
        Path staging = null;
        try {
            staging = Files.createTempDirectory(target.getParent(), ".pyro-export-");
            Path archive = staging.resolve("archive.tar");
            Fields result;
            try (OutputStream out = Files.newOutputStream(archive)) {
                result = context.call(record, agent -> agent.exportTar(path, out));
            }
            Path unpacked = Files.createDirectory(staging.resolve("unpacked"));
            TarExtractor extractor = new TarExtractor(unpacked, true);
            try (InputStream in = Files.newInputStream(archive)) {
                extractor.extract(in);
            }
            List<String> redacted = redactSecrets(unpacked, context.secrets.redactor(record));
            String kind = result.string("kind", "directory");
            Path produced = unpacked;
            if (kind.equals("file")) {
                try (Stream<Path> children = Files.list(unpacked)) {
                    produced = children.findFirst().orElseThrow(() -> new IOException("the export archive was empty"));
                }
            }
            Files.move(produced, target, StandardCopyOption.ATOMIC_MOVE);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("path", path);
            details.put("output", target.toString());
            context.event(context.store.layout(record.workspaceId()), "export", details);
            return new Exported(record.workspaceId(), absolute(path), target.toString(), kind,
                    result.longValue("entries", 0), result.longValue("bytes", 0), extractor.skippedLinks(), redacted);
        } catch (TarException e) {
            throw new PyroException("bad_archive", "the workspace sent an archive that breaks the rules: " + e.getMessage(), null);
        } catch (IOException e) {
            throw new PyroException("export_failed", "cannot export to " + target + ": " + e.getMessage(), null);
        } finally {
            FileTrees.deleteQuietly(staging);
        }
    }

    private static void requirePath(String path) {
        if (path == null || path.isBlank()) {
            throw PyroException.invalidArgument("no path given; paths are inside /workspace, e.g. src/main.py");
        }
    }

    private static void checkSize(int bytes) {
        if (bytes > Contract.MAX_FILE_BYTES) {
            throw PyroException.invalidArgument("the content is " + bytes + " bytes; file write takes at most "
                    + Contract.MAX_FILE_BYTES + " (use sync push for larger files)");
        }
    }

    private static String orRoot(String path) {
        return path == null || path.isBlank() ? Contract.WORKSPACE_GUEST_PATH : path;
    }

    /** A workspace path as users see it: /workspace/... */
    static String absolute(String path) {
        if (path.startsWith("/")) {
            return Path.of(path).normalize().toString();
        }
        return Path.of(Contract.WORKSPACE_GUEST_PATH).resolve(path).normalize().toString();
    }
}
