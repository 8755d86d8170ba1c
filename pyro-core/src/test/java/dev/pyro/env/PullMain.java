package dev.pyro.env;

import dev.pyro.Pyro;
import dev.pyro.config.PyroPaths;
import java.nio.file.Path;

/** A pull in a process of its own, for a test to kill half way: PullMain HOME CACHE NAME. */
public final class PullMain {
    private PullMain() {
    }

    public static void main(String[] args) {
        Pyro pyro = Pyro.create(new PyroPaths(Path.of(args[0]), Path.of(args[1])), null);
        pyro.environments().pull(args[2], false, System.out::println);
    }
}
