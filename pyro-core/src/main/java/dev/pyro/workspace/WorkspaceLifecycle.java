package dev.pyro.workspace;

import dev.pyro.io.FileLocks;
import dev.pyro.PyroException;
import dev.pyro.contract.Contract;
import dev.pyro.env.Environment;
import dev.pyro.io.FileTrees;
import dev.pyro.runtime.NetworkPolicy;
import dev.pyro.runtime.ResourceLimits;
import dev.pyro.runtime.Sandbox;
import dev.pyro.runtime.agent.AgentClient;
import dev.pyro.runtime.agent.AgentException;
import dev.pyro.workspace.diff.Manifests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Creating, finding, renaming, resetting and deleting workspaces. */
public final class WorkspaceLifecycle {
    /** The first generation of a workspace's copy-on-write root layer (pulled environments only). */
    static final String FIRST_ROOT_LAYER = "1";
    private final WorkspaceContext context;

    WorkspaceLifecycle(WorkspaceContext context) {
        this.context = context;
    }

    public WorkspaceInfo create(CreateRequest request) {
        Environment environment = context.catalog.require(request.environment());
        new ResourceLimits(request.vcpuCount(), request.memMib(), Contract.DEFAULT_PIDS_LIMIT);
        WorkspaceNames.checkName(request.name());
        request.labels().forEach((k, v) -> {
            WorkspaceNames.checkLabelKey(k);
            WorkspaceNames.checkLabelValue(v);
        });
        WorkspaceSecrets.check(request.secrets());
        if (request.ttlSeconds() < 0) {
            throw PyroException.invalidArgument("ttl must be 0 (never expire) or a positive number of seconds");
        }
        context.runtime.ensureAvailable();
        if (NetworkPolicy.parse(request.networkPolicy()).egress()) {
            context.runtime.ensureNetworkAvailable();
        }
        try (SeedArchive seed = request.seedPath() == null ? null : SeedArchive.prepare(request.seedPath(), context.scratch)) {
            WorkspaceRecord record = register(request, environment);
            WorkspaceLayout layout = context.store.layout(record.workspaceId());
            Sandbox sandbox = null;
            try {
                Files.createDirectories(layout.files());
                context.secrets.write(layout, request.secrets());
                sandbox = context.runtime.start(context.sandboxSpec(record));
                Sandbox started = sandbox;
                record = context.store.update(record.workspaceId(), r -> r.withSandbox(started.record()));
                WorkspaceSeed description = WorkspaceSeed.empty();
                if (seed != null) {
                    try (InputStream in = seed.open()) {
                        sandbox.agent().importTar("", in);
                    }
                    description = seed.description();
                }
                captureBaseline(seed == null ? null : sandbox.agent(), layout);
                WorkspaceSeed seeded = description;
                record = context.store.update(record.workspaceId(), r -> r.withSeed(seeded).withState(WorkspaceRecord.STARTED));
                context.event(layout, "created", seedDetails(seeded));
                return context.info(record);
            } catch (IOException | RuntimeException e) {
                if (sandbox != null) {
                    sandbox.stop();
                }
                FileTrees.deleteQuietly(layout.dir());
                if (e instanceof AgentException agent) {
                    throw WorkspaceContext.translate(record, agent);
                }
                if (e instanceof IOException io) {
                    throw new PyroException("create_failed", "cannot create the workspace: " + io.getMessage(), null);
                }
                throw (RuntimeException) e;
            }
        }
    }

    /** Claims an id and the name (unique among workspaces) and writes the first record. */
    private WorkspaceRecord register(CreateRequest request, Environment environment) {
        return FileLocks.withLock(context.store.namesLock(), () -> {
            List<WorkspaceRecord> existing = context.reapExpired();
            checkNameFree(request.name(), null, existing);
            String id = context.store.newId();
            String now = context.now();
            WorkspaceRecord record = new WorkspaceRecord(id, request.name(), request.labels(), request.environment(),
                    WorkspaceRecord.CREATING, context.runtime.executionMode(), request.vcpuCount(), request.memMib(),
                    request.networkPolicy(), request.ttlSeconds(), now, now, WorkspaceSeed.empty(), 0, null, 1, 0, null,
                    ProcessHandle.current().pid(), null, environment.pulled() ? FIRST_ROOT_LAYER : null);
            createPrivateDirectory(context.store.layout(id).dir());
            FileLocks.withLock(context.store.layout(id).lock(), () -> context.store.write(record));
            return record;
        });
    }

    /** Only the owner may enter a workspace's directory: it holds code, output and (later) secrets. */
    private static void createPrivateDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw dev.pyro.io.StateErrors.unwritable("create " + dir, e);
        }
    }

    private static void checkNameFree(String name, String exceptId, List<WorkspaceRecord> existing) {
        if (name == null) {
            return;
        }
        for (WorkspaceRecord other : existing) {
            if (name.equals(other.name()) && !other.workspaceId().equals(exceptId)) {
                throw new PyroException("name_taken", "the name '" + name + "' is already used by workspace "
                        + other.workspaceId(), "choose another name, or rename that workspace with 'pyro workspace update'");
            }
        }
    }

    /**
     * The immutable baseline: an archive of /workspace right after seeding, and its manifest.
     * Without a seed there is nothing to ask the agent for: the baseline is an empty archive.
     */
    private static void captureBaseline(AgentClient agent, WorkspaceLayout layout) throws IOException {
        Path temp = Files.createTempFile(layout.dir(), ".baseline-", ".tar");
        try (OutputStream out = Files.newOutputStream(temp)) {
            if (agent == null) {
                new dev.pyro.common.tar.TarWriter(out).finish();
            } else {
                agent.exportTar("", out);
            }
        }
        Files.move(temp, layout.baselineArchive(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Manifests.write(layout.baselineManifest(), Manifests.ofArchive(layout.baselineArchive()));
    }

    private static Map<String, Object> seedDetails(WorkspaceSeed seed) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("seed_mode", seed.mode());
        if (seed.sourcePath() != null) {
            details.put("seed_source", seed.sourcePath());
        }
        return details;
    }

    /**
     * Restores /workspace through the running (warm) agent, after killing every other process
     * so nothing can change it behind the restore; the sandbox is replaced afterwards anyway.
     * False when that agent is gone or does not answer: the new sandbox's agent restores then.
     */
    private boolean restoreWithRunningAgent(WorkspaceRecord record, Path archive) {
        Sandbox running = context.runtime.attach(record.sandbox());
        if (!running.isAlive()) {
            return false;
        }
        try {
            running.agent().killProcesses();
            restore(running.agent(), archive);
            return true;
        } catch (AgentException e) {
            return false;
        }
    }

    private static Sandbox join(java.util.concurrent.CompletableFuture<Sandbox> starting) {
        try {
            return starting.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Makes /workspace exactly the archive; files whose bytes already match are kept. */
    private static void restore(AgentClient agent, Path archive) {
        try (InputStream in = Files.newInputStream(archive)) {
            agent.importTar("", in, true);
        } catch (IOException e) {
            throw new PyroException("reset_failed", "cannot read snapshot " + archive.getFileName() + ": " + e.getMessage(), null);
        }
    }

    /** All workspaces, most recently active first. */
    public List<WorkspaceInfo> list() {
        return context.reapExpired().stream()
                .sorted(Comparator.comparing(WorkspaceRecord::lastActivityAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .map(context::info)
                .toList();
    }

    public WorkspaceInfo status(String reference) {
        return context.info(context.resolve(reference));
    }

    /** Renames and relabels: {@code name} null keeps it; labels are set, then {@code clearLabels} removed. */
    public WorkspaceInfo update(String reference, String name, Map<String, String> setLabels, List<String> clearLabels) {
        WorkspaceNames.checkName(name);
        setLabels.forEach((k, v) -> {
            WorkspaceNames.checkLabelKey(k);
            WorkspaceNames.checkLabelValue(v);
        });
        WorkspaceRecord target = context.resolve(reference);
        for (String key : clearLabels) {
            if (!target.labels().containsKey(key) && !setLabels.containsKey(key)) {
                throw PyroException.invalidArgument("workspace " + target.workspaceId() + " has no label '" + key
                        + "'; its labels: " + (target.labels().isEmpty() ? "none" : String.join(", ", target.labels().keySet())));
            }
        }
        return FileLocks.withLock(context.store.namesLock(), () -> {
            checkNameFree(name, target.workspaceId(), context.store.all());
            WorkspaceRecord updated = context.store.update(target.workspaceId(), r -> {
                Map<String, String> labels = new LinkedHashMap<>(r.labels());
                labels.putAll(setLabels);
                clearLabels.forEach(labels::remove);
                return r.withNaming(name != null ? name : r.name(), labels).withActivity(context.now());
            });
            return context.info(updated);
        });
    }

    public record Deleted(String workspaceId, String name, boolean deleted) {
    }

    public Deleted delete(String reference) {
        WorkspaceRecord record = context.resolve(reference);
        context.destroy(record);
        return new Deleted(record.workspaceId(), record.name(), true);
    }

    /** Ends the sandbox and every process in it; /workspace stays as it is. Stopping a stopped workspace is a no-op. */
    public WorkspaceInfo stop(String reference) {
        WorkspaceRecord target = context.resolve(reference);
        WorkspaceLayout layout = context.store.layout(target.workspaceId());
        WorkspaceRecord stopped = FileLocks.withLock(layout.lock(), () -> {
            WorkspaceRecord fresh = startedOrStopped(target);
            if (WorkspaceRecord.STOPPED.equals(fresh.state())) {
                return fresh;
            }
            if (fresh.sandbox() != null) {
                context.runtime.attach(fresh.sandbox()).stop();
            }
            context.runtime.findAll(layout.sandboxStates()).forEach(Sandbox::stop);
            WorkspaceRecord updated = fresh.withSandbox(null).withState(WorkspaceRecord.STOPPED).withActivity(context.now());
            context.store.write(updated);
            context.event(layout, "stop", Map.of());
            return updated;
        });
        return context.info(stopped);
    }

    /** Starts a stopped workspace's sandbox again, with /workspace as it was; a running one is left as is. */
    public WorkspaceInfo start(String reference) {
        WorkspaceRecord target = context.resolve(reference);
        WorkspaceLayout layout = context.store.layout(target.workspaceId());
        WorkspaceRecord started = FileLocks.withLock(layout.lock(), () -> {
            WorkspaceRecord fresh = startedOrStopped(target);
            if (WorkspaceRecord.STARTED.equals(fresh.state()) && fresh.sandbox() != null
                    && context.runtime.attach(fresh.sandbox()).isAlive()) {
                return fresh;
            }
            Sandbox sandbox = context.runtime.start(context.sandboxSpec(fresh));
            WorkspaceRecord updated = fresh.withSandbox(sandbox.record()).withState(WorkspaceRecord.STARTED)
                    .withActivity(context.now());
            context.store.write(updated);
            context.event(layout, "start", Map.of());
            return updated;
        });
        return context.info(started);
    }

    private WorkspaceRecord startedOrStopped(WorkspaceRecord target) {
        WorkspaceRecord fresh = context.store.read(target.workspaceId()).orElseThrow(() -> WorkspaceContext.gone(target.workspaceId()));
        if (!WorkspaceRecord.STARTED.equals(fresh.state()) && !WorkspaceRecord.STOPPED.equals(fresh.state())) {
            throw new PyroException("workspace_not_ready", "workspace " + fresh.workspaceId() + " is "
                    + WorkspaceContext.displayState(fresh), "delete it with 'pyro workspace delete " + fresh.workspaceId() + "'");
        }
        return fresh;
    }

    public record ResetResult(String workspaceId, String snapshot, int resetCount, WorkspaceInfo workspace) {
    }

    /**
     * Rebuilds the sandbox and restores /workspace from a snapshot (default the baseline).
     * Keeps identity, name, labels, snapshots and the diff baseline; clears the command
     * journal; records the reset.
     */
    public ResetResult reset(String reference, String snapshot) {
        String name = snapshot == null || snapshot.isBlank() ? WorkspaceNames.BASELINE : snapshot;
        WorkspaceRecord target = context.resolve(reference);
        WorkspaceLayout layout = context.store.layout(target.workspaceId());
        Path archive = name.equals(WorkspaceNames.BASELINE) ? layout.baselineArchive()
                : layout.snapshotArchive(WorkspaceNames.checkSnapshot(name));
        if (!Files.isRegularFile(archive)) {
            throw new PyroException("snapshot_not_found", "workspace " + target.workspaceId() + " has no snapshot '" + name + "'",
                    "list them with 'pyro workspace snapshot list " + target.workspaceId() + "'; 'baseline' always exists");
        }
        WorkspaceRecord reset = FileLocks.withLock(layout.lock(), () -> {
            WorkspaceRecord fresh = context.store.read(target.workspaceId()).orElseThrow(() -> WorkspaceContext.gone(target.workspaceId()));
            try {
                FileTrees.delete(layout.journalOutputs());
                Files.deleteIfExists(layout.journal());
            } catch (IOException e) {
                throw new PyroException("reset_failed", "cannot clear the journal: " + e.getMessage(), null);
            }
            // A fresh root layer too: what was installed into the root since the snapshot goes.
            WorkspaceRecord nextRecord = fresh.rootLayer() == null ? fresh
                    : fresh.withRootLayer(Long.toString(Long.parseLong(fresh.rootLayer()) + 1));
            // The next sandbox boots while the current agent restores /workspace.
            java.util.concurrent.CompletableFuture<Sandbox> next = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> context.runtime.start(context.sandboxSpec(nextRecord)));
            boolean restored;
            try {
                restored = fresh.sandbox() != null && restoreWithRunningAgent(fresh, archive);
            } catch (RuntimeException e) {
                next.thenAccept(Sandbox::stop);
                throw e;
            } finally {
                if (fresh.sandbox() != null) {
                    context.runtime.attach(fresh.sandbox()).stop();
                }
            }
            Sandbox sandbox = join(next);
            if (!restored) {
                try {
                    restore(sandbox.agent(), archive);
                } catch (RuntimeException e) {
                    // The new sandbox is the workspace's now; record it so it is never orphaned.
                    context.store.write(nextRecord.withSandbox(sandbox.record()));
                    throw e instanceof AgentException agent ? WorkspaceContext.translate(fresh, agent) : e;
                }
            }
            WorkspaceRecord updated = nextRecord.withSandbox(sandbox.record()).withState(WorkspaceRecord.STARTED).withReset(context.now());
            context.store.write(updated);
            if (fresh.rootLayer() != null && !fresh.rootLayer().equals(nextRecord.rootLayer())) {
                FileTrees.deleteQuietly(layout.rootLayer(fresh.rootLayer()));
            }
            context.event(layout, "reset", Map.of("snapshot", name));
            return updated;
        });
        return new ResetResult(reset.workspaceId(), name, reset.resetCount(), context.info(reset));
    }
}
