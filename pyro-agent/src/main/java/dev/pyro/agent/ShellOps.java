package dev.pyro.agent;

import dev.pyro.common.CommandLocator;
import dev.pyro.common.Redactor;
import dev.pyro.protocol.Fields;
import dev.pyro.protocol.FrameWriter;
import dev.pyro.protocol.Json;
import dev.pyro.protocol.Protocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * shell_open, shell_read, shell_write, shell_signal, shell_close and shell_list. Shells live
 * in the agent, so they outlive the connections (and host processes) that use them.
 */
final class ShellOps {
    static final int MAX_SHELLS = 16;
    /** Characters of output each shell keeps; older output is dropped (reads say how much). */
    static final int OUTPUT_CAPACITY = 512 * 1024;
    static final int MAX_READ_CHARS = 1 << 20;
    static final long MAX_IDLE_MS = 10_000;
    static final long MAX_WAIT_MS = 30_000;

    private final Map<String, PtyShell> shells = new LinkedHashMap<>();
    private final Redactor redactor;

    ShellOps(Redactor redactor) {
        this.redactor = redactor;
    }

    void open(Fields request, FrameWriter writer) throws IOException {
        String cwd = request.string("cwd", "/workspace");
        int cols = request.intValue("cols", 120);
        int rows = request.intValue("rows", 30);
        Map<String, String> env = request.stringMap("env");
        if (!cwd.startsWith("/") || !Files.isDirectory(Path.of(cwd))) {
            throw new AgentRequestException(Protocol.ERROR_NOT_FOUND, "working directory " + cwd + " does not exist in the sandbox");
        }
        if (cols < 1 || cols > 1000 || rows < 1 || rows > 1000) {
            throw new AgentRequestException(Protocol.ERROR_BAD_REQUEST, "cols and rows must be between 1 and 1000");
        }
        if (!found("script", env, cwd)) {
            throw new AgentRequestException(Protocol.ERROR_EXEC_FAILED,
                    "this environment has no 'script' (util-linux), which pyro uses to give shells a terminal");
        }
        String shell = found("bash", env, cwd) ? "bash" : "sh";
        PtyShell opened;
        synchronized (shells) {
            if (shells.size() >= MAX_SHELLS) {
                throw new AgentRequestException(Protocol.ERROR_LIMIT, "a workspace holds at most " + MAX_SHELLS
                        + " shells; close one first");
            }
            String id = newId();
            opened = PtyShell.open(id, shell, cwd, cols, rows, env, OUTPUT_CAPACITY, redactor);
            shells.put(id, opened);
        }
        writer.write(AgentServer.ok(opened.describe()));
    }

    void read(Fields request, FrameWriter writer) throws IOException {
        PtyShell shell = find(request);
        long cursor = request.longValue("cursor", 0);
        int maxChars = request.intValue("max_chars", 65536);
        long idleMs = request.longValue("wait_for_idle_ms", 0);
        if (cursor < 0 || maxChars < 1 || maxChars > MAX_READ_CHARS || idleMs < 0 || idleMs > MAX_IDLE_MS) {
            throw new AgentRequestException(Protocol.ERROR_BAD_REQUEST, "cursor must be >= 0, max_chars 1.." + MAX_READ_CHARS
                    + " and wait_for_idle_ms 0.." + MAX_IDLE_MS);
        }
        if (idleMs > 0) {
            try {
                shell.output().awaitIdle(idleMs, MAX_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ShellOutput.Chunk chunk = shell.output().read(cursor, maxChars);
        Map<String, Object> result = AgentServer.ok(shell.describe());
        result.put("cursor", chunk.cursor());
        result.put("next_cursor", chunk.nextCursor());
        result.put("skipped_chars", chunk.skipped());
        result.put("truncated", chunk.more());
        writer.write(result, chunk.text().getBytes(StandardCharsets.UTF_8));
    }

    void write(Fields request, byte[] input, FrameWriter writer) throws IOException {
        PtyShell shell = find(request);
        shell.write(input);
        Map<String, Object> result = AgentServer.ok(shell.describe());
        result.put("written_bytes", (long) input.length);
        writer.write(result);
    }

    void signal(Fields request, FrameWriter writer) throws IOException {
        PtyShell shell = find(request);
        String signal = request.string("signal", "INT");
        shell.signal(signal);
        Map<String, Object> result = AgentServer.ok(shell.describe());
        result.put("signal", signal);
        writer.write(result);
    }

    void close(Fields request, FrameWriter writer) throws IOException {
        PtyShell shell = find(request);
        shell.close();
        synchronized (shells) {
            shells.remove(shell.id());
        }
        Map<String, Object> result = AgentServer.ok(shell.describe());
        result.put("closed", true);
        writer.write(result);
    }

    void list(FrameWriter writer) throws IOException {
        List<Map<String, Object>> described = new ArrayList<>();
        synchronized (shells) {
            shells.values().forEach(shell -> described.add(shell.describe()));
        }
        Map<String, Object> result = AgentServer.ok();
        result.put("count", (long) described.size());
        writer.write(result, Json.write(described).getBytes(StandardCharsets.UTF_8));
    }

    private PtyShell find(Fields request) {
        String id = request.string("shell_id", "");
        synchronized (shells) {
            PtyShell shell = shells.get(id);
            if (shell == null) {
                throw new AgentRequestException(Protocol.ERROR_UNKNOWN_SHELL, "no shell '" + id + "' in this workspace"
                        + (shells.isEmpty() ? " (none is open)" : "; open shells: " + String.join(", ", shells.keySet())));
            }
            return shell;
        }
    }

    private String newId() {
        String id;
        do {
            id = String.format("%08x", ThreadLocalRandom.current().nextInt());
        } while (shells.containsKey(id));
        return id;
    }

    private static boolean found(String command, Map<String, String> env, String cwd) {
        return CommandLocator.locateHere(command, env.get("PATH"), Path.of(cwd)) == CommandLocator.Lookup.FOUND;
    }
}
