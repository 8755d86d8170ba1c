package dev.pyro.runtime;

import dev.pyro.PyroException;
import dev.pyro.common.Drain;
import dev.pyro.protocol.HeadTailBuffer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a launch command to completion: stdin from /dev/null, output either inherited or
 * drained from both pipes at once into head-and-tail buffers, and on timeout the whole tree
 * killed by {@code killTree} plus SIGKILL of every descendant this JVM can see.
 */
public final class OneShotProcess {
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(5);

    private OneShotProcess() {
    }

    public record Outcome(int exitCode, boolean timedOut, long durationMs,
                          HeadTailBuffer stdout, HeadTailBuffer stderr) {

        public String stdoutText() {
            return new String(stdout.render(), StandardCharsets.UTF_8);
        }

        public String stderrText() {
            return new String(stderr.render(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs once the process exists and before it may go on: the process reads one byte from its
     * stdin first (bwrap's {@code --block-fd 0}), which is written when this returns.
     */
    @FunctionalInterface
    public interface StartGate {
        void open(Process process);
    }

    public static Outcome run(List<String> argv, Map<String, String> env, Path cwd, Duration timeout,
                              OutputHandling output, Runnable killTree) {
        return run(argv, env, cwd, timeout, output, killTree, null);
    }

    public static Outcome run(List<String> argv, Map<String, String> env, Path cwd, Duration timeout,
                              OutputHandling output, Runnable killTree, StartGate gate) {
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectInput(gate == null ? ProcessBuilder.Redirect.from(new File("/dev/null")) : ProcessBuilder.Redirect.PIPE);
        if (cwd != null) {
            builder.directory(cwd.toFile());
        }
        if (env != null) {
            builder.environment().clear();
            builder.environment().putAll(env);
        }
        if (output.inherit()) {
            builder.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        HeadTailBuffer stdout = new HeadTailBuffer(output.budgetBytes());
        HeadTailBuffer stderr = new HeadTailBuffer(output.budgetBytes());
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new PyroException("run_failed", "cannot start " + argv.get(0) + ": " + e.getMessage(), null, e);
        }
        Thread outDrain = output.inherit() ? null : Drain.start(process.getInputStream(), (b, n) -> stdout.append(b, 0, n));
        Thread errDrain = output.inherit() ? null : Drain.start(process.getErrorStream(), (b, n) -> stderr.append(b, 0, n));
        if (gate != null) {
            openGate(process, gate, killTree);
        }
        boolean timedOut = false;
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                List<ProcessHandle> descendants = process.descendants().toList();
                killTree.run();
                process.destroyForcibly();
                descendants.forEach(ProcessHandle::destroyForcibly);
                process.waitFor();
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            killTree.run();
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PyroException("interrupted", "interrupted; the command was stopped", null, e);
        }
        long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Drain.join(DRAIN_GRACE, outDrain, errDrain);
        return new Outcome(process.exitValue(), timedOut, durationMs, stdout, stderr);
    }

    private static void openGate(Process process, StartGate gate, Runnable killTree) {
        try {
            gate.open(process);
            try (var stdin = process.getOutputStream()) {
                stdin.write('1');
            }
        } catch (RuntimeException | IOException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            killTree.run();
            process.destroyForcibly();
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new PyroException("run_failed", "cannot start the command: " + e.getMessage(), null, e);
        }
    }
}
