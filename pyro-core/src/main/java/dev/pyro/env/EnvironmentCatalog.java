package dev.pyro.env;

import dev.pyro.PyroException;
import dev.pyro.json.JsonSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The environments pyro knows. {@code host} is built from the host's own {@code /usr} and is
 * always installed; the Debian roots are built from the Debian archive by {@code pyro env
 * pull} into the environment cache, one directory each holding {@code rootfs/} and
 * {@code manifest.json} (written last: without it the directory does not count).
 */
public final class EnvironmentCatalog {
    public static final String HOST = "host";
    public static final String CATALOG_VERSION = "2";
    static final String ROOTFS = "rootfs";
    static final String MANIFEST = "manifest.json";

    private static final Environment HOST_ENVIRONMENT = new Environment(HOST,
            "The host's own /usr, read-only, with a minimal generated /etc. Nothing to download.", true, null, null, null);
    static final List<DebianSpec> DEBIAN = List.of(
            new DebianSpec("debian:12", "Debian 12 (bookworm) with git and CA certificates.", "bookworm", "minbase",
                    List.of("ca-certificates", "git")),
            new DebianSpec("debian:12-base", "Minimal Debian 12 (bookworm) userland: apt, coreutils, bash.", "bookworm", "minbase",
                    List.of()),
            new DebianSpec("debian:12-build", "Debian 12 (bookworm) with git and common build tools (build-essential, "
                    + "pkg-config).", "bookworm", "minbase", List.of("ca-certificates", "git", "build-essential", "pkg-config")));

    private final Path cache;

    /** Only {@code host}; the Debian environments are listed but never installed. */
    public EnvironmentCatalog() {
        this(null);
    }

    /** With the environments pulled into {@code cache}. */
    public EnvironmentCatalog(Path cache) {
        this.cache = cache;
    }

    public List<Environment> list() {
        List<Environment> all = new ArrayList<>();
        all.add(HOST_ENVIRONMENT);
        DEBIAN.forEach(spec -> all.add(describe(spec)));
        return all.stream().sorted(Comparator.comparing(Environment::name)).toList();
    }

    public Optional<Environment> find(String name) {
        return list().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The named environment, installed or not; an unknown name is an error listing the known ones. */
    public Environment lookup(String name) {
        return find(name).orElseThrow(() -> unknown(name));
    }

    /** The named environment, ready to use, or an error that says which command installs it. */
    public Environment require(String name) {
        Environment environment = lookup(name);
        if (!environment.installed()) {
            throw new PyroException("environment_not_installed", "environment '" + name + "' is not installed",
                    "pull it once with 'pyro env pull " + name + "' (or pass --pull)");
        }
        return environment;
    }

    /** How to build a Debian environment; host and unknown names are errors. */
    public DebianSpec spec(String name) {
        if (HOST.equals(name)) {
            throw PyroException.invalidArgument("'host' is built from this machine's /usr and needs no pull");
        }
        return DEBIAN.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> unknown(name));
    }

    /** The manifest of an installed Debian environment. */
    public Optional<EnvironmentManifest> manifest(String name) {
        if (cache == null || HOST.equals(name)) {
            return Optional.empty();
        }
        Path file = directory(spec(name)).resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            // One built for another catalog version counts as not installed: the next pull replaces it.
            return Optional.of(JsonSupport.read(Files.readString(file), EnvironmentManifest.class))
                    .filter(m -> CATALOG_VERSION.equals(m.catalogVersion()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Where a Debian environment lives in the cache. */
    public Path directory(DebianSpec spec) {
        if (cache == null) {
            throw new PyroException("environment_cache_unset", "this pyro has no environment cache", null);
        }
        return cache.resolve(spec.directoryName());
    }

    public Path cache() {
        return cache;
    }

    private Environment describe(DebianSpec spec) {
        Optional<EnvironmentManifest> manifest = cache == null ? Optional.empty() : manifest(spec.name());
        return manifest.map(m -> new Environment(spec.name(), spec.description(), true, directory(spec).resolve(ROOTFS),
                        m.debianVersion(), m.sizeBytes()))
                .orElseGet(() -> new Environment(spec.name(), spec.description(), false, null, null, null));
    }

    private PyroException unknown(String name) {
        return new PyroException("unknown_environment",
                "unknown environment '" + name + "'; known: " + String.join(", ", list().stream().map(Environment::name).toList()),
                "run 'pyro env list' to see the catalog");
    }
}
