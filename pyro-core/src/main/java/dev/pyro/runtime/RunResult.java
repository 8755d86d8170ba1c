package dev.pyro.runtime;

import java.util.List;

/**
 * What a one-shot run did. {@code stdout} and {@code stderr} are the kept head and tail
 * (empty when the output went straight to the caller's streams); the byte counts are totals.
 */
public record RunResult(
        String environment,
        String executionMode,
        List<String> command,
        int exitCode,
        boolean timedOut,
        boolean oomKilled,
        long durationMs,
        String stdout,
        String stderr,
        long stdoutBytes,
        long stderrBytes,
        boolean stdoutTruncated,
        boolean stderrTruncated,
        int vcpuCount,
        int memMib,
        String limits) {
}
