package dev.pyro;

import dev.pyro.config.PyroPaths;
import java.nio.file.Path;

/** A {@link Pyro} whose state lives in a test's temporary directory. */
public final class TestPyro {
    private TestPyro() {
    }

    public static Pyro in(Path dir) {
        return in(dir, null);
    }

    public static Pyro in(Path dir, String limitsMode) {
        return Pyro.create(new PyroPaths(dir.resolve("home"), dir.resolve("cache")), limitsMode);
    }

    /** Deletes every workspace a test left, so a failed assertion never leaves sandboxes running. */
    public static void deleteAllWorkspaces(Pyro pyro) {
        if (pyro != null) {
            pyro.listWorkspaces().forEach(w -> pyro.deleteWorkspace(w.workspaceId()));
        }
    }
}
