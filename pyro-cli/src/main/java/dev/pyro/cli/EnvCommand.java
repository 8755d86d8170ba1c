package dev.pyro.cli;

import dev.pyro.env.Environment;
import dev.pyro.env.EnvironmentCatalog;
import dev.pyro.env.EnvironmentPuller;
import dev.pyro.env.Environments;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "env",
        description = "The environments sandboxes are built from: 'host' (this machine's /usr) and Debian roots pulled once.",
        subcommands = {EnvCommand.ListCommand.class, EnvCommand.Pull.class, EnvCommand.Inspect.class, EnvCommand.Prune.class},
        footerHeading = "%nExamples:%n",
        footer = {"  pyro env pull debian:12-base              build it from the Debian archive (once)",
                "  pyro run debian:12-base -- cat /etc/debian_version",
                "  pyro workspace create debian:12-build      apt-get install works inside; reset drops it"})
final class EnvCommand extends CommandGroup {

    @Command(name = "list", description = "List the catalog: what is installed, its Debian version and size.")
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
                String state = !environment.installed() ? "not installed"
                        : environment.pulled() ? "installed (Debian " + environment.version() + ", " + mib(environment.sizeBytes()) + ")"
                        : "installed";
                out.printf("%-" + width + "s  %-36s  %s%n", environment.name(), state, environment.description());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "pull", description = {"Build a Debian environment from the Debian archive with mmdebstrap (once;",
            "a pull that is interrupted or fails is never used, and the next one starts clean)."})
    static final class Pull extends PyroSubcommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "debian:12, debian:12-base or debian:12-build.")
        String name;

        @Option(names = "--force", description = "Build it again even if it is installed.")
        boolean force;

        @Override
        public Integer call() {
            EnvironmentPuller.Pulled pulled = pyro().environments().pull(name, force, line -> {
                err().println("[env-pull] " + line);
                err().flush();
            });
            return print(pulled, p -> out().println((p.built() ? "Pulled " : "Already installed: ") + p.manifest().name()
                    + " (Debian " + p.manifest().debianVersion() + ", " + p.manifest().packageCount() + " packages, "
                    + mib(p.manifest().sizeBytes()) + ") in " + p.directory()));
        }
    }

    @Command(name = "inspect", description = "Show one environment: manifest, packages, digest, and what uses it.")
    static final class Inspect extends PyroSubcommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "An environment name.")
        String name;

        @Override
        public Integer call() {
            return print(pyro().environments().inspect(name), details -> {
                Environment e = details.environment();
                out().println("Environment: " + e.name());
                out().println("Description: " + e.description());
                out().println("Installed: " + (e.installed() ? "yes" : "no (pyro env pull " + e.name() + ")"));
                if (details.manifest() != null) {
                    var m = details.manifest();
                    out().println("Debian: " + m.debianVersion() + " (" + m.suite() + ", " + m.variant() + ") from " + m.mirror());
                    out().println("Packages: " + m.packageCount());
                    out().println("Size: " + mib(m.sizeBytes()) + " in " + m.fileCount() + " files");
                    out().println("Digest: " + m.contentDigest());
                    out().println("Pulled: " + m.createdAt() + " (" + m.pullSeconds() + " s)");
                    out().println("Root: " + e.rootfs());
                }
                out().println("Used by: " + (details.usedBy().isEmpty() ? "nothing" : String.join(", ", details.usedBy())));
            });
        }
    }

    @Command(name = "prune", description = "Remove pulled environments no workspace or VM uses, and what interrupted pulls left.")
    static final class Prune extends PyroSubcommand {
        @Override
        public Integer call() {
            Environments.Pruned pruned = pyro().environments().prune();
            return print(pruned, p -> {
                out().println(p.removed().isEmpty() ? "Nothing to remove." : "Removed " + String.join(", ", p.removed())
                        + " (" + mib(p.freedBytes()) + ")");
                if (!p.kept().isEmpty()) {
                    out().println("Kept (in use): " + String.join(", ", p.kept()));
                }
            });
        }
    }

    static String mib(Long bytes) {
        return bytes == null ? "?" : String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024.0));
    }
}
