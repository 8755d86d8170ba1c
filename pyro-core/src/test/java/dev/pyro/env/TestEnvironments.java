package dev.pyro.env;

import dev.pyro.Pyro;
import dev.pyro.config.PyroPaths;
import dev.pyro.io.FileLocks;
import dev.pyro.runtime.HostSystem;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The Debian environments tests use: pulled once per machine into a cache every test shares
 * (the {@code pyro.test.environments} property, set in the parent pom, is its PYRO_CACHE_DIR),
 * under a lock so two test JVMs never build the same one at once.
 */
public final class TestEnvironments {
    public static final String BASE = "debian:12-base";

    private TestEnvironments() {
    }

    /** The shared cache directory (environments live in its {@code environments/}). */
    public static Path cache() {
        return Path.of(System.getProperty("pyro.test.environments",
                Path.of(System.getProperty("java.io.tmpdir"), "pyro-test-environments").toString()));
    }

    /** Skips the test, saying why, where environments cannot be pulled. */
    public static void assumePullable() {
        Assumptions.assumeTrue(HostSystem.findExecutable("mmdebstrap") != null, "pulling an environment needs mmdebstrap");
        Assumptions.assumeTrue(HostSystem.currentUid() == 0, "the environment tests pull as root (mmdebstrap --mode=root)");
    }

    /** A Pyro with its state in {@code dir} and the shared environment cache, with {@code name} pulled. */
    public static Pyro pyroWith(Path dir, String name) {
        assumePullable();
        Pyro pyro = Pyro.create(new PyroPaths(dir.resolve("home"), cache()), null);
        FileLocks.withLock(cache().resolve("pull.lock"), () -> pyro.environments().pull(name, false, line -> { }));
        return pyro;
    }
}
