package dev.pyro.runtime;

import dev.pyro.runtime.net.NetworkHelper;
import java.nio.file.Path;
import java.util.List;

/**
 * What another process needs to find a running sandbox again: the supervising process (pid
 * plus its start time, so a reused pid is not mistaken for it), the host-side agent socket,
 * the cgroup directories holding its limits, and the network helper when it has egress
 * ({@code null} otherwise).
 */
public record SandboxRecord(
        String id,
        String executionMode,
        String environment,
        long pid,
        long pidStartTime,
        Path agentSocket,
        Path stateDir,
        List<Path> cgroupDirs,
        long startedAtMillis,
        NetworkHelper network) {

    public SandboxRecord {
        cgroupDirs = List.copyOf(cgroupDirs);
    }

    public SandboxRecord withNetwork(NetworkHelper value) {
        return new SandboxRecord(id, executionMode, environment, pid, pidStartTime, agentSocket, stateDir, cgroupDirs,
                startedAtMillis, value);
    }
}
