package dev.pyro.workspace;

/** One command of a workspace's journal; its full output is in journal/<sequence>.out/.err. */
public record JournalEntry(
        long sequence,
        String command,
        String cwd,
        String startedAt,
        long durationMs,
        int exitCode,
        boolean timedOut,
        long stdoutBytes,
        long stderrBytes) {
}
