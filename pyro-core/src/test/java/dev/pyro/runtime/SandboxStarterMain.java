package dev.pyro.runtime;

import dev.pyro.Pyro;
import dev.pyro.config.PyroPaths;
import dev.pyro.env.EnvironmentCatalog;
import java.nio.file.Path;

/** Starts a persistent sandbox and exits, leaving the sandbox running. Args: home stateDir workspaceDir. */
public final class SandboxStarterMain {
    public static void main(String[] args) {
        Path home = Path.of(args[0]);
        Pyro pyro = Pyro.create(new PyroPaths(home, home.resolve("cache")), null);
        Sandbox sandbox = pyro.sandboxRuntime().start(new SandboxSpec("starter", Path.of(args[1]), Path.of(args[2]),
                new EnvironmentCatalog().require(EnvironmentCatalog.HOST), ResourceLimits.defaults()));
        System.out.println("started " + sandbox.record().pid());
    }
}
