package dev.pyro.cli;

import dev.pyro.Pyro;
import java.util.function.Supplier;

/** Commands that use the runtime get it lazily, so --help and --version never touch the host. */
interface NeedsPyro {
    void pyroSupplier(Supplier<Pyro> supplier);
}
