package dev.pyro.agent;

import dev.pyro.common.Drain;
import dev.pyro.common.ProcStat;
import dev.pyro.common.Redactor;
import dev.pyro.protocol.Protocol;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One interactive shell on a real pseudo-terminal. Java cannot open a PTY itself, so
 * util-linux {@code script} does: it allocates the PTY, makes it the shell's controlling
 * terminal, and relays our pipe into the PTY's input and the PTY's output back to us. What the
 * shell sees is an ordinary terminal (job control, Ctrl-C, {@code isatty}, window size).
 */
final class PtyShell {
    static final List<String> SIGNALS = List.of("HUP", "INT", "TERM", "KILL");

    private final String id;
    private final String cwd;
    private final int cols;
    private final int rows;
    private final String openedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    private final String marker;
    private final Process process;
    private final OutputStream input;
    private final ShellOutput output;

    private PtyShell(String id, String cwd, int cols, int rows, String marker, Process process, ShellOutput output) {
        this.id = id;
        this.cwd = cwd;
        this.cols = cols;
        this.rows = rows;
        this.marker = marker;
        this.process = process;
        this.input = process.getOutputStream();
        this.output = output;
    }

    static PtyShell open(String id, String shell, String cwd, int cols, int rows, Map<String, String> env,
                         int outputCapacity, Redactor redactor) {
        String marker = "shell-" + id;
        // The size is set inside the PTY before the shell starts, so the shell never sees 0x0.
        String inside = "stty cols " + cols + " rows " + rows + " 2>/dev/null; exec " + shell + " -i";
        ProcessBuilder builder = new ProcessBuilder("script", "--quiet", "--flush", "--return",
                "--command", inside, "/dev/null")
                .directory(Path.of(cwd).toFile())
                .redirectErrorStream(true);
        Process process = ExecKiller.start(builder, env, marker, "a shell");
        ShellOutput output = new ShellOutput(outputCapacity);
        Thread drain = Drain.start(process.getInputStream(), redactor, output::append);
        Thread.ofVirtual().name("shell-finish").start(() -> {
            try {
                drain.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            output.finish();
        });
        return new PtyShell(id, cwd, cols, rows, marker, process, output);
    }

    String id() {
        return id;
    }

    ShellOutput output() {
        return output;
    }

    boolean running() {
        return process.isAlive();
    }

    void write(byte[] data) {
        if (!running()) {
            throw new AgentRequestException(Protocol.ERROR_SHELL_EXITED, "shell " + id + " has exited (code "
                    + process.exitValue() + "); open a new one");
        }
        synchronized (input) {
            try {
                input.write(data);
                input.flush();
            } catch (IOException e) {
                throw new AgentRequestException(Protocol.ERROR_SHELL_EXITED, "shell " + id + " no longer takes input: "
                        + e.getMessage());
            }
        }
    }

    /**
     * Sends {@code signal} to the terminal's foreground process group, as the keyboard would:
     * INT stops the running command, not the shell that waits for it.
     */
    void signal(String signal) {
        if (!SIGNALS.contains(signal)) {
            throw new AgentRequestException(Protocol.ERROR_BAD_REQUEST, "unknown signal '" + signal + "'; use one of " + SIGNALS);
        }
        if (!running()) {
            throw new AgentRequestException(Protocol.ERROR_SHELL_EXITED, "shell " + id + " has exited; nothing to signal");
        }
        long target = foregroundGroup().map(group -> -group).orElse(process.pid());
        Signals.send(signal, target);
    }

    private Optional<Long> foregroundGroup() {
        return process.children().findFirst()
                .flatMap(shell -> ProcStat.read(shell.pid()))
                .map(ProcStat::terminalProcessGroup)
                .filter(group -> group > 1);
    }

    /** Ends the shell and everything started from it. */
    void close() {
        ExecKiller.kill(marker, process.pid());
        try {
            input.close();
        } catch (IOException e) {
            // Already gone with the process.
        }
    }

    Map<String, Object> describe() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("shell_id", id);
        fields.put("state", running() ? "running" : "exited");
        fields.put("cwd", cwd);
        fields.put("cols", (long) cols);
        fields.put("rows", (long) rows);
        fields.put("opened_at", openedAt);
        fields.put("output_chars", output.end());
        if (!running()) {
            fields.put("exit_code", (long) process.exitValue());
        }
        return fields;
    }
}
