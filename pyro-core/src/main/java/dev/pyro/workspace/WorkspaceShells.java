package dev.pyro.workspace;

import dev.pyro.PyroException;
import dev.pyro.contract.Contract;
import dev.pyro.protocol.Fields;
import dev.pyro.protocol.Frame;
import dev.pyro.protocol.Protocol;
import dev.pyro.runtime.agent.AgentClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Interactive shells on real terminals, held by the sandbox's agent so they outlive the
 * process that opened them. Output is an append-only buffer read by cursor; {@code plain}
 * renders it as a person would see it, without changing what the cursors mean.
 */
public final class WorkspaceShells {
    /** A read may wait up to 30 s for output to settle; the answer gets a margin on top. */
    private static final Duration READ_DEADLINE = Duration.ofSeconds(45);
    private static final Duration CONTROL_DEADLINE = Duration.ofSeconds(15);

    private final WorkspaceContext context;

    WorkspaceShells(WorkspaceContext context) {
        this.context = context;
    }

    public record OpenOptions(String cwd, int cols, int rows, Map<String, String> secretEnv) {
        public OpenOptions {
            secretEnv = secretEnv == null ? Map.of() : Map.copyOf(secretEnv);
            if (cols < 1 || cols > Contract.MAX_SHELL_SIZE || rows < 1 || rows > Contract.MAX_SHELL_SIZE) {
                throw PyroException.invalidArgument("cols and rows must be between 1 and " + Contract.MAX_SHELL_SIZE);
            }
        }

        public static OpenOptions defaults() {
            return new OpenOptions(Contract.WORKSPACE_GUEST_PATH, Contract.DEFAULT_SHELL_COLS, Contract.DEFAULT_SHELL_ROWS, Map.of());
        }

        public OpenOptions withCwd(String value) {
            return new OpenOptions(value, cols, rows, secretEnv);
        }

        public OpenOptions withSize(int newCols, int newRows) {
            return new OpenOptions(cwd, newCols, newRows, secretEnv);
        }

        /** Secrets the shell gets as environment variables: secret name → variable name. */
        public OpenOptions withSecretEnv(Map<String, String> value) {
            return new OpenOptions(cwd, cols, rows, value);
        }
    }

    public record ReadOptions(long cursor, int maxChars, boolean plain, int waitForIdleMs) {
        public ReadOptions {
            if (cursor < 0) {
                throw PyroException.invalidArgument("cursor must be >= 0 (0 reads from the start)");
            }
            if (maxChars < 1 || maxChars > Contract.MAX_SHELL_READ_CHARS) {
                throw PyroException.invalidArgument("max chars must be between 1 and " + Contract.MAX_SHELL_READ_CHARS);
            }
            if (waitForIdleMs < 0 || waitForIdleMs > Contract.MAX_SHELL_IDLE_MS) {
                throw PyroException.invalidArgument("wait for idle must be between 0 and " + Contract.MAX_SHELL_IDLE_MS + " ms");
            }
        }

        public static ReadOptions defaults() {
            return new ReadOptions(0, Contract.DEFAULT_SHELL_READ_MAX_CHARS, false, 0);
        }

        public ReadOptions withCursor(long value) {
            return new ReadOptions(value, maxChars, plain, waitForIdleMs);
        }

        public ReadOptions withMaxChars(int value) {
            return new ReadOptions(cursor, value, plain, waitForIdleMs);
        }

        public ReadOptions withPlain(boolean value) {
            return new ReadOptions(cursor, maxChars, value, waitForIdleMs);
        }

        public ReadOptions withWaitForIdleMs(int value) {
            return new ReadOptions(cursor, maxChars, plain, value);
        }
    }

    /** A shell as the agent reports it; {@code exitCode} is set once it has exited. */
    public record Shell(String workspaceId, String shellId, String state, String cwd, int cols, int rows, String openedAt,
                        long outputChars, Integer exitCode) {
    }

    /**
     * Output from {@code cursor} to {@code nextCursor} (raw positions, in UTF-16 units, also
     * when {@code plain}). {@code truncated}: more output follows; {@code skippedChars}: output
     * before {@code cursor} that was no longer kept.
     */
    public record Output(String workspaceId, String shellId, String state, Integer exitCode, long cursor, long nextCursor,
                         boolean truncated, long skippedChars, boolean plain, String output) {
    }

    public record Shells(String workspaceId, int count, List<Shell> shells) {
    }

    public Shell open(String reference, OpenOptions options) {
        WorkspaceRecord record = context.resolve(reference);
        Map<String, Object> fields = new LinkedHashMap<>();
        String cwd = options.cwd() == null ? Contract.WORKSPACE_GUEST_PATH : options.cwd();
        fields.put("cwd", cwd.startsWith("/") ? cwd : Contract.WORKSPACE_GUEST_PATH + "/" + cwd);
        fields.put("cols", (long) options.cols());
        fields.put("rows", (long) options.rows());
        Map<String, String> env = new LinkedHashMap<>(context.secrets.environment(record, options.secretEnv()));
        env.put("TERM", "xterm-256color");
        fields.put("env", env);
        Shell shell = shell(record, send(record, Protocol.OP_SHELL_OPEN, fields, new byte[0], CONTROL_DEADLINE).header());
        context.touch(record, "shell_open", Map.of("shell_id", shell.shellId(), "cwd", shell.cwd()));
        return shell;
    }

    public Output read(String reference, String shellId, ReadOptions options) {
        WorkspaceRecord record = context.resolve(reference);
        Map<String, Object> fields = idFields(shellId);
        fields.put("cursor", options.cursor());
        fields.put("max_chars", (long) options.maxChars());
        fields.put("wait_for_idle_ms", (long) options.waitForIdleMs());
        Frame frame = send(record, Protocol.OP_SHELL_READ, fields, new byte[0], READ_DEADLINE);
        Fields h = frame.header();
        String raw = new String(frame.payload(), StandardCharsets.UTF_8);
        long next = h.longValue("next_cursor", options.cursor());
        boolean truncated = h.bool("truncated", false);
        Shell shell = shell(record, h);
        String output = raw;
        if (options.plain()) {
            // Stop before an escape sequence the read cut in two, unless no more is coming.
            int end = TerminalText.completeEnd(raw);
            if (end < raw.length() && (truncated || "running".equals(shell.state()))) {
                next -= raw.length() - end;
                truncated = true;
                raw = raw.substring(0, end);
            }
            output = TerminalText.plain(raw);
        }
        return new Output(record.workspaceId(), shell.shellId(), shell.state(), shell.exitCode(), h.longValue("cursor", 0),
                next, truncated, h.longValue("skipped_chars", 0), options.plain(), output);
    }

    /** Types {@code input} into the shell, followed by a newline unless {@code appendNewline} is false. */
    public Shell write(String reference, String shellId, String input, boolean appendNewline) {
        if (input == null) {
            throw PyroException.invalidArgument("no input given; e.g. --input 'make test'");
        }
        WorkspaceRecord record = context.resolve(reference);
        byte[] bytes = (appendNewline ? input + "\n" : input).getBytes(StandardCharsets.UTF_8);
        Shell shell = shell(record, send(record, Protocol.OP_SHELL_WRITE, idFields(shellId), bytes, CONTROL_DEADLINE).header());
        context.touch(record, "shell_write", Map.of("shell_id", shell.shellId(), "bytes", bytes.length));
        return shell;
    }

    /** Sends HUP, INT, TERM or KILL to the command running in the shell's foreground (or to the shell). */
    public Shell signal(String reference, String shellId, String signal) {
        String name = signal == null ? Contract.DEFAULT_SHELL_SIGNAL : signal.toUpperCase(java.util.Locale.ROOT).replaceFirst("^SIG", "");
        if (!Contract.SHELL_SIGNALS.contains(name)) {
            throw PyroException.invalidArgument("unknown signal '" + signal + "'; use one of " + String.join(", ", Contract.SHELL_SIGNALS));
        }
        WorkspaceRecord record = context.resolve(reference);
        Map<String, Object> fields = idFields(shellId);
        fields.put("signal", name);
        return shell(record, send(record, Protocol.OP_SHELL_SIGNAL, fields, new byte[0], CONTROL_DEADLINE).header());
    }

    /** Ends the shell and everything it started. */
    public Shell close(String reference, String shellId) {
        WorkspaceRecord record = context.resolve(reference);
        Shell shell = shell(record, send(record, Protocol.OP_SHELL_CLOSE, idFields(shellId), new byte[0], CONTROL_DEADLINE).header());
        context.touch(record, "shell_close", Map.of("shell_id", shell.shellId()));
        return shell;
    }

    public Shells list(String reference) {
        WorkspaceRecord record = context.resolve(reference);
        Frame frame = send(record, Protocol.OP_SHELL_LIST, Map.of(), new byte[0], CONTROL_DEADLINE);
        List<Shell> shells = new ArrayList<>();
        AgentClient.objects(frame).forEach(fields -> shells.add(shell(record, fields)));
        return new Shells(record.workspaceId(), shells.size(), shells);
    }

    private Frame send(WorkspaceRecord record, String op, Map<String, Object> fields, byte[] payload, Duration deadline) {
        return context.send(record, op, fields, payload, deadline, e -> switch (e.code()) {
            case Protocol.ERROR_UNKNOWN_SHELL -> new PyroException("shell_not_found", e.getMessage(),
                    "list shells with 'pyro workspace shell list " + record.workspaceId() + "'; shells end when the "
                            + "workspace is reset or stopped");
            case Protocol.ERROR_SHELL_EXITED -> new PyroException("shell_exited", e.getMessage(),
                    "read its last output with 'pyro workspace shell read', then close it");
            case Protocol.ERROR_LIMIT -> new PyroException("limit_reached", e.getMessage(),
                    "close shells you no longer need with 'pyro workspace shell close'");
            default -> null;
        });
    }

    private static Map<String, Object> idFields(String shellId) {
        if (shellId == null || shellId.isBlank()) {
            throw PyroException.invalidArgument("no shell id given; 'pyro workspace shell list ID' shows them");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("shell_id", shellId);
        return fields;
    }

    private static Shell shell(WorkspaceRecord record, Fields f) {
        return new Shell(record.workspaceId(), f.string("shell_id"), f.string("state", "running"), f.string("cwd", ""),
                f.intValue("cols", 0), f.intValue("rows", 0), f.string("opened_at", null), f.longValue("output_chars", 0),
                f.has("exit_code") ? f.intValue("exit_code", 0) : null);
    }
}
