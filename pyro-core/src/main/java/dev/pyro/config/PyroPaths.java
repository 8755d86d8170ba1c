package dev.pyro.config;

import dev.pyro.contract.Contract;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where pyro keeps state: {@code $PYRO_HOME} (default {@code $XDG_DATA_HOME/pyro}, i.e.
 * {@code ~/.local/share/pyro}) and the cache ({@code $PYRO_CACHE_DIR}, default {@code
 * $XDG_CACHE_HOME/pyro}).
 */
public record PyroPaths(Path home, Path cache) {

    public static PyroPaths fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static PyroPaths fromEnvironment(Map<String, String> env, Path userHome) {
        Path home = firstSet(env, Contract.ENV_HOME, null);
        if (home == null) {
            Path data = firstSet(env, "XDG_DATA_HOME", userHome.resolve(".local/share"));
            home = data.resolve("pyro");
        }
        Path cache = firstSet(env, Contract.ENV_CACHE_DIR, null);
        if (cache == null) {
            cache = firstSet(env, "XDG_CACHE_HOME", userHome.resolve(".cache")).resolve("pyro");
        }
        return new PyroPaths(home.toAbsolutePath(), cache.toAbsolutePath());
    }

    private static Path firstSet(Map<String, String> env, String name, Path fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : Path.of(value);
    }

    /** Host-side files the runtime generates once and binds into sandboxes. */
    public Path runtimeDir() {
        return home.resolve("runtime");
    }

    /** Per-sandbox state (sockets, logs) of one-shot and persistent sandboxes. */
    public Path sandboxesDir() {
        return home.resolve("sandboxes");
    }

    public Path environmentsCache() {
        return cache.resolve("environments");
    }
}
