package dev.pyro.runtime.bwrap;

import dev.pyro.contract.Contract;
import dev.pyro.runtime.HostSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds bubblewrap: {@code $PYRO_BWRAP} when set, else {@code bwrap} on PATH. */
public final class BwrapBinary {
    private BwrapBinary() {
    }

    public static Optional<Path> locate() {
        String override = System.getenv(Contract.ENV_BWRAP);
        if (override != null && !override.isBlank()) {
            Path path = Path.of(override);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        return Optional.ofNullable(HostSystem.findExecutable("bwrap"));
    }

    /** {@code bwrap --version}, e.g. "bubblewrap 0.8.0", or empty when it cannot be run. */
    public static Optional<String> version(Path bwrap) {
        return HostSystem.version(bwrap);
    }
}
