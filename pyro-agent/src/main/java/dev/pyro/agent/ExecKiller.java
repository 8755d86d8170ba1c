package dev.pyro.agent;

import dev.pyro.common.ProcStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds and kills everything an exec started. Every exec runs with its own marker in the
 * environment ({@code PYRO_EXEC_ID}), which children inherit, so processes re-parented to the
 * sandbox's init are still found; descendants of the command are killed too, for those that
 * cleared their environment. A process that both clears its environment and leaves the tree
 * escapes, as a daemon escapes {@code timeout(1)}; it ends with the sandbox.
 *
 * <p>This costs nothing at start, where a {@code setsid} wrapper would cost a whole exec.
 */
final class ExecKiller {
    static final String MARKER_VARIABLE = "PYRO_EXEC_ID";
    private static final Path PROC = Path.of("/proc");

    private ExecKiller() {
    }

    /**
     * Starts {@code builder} with exactly {@code env} plus the marker by which its processes
     * are found later; {@code what} names it in the error when it cannot start.
     */
    static Process start(ProcessBuilder builder, Map<String, String> env, String markerValue, String what) {
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().put(MARKER_VARIABLE, markerValue);
        try {
            return startPreferredForOomKill(builder);
        } catch (IOException e) {
            if (startRefused(e)) {
                // The process limit is taken, by processes that outlived their command: only
                // ending the sandbox frees it (the next call starts a fresh one).
                markOverrun();
                throw new AgentRequestException(dev.pyro.protocol.Protocol.ERROR_SANDBOX_FULL, "cannot start " + what
                        + ": the sandbox's process limit is taken (a fork bomb left running?); the sandbox is ended and "
                        + "the next call starts a fresh one (/workspace is kept)");
            }
            throw new AgentRequestException(dev.pyro.protocol.Protocol.ERROR_EXEC_FAILED, "cannot start " + what + ": " + e.getMessage());
        }
    }

    private static final Path OWN_OOM_SCORE = PROC.resolve("self").resolve("oom_score_adj");

    /**
     * When the sandbox runs out of memory, the kernel must kill the command, not the agent. A
     * child inherits its OOM score when it is forked, and the command may fork at once, so the
     * agent raises its own score for the instant of the fork and lowers it back (an
     * unprivileged process may return to the score it started with).
     */
    private static synchronized Process startPreferredForOomKill(ProcessBuilder builder) throws IOException {
        boolean raised = writeOwnOomScore("1000");
        try {
            return builder.start();
        } finally {
            if (raised) {
                writeOwnOomScore("0");
            }
        }
    }

    private static boolean writeOwnOomScore(String value) {
        try {
            Files.writeString(OWN_OOM_SCORE, value, java.nio.file.StandardOpenOption.WRITE);
            return true;
        } catch (IOException e) {
            return false; // no such file on this kernel: nothing to arrange
        }
    }

    /** Kills the exec's processes, rescanning until none is left or attempts run out. */
    static void kill(String execId, long rootPid) {
        byte[] marker = (MARKER_VARIABLE + "=" + execId).getBytes(StandardCharsets.UTF_8);
        killUntilGone(() -> find(marker, rootPid, ProcessHandle.current().pid()), "exec " + execId);
    }

    /**
     * Asks the processes of a marker to end (TERM), waits up to {@code graceMs} for them to go,
     * then kills what is left.
     */
    static void terminate(String markerValue, long rootPid, long graceMs) {
        byte[] marker = (MARKER_VARIABLE + "=" + markerValue).getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        long deadline = System.nanoTime() + graceMs * 1_000_000L;
        find(marker, rootPid, self).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
        while (System.nanoTime() < deadline && !find(marker, rootPid, self).isEmpty()) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        kill(markerValue, rootPid);
    }

    /**
     * Kills every process of the sandbox except the agent and the namespace's init, and
     * returns how many there were: nothing can change the workspace afterwards but the agent.
     */
    static int killAllButAgent() {
        long self = ProcessHandle.current().pid();
        int[] killed = {0};
        killUntilGone(() -> {
            List<Long> all = find(new byte[0], -1, self);
            killed[0] = Math.max(killed[0], all.size());
            return all;
        }, "the sandbox");
        return killed[0];
    }

    /** How long killing may take before the processes count as beyond killing one by one. */
    private static final long KILL_DEADLINE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    private static volatile boolean overrun;

    /**
     * True once processes outran the killer: a fork bomb refills the process table faster than
     * they can be found and killed one at a time. Only ending the sandbox's PID namespace stops
     * them all at once, so the agent exits after answering (see {@link AgentServer}) and the
     * host starts a fresh sandbox on the next call; /workspace is kept.
     */
    static boolean overrun() {
        return overrun;
    }

    private static volatile Runnable onOverrun = () -> { };

    static synchronized void markOverrun() {
        if (!overrun) {
            overrun = true;
            onOverrun.run();
        }
    }

    /**
     * After processes were killed: can the sandbox still start one? When its process limit is
     * still taken, what holds it outlived the killer even if the last scans saw nothing.
     */
    private static boolean roomForAProcess() {
        try {
            Process probe = new ProcessBuilder("true").redirectErrorStream(true).start();
            probe.waitFor();
            return true;
        } catch (IOException e) {
            return !startRefused(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** The kernel refused a new process for lack of room (EAGAIN from fork, vfork or clone). */
    static boolean startRefused(IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("error: 11") || message.contains("Resource temporarily unavailable");
    }

    /** Run once when processes first outrun the killer, before the answer goes out. */
    static void onOverrun(Runnable action) {
        onOverrun = action;
    }

    /**
     * Empty scans in a row, 20 ms apart, that count as "all gone" once processes were dying: a
     * collapsing fork bomb can look empty for a few milliseconds and then grow back.
     */
    private static final int QUIET_SCANS = 5;

    /**
     * Killing this many processes for one command means a fork bomb, even if it looks gone: a
     * bomb can hide in processes half way through fork(), so its sandbox is ended anyway. No
     * ordinary command leaves hundreds of processes behind when it exits.
     */
    private static final int BOMB_KILLS = 256;

    /**
     * Kills what {@code scan} finds until it finds nothing. A calm exec ends on its first empty
     * scan. Once something had to be killed, an empty scan may only mean that survivors are half
     * way through fork() and not yet in /proc, so several empty scans in a row are needed, and
     * then a new process must still start.
     */
    private static void killUntilGone(java.util.function.Supplier<List<Long>> scanner, String what) {
        long deadline = System.nanoTime() + KILL_DEADLINE_NANOS;
        int quiet = 0;
        int killed = 0;
        while (System.nanoTime() < deadline && killed < BOMB_KILLS) {
            List<Long> targets = scanner.get();
            if (targets.isEmpty()) {
                if (killed == 0) {
                    return;
                }
                if (++quiet >= QUIET_SCANS) {
                    if (roomForAProcess()) {
                        return;
                    }
                    break;
                }
                pause();
                continue;
            }
            quiet = 0;
            killed += targets.size();
            targets.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            Thread.yield();
        }
        markOverrun();
        AgentLog.info("processes of " + what + (killed >= BOMB_KILLS ? " were " + killed + " and more (a fork bomb)"
                : " survived repeated SIGKILL for " + java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(KILL_DEADLINE_NANOS) + " s")
                + "; the sandbox will be ended");
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Long> find(byte[] marker, long rootPid, long self) {
        Map<Long, Long> parents = new HashMap<>();
        Set<Long> marked = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
            for (Path entry : entries) {
                long pid = parsePid(entry.getFileName().toString());
                if (pid <= 1 || pid == self) {
                    continue;
                }
                ProcStat.read(entry.resolve("stat")).filter(stat -> !stat.zombie()).ifPresent(stat -> {
                    parents.put(pid, stat.parentPid());
                    if (marker.length > 0 && hasMarker(entry.resolve("environ"), marker)) {
                        marked.add(pid);
                    }
                });
            }
        } catch (IOException e) {
            AgentLog.info("cannot scan /proc: " + e.getMessage());
        }
        List<Long> targets = new ArrayList<>();
        for (Long pid : parents.keySet()) {
            if (marker.length == 0 || marked.contains(pid) || descends(pid, rootPid, parents)) {
                targets.add(pid);
            }
        }
        return targets;
    }

    private static boolean descends(long pid, long root, Map<Long, Long> parents) {
        Long current = pid;
        for (int depth = 0; current != null && depth < 4096; depth++) {
            if (current == root) {
                return true;
            }
            current = parents.get(current);
        }
        return false;
    }

    private static boolean hasMarker(Path environ, byte[] marker) {
        byte[] data;
        try {
            data = Files.readAllBytes(environ);
        } catch (IOException e) {
            return false;
        }
        int start = 0;
        for (int i = 0; i <= data.length; i++) {
            if (i == data.length || data[i] == 0) {
                if (i - start == marker.length && java.util.Arrays.equals(data, start, i, marker, 0, marker.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    private static long parsePid(String name) {
        if (name.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(name);
    }
}
