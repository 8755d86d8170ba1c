package dev.pyro.cli;

import dev.pyro.env.Environment;
import dev.pyro.env.EnvironmentCatalog;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "env",
        description = "Inspect the environments sandboxes are built from.",
        subcommands = EnvCommand.ListCommand.class)
final class EnvCommand extends CommandGroup {

    @Command(name = "list", description = "List the catalog and what is installed ('host' always is).")
    static final class ListCommand extends PyroSubcommand {

        @Override
        public Integer call() {
            List<Environment> environments = pyro().listEnvironments();
            PrintWriter out = out();
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
