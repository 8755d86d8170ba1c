package dev.pyro.workspace;

/** The most recent command of a workspace, for status and list. */
public record LastCommand(long sequence, String command, int exitCode) {
}
