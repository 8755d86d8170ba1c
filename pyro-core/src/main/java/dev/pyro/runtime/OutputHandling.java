package dev.pyro.runtime;

/**
 * Where a one-shot run's output goes: into head-and-tail buffers of {@code budgetBytes} per
 * stream, or straight to this process's own stdout and stderr (the CLI's human mode).
 */
public record OutputHandling(boolean inherit, int budgetBytes) {

    public static OutputHandling capture(int budgetBytes) {
        return new OutputHandling(false, budgetBytes);
    }

    public static OutputHandling inheritStreams() {
        return new OutputHandling(true, 0);
    }
}
