package dev.pyro.workspace;

import dev.pyro.Pyro;
import dev.pyro.config.PyroPaths;
import java.nio.file.Path;

/** Creates a seeded workspace from a separate process (to be killed mid-way). Args: home seed. */
public final class WorkspaceCreateMain {
    public static void main(String[] args) {
        Path home = Path.of(args[0]);
        Pyro pyro = Pyro.create(new PyroPaths(home, home.resolve("cache")), null);
        System.out.println(pyro.createWorkspace(CreateRequest.of("host").withSeedPath(Path.of(args[1]))).workspaceId());
    }
}
