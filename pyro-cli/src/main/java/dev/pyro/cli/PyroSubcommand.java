package dev.pyro.cli;

import dev.pyro.Pyro;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** What every pyro command shares: {@code --json}, the runtime (created lazily), and output. */
abstract class PyroSubcommand implements Callable<Integer>, NeedsPyro {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    boolean json;

    private Supplier<Pyro> pyro;

    @Override
    public void pyroSupplier(Supplier<Pyro> supplier) {
        this.pyro = supplier;
    }

    Pyro pyro() {
        return pyro.get();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints {@code result} as JSON with --json, otherwise as {@code human} writes it; exit 0. */
    <T> int print(T result, Consumer<T> human) {
        if (json) {
            JsonPrinter.print(out(), result);
        } else {
            human.accept(result);
            out().flush();
            err().flush();
        }
        return 0;
    }
}
