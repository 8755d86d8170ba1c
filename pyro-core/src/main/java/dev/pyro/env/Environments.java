package dev.pyro.env;

import dev.pyro.PyroException;
import dev.pyro.io.FileTrees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The environments as users manage them: list, pull, inspect, prune. Prune removes the pulled
 * environments nothing uses (no workspace, no VM) and what interrupted pulls left behind.
 */
public final class Environments {
    private final EnvironmentCatalog catalog;
    private final EnvironmentPuller puller;
    private final Supplier<Map<String, List<String>>> users;

    /** {@code users}: environment name → ids of the workspaces and VMs built on it. */
    public Environments(EnvironmentCatalog catalog, String mirror, Supplier<Map<String, List<String>>> users) {
        this.catalog = catalog;
        this.puller = new EnvironmentPuller(catalog, mirror);
        this.users = users;
    }

    /** One environment in detail: the catalog entry, its manifest when installed, and who uses it. */
    public record Details(Environment environment, EnvironmentManifest manifest, List<String> usedBy) {
    }

    /** What prune did. */
    public record Pruned(List<String> removed, List<String> kept, long freedBytes) {
    }

    public List<Environment> list() {
        return catalog.list();
    }

    public EnvironmentPuller.Pulled pull(String name, boolean force, Consumer<String> progress) {
        return puller.pull(name, force, progress);
    }

    /** Pulls {@code name} first when it is not installed; returns it ready to use. */
    public Environment ensure(String name, Consumer<String> progress) {
        Optional<Environment> known = catalog.find(name);
        if (known.isPresent() && !known.get().installed()) {
            puller.pull(name, false, progress);
        }
        return catalog.require(name);
    }

    public Details inspect(String name) {
        Environment environment = catalog.lookup(name);
        return new Details(environment, catalog.manifest(name).orElse(null), users.get().getOrDefault(name, List.of()));
    }

    public Pruned prune() {
        Map<String, List<String>> used = users.get();
        List<String> removed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        long freed = 0;
        for (Environment environment : catalog.list()) {
            if (!environment.pulled()) {
                continue;
            }
            if (used.containsKey(environment.name())) {
                kept.add(environment.name());
                continue;
            }
            try {
                FileTrees.delete(catalog.directory(catalog.spec(environment.name())));
            } catch (java.io.IOException e) {
                throw new PyroException("prune_failed", "cannot remove " + environment.name() + ": " + e.getMessage(), null);
            }
            removed.add(environment.name());
            freed += environment.sizeBytes() == null ? 0 : environment.sizeBytes();
        }
        if (catalog.cache() != null) {
            EnvironmentPuller.removeAbandonedPulls(catalog.cache());
        }
        return new Pruned(removed, kept, freed);
    }
}
