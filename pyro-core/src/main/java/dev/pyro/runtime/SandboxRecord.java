package dev.pyro.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * What another process needs to find a running sandbox again: the supervising process (pid
 * plus its start time, so a reused pid is not mistaken for it), the host-side agent socket,
 * and the cgroup directories holding its limits.
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
        long startedAtMillis) {

    public SandboxRecord {
        cgroupDirs = List.copyOf(cgroupDirs);
    }
}
