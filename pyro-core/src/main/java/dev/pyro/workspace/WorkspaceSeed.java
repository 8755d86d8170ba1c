package dev.pyro.workspace;

/** How /workspace was first filled: {@code empty}, {@code directory} or {@code archive}. */
public record WorkspaceSeed(String mode, String sourcePath, long entries, long bytes) {

    public static WorkspaceSeed empty() {
        return new WorkspaceSeed("empty", null, 0, 0);
    }
}
