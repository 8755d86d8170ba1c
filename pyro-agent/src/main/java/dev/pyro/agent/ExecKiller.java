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
            return builder.start();
        } catch (IOException e) {
            throw new AgentRequestException(dev.pyro.protocol.Protocol.ERROR_EXEC_FAILED, "cannot start " + what + ": " + e.getMessage());
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
            List<Long> all = new ArrayList<>(find(new byte[0], -1, self));
            killed[0] = Math.max(killed[0], all.size());
            return all;
        }, "the sandbox");
        return killed[0];
    }

    private static void killUntilGone(java.util.function.Supplier<List<Long>> scan, String what) {
        for (int attempt = 0; attempt < 200; attempt++) {
            List<Long> targets = scan.get();
            if (targets.isEmpty()) {
                return;
            }
            targets.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        AgentLog.info("processes of " + what + " survived repeated SIGKILL");
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
