package dev.pyro.cli;

import dev.pyro.Pyro;
import dev.pyro.env.Environment;
import dev.pyro.env.EnvironmentCatalog;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "env",
        mixinStandardHelpOptions = true,
        description = "Inspect the environments sandboxes are built from.",
        subcommands = EnvCommand.ListCommand.class)
final class EnvCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the catalog and what is installed ('host' always is).")
    static final class ListCommand implements Callable<Integer>, NeedsPyro {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--json", description = "Print the catalog as JSON.")
        boolean json;

        private Supplier<Pyro> pyro;

        @Override
        public void pyroSupplier(Supplier<Pyro> supplier) {
            this.pyro = supplier;
        }

        @Override
        public Integer call() {
            List<Environment> environments = pyro.get().listEnvironments();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                JsonPrinter.print(out, Map.of("catalog_version", EnvironmentCatalog.CATALOG_VERSION,
                        "environments", environments));
                return 0;
            }
            out.println("Catalog version: " + EnvironmentCatalog.CATALOG_VERSION);
            int width = environments.stream().mapToInt(e -> e.name().length()).max().orElse(4);
            for (Environment environment : environments) {
                out.printf("%-" + width + "s  %-13s  %s%n", environment.name(),
                        environment.installed() ? "installed" : "not installed", environment.description());
            }
            out.flush();
            return 0;
        }
    }
}
