package dev.pyro.env;

import dev.pyro.PyroException;
import java.util.Comparator;
import java.util.List;

/**
 * The environments pyro knows. {@code host} is built from the host's own {@code /usr} and is
 * always installed; the Debian roots are built by {@code pyro env pull}, which this version
 * does not have yet.
 */
public final class EnvironmentCatalog {
    public static final String HOST = "host";
    public static final String CATALOG_VERSION = "1";

    private final List<Environment> environments = List.of(
            new Environment(HOST, "The host's own /usr, read-only, with a minimal generated /etc. Nothing to download.", true),
            new Environment("debian:12", "Debian 12 with git (not yet pullable in this version).", false),
            new Environment("debian:12-base", "Minimal Debian 12 userland (not yet pullable in this version).", false),
            new Environment("debian:12-build", "Debian 12 with git and common build tools (not yet pullable in this version).", false));

    public List<Environment> list() {
        return environments.stream().sorted(Comparator.comparing(Environment::name)).toList();
    }

    /** The named environment, ready to use, or an error that says what to do instead. */
    public Environment require(String name) {
        Environment environment = environments.stream()
                .filter(e -> e.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new PyroException("unknown_environment",
                        "unknown environment '" + name + "'; known: " + names(),
                        "run 'pyro env list' to see the catalog"));
        if (!environment.installed()) {
            throw new PyroException("environment_not_installed",
                    "environment '" + name + "' is in the catalog but this version of pyro cannot install it yet",
                    "use the 'host' environment (the default)");
        }
        return environment;
    }

    private String names() {
        return String.join(", ", list().stream().map(Environment::name).toList());
    }
}
