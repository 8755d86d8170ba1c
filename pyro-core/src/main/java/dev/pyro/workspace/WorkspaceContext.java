package dev.pyro.workspace;

import dev.pyro.io.FileLocks;
import dev.pyro.PyroException;
import dev.pyro.contract.Contract;
import dev.pyro.env.Environment;
import dev.pyro.env.EnvironmentCatalog;
import dev.pyro.io.FileTrees;
import dev.pyro.io.JsonLines;
import dev.pyro.protocol.Fields;
import dev.pyro.protocol.Protocol;
import dev.pyro.runtime.HostSystem;
import dev.pyro.runtime.NetworkPolicy;
import dev.pyro.runtime.ResourceLimits;
import dev.pyro.runtime.Sandbox;
import dev.pyro.runtime.SandboxRuntime;
import dev.pyro.runtime.SandboxSpec;
import dev.pyro.runtime.agent.AgentClient;
import dev.pyro.runtime.agent.AgentException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What every workspace operation shares: the store, the runtime, the clock; finding a
 * workspace by id or name (after removing expired ones); and a running sandbox for it.
 */
final class WorkspaceContext {
    final WorkspaceStore store;
    final SandboxRuntime runtime;
    final EnvironmentCatalog catalog;
    final Path scratch;
    final WorkspaceSecrets secrets;
    private static final java.time.Duration SERVICE_COUNT_DEADLINE = java.time.Duration.ofSeconds(2);
    private final Clock clock;

    WorkspaceContext(WorkspaceStore store, SandboxRuntime runtime, EnvironmentCatalog catalog, Path scratch, Clock clock) {
        this.store = store;
        this.runtime = runtime;
        this.catalog = catalog;
        this.scratch = scratch;
        this.secrets = new WorkspaceSecrets(store);
        this.clock = clock;
    }

    String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /**
     * A workspace as it stands now. An exact id is read directly (and removed if it has
     * expired); anything else is looked up among all workspaces after removing expired ones.
     */
    WorkspaceRecord resolve(String reference) {
        if (reference != null && reference.matches("[0-9a-f]{12}")) {
            java.util.Optional<WorkspaceRecord> direct = store.read(reference);
            if (direct.isPresent()) {
                if (!expired(direct.get(), Instant.now(clock))) {
                    return direct.get();
                }
                destroy(direct.get());
            }
        }
        return WorkspaceResolver.resolve(reference, reapExpired());
    }

    private static boolean expired(WorkspaceRecord record, Instant now) {
        String expiry = expiresAt(record);
        return expiry != null && Instant.parse(expiry).isBefore(now) && !creating(record);
    }

    /** Deletes workspaces idle beyond their TTL and returns the ones that remain. */
    List<WorkspaceRecord> reapExpired() {
        Instant now = Instant.now(clock);
        List<WorkspaceRecord> all = store.all();
        List<WorkspaceRecord> remaining = new java.util.ArrayList<>();
        for (WorkspaceRecord record : all) {
            if (expired(record, now)) {
                destroy(record);
            } else {
                remaining.add(record);
            }
        }
        return remaining;
    }

    static String expiresAt(WorkspaceRecord record) {
        if (record.ttlSeconds() <= 0 || record.lastActivityAt() == null) {
            return null;
        }
        return Instant.parse(record.lastActivityAt()).plusSeconds(record.ttlSeconds()).toString();
    }

    /** Still being created by a live process (a dead creator's record counts as failed). */
    static boolean creating(WorkspaceRecord record) {
        return WorkspaceRecord.CREATING.equals(record.state()) && ProcessHandle.of(record.creatorPid()).isPresent();
    }

    static String displayState(WorkspaceRecord record) {
        if (WorkspaceRecord.CREATING.equals(record.state()) && !creating(record)) {
            return "failed";
        }
        return record.state();
    }

    WorkspaceInfo info(WorkspaceRecord record) {
        boolean running = record.sandbox() != null && HostSystem.isSameProcess(record.sandbox().pid(), record.sandbox().pidStartTime());
        Fields services = running ? serviceCounts(record) : null;
        return new WorkspaceInfo(record.workspaceId(), record.name(), record.labels(), record.environment(),
                displayState(record), record.executionMode(), Contract.WORKSPACE_GUEST_PATH, record.vcpuCount(), record.memMib(),
                record.networkPolicy(), record.ttlSeconds(), record.createdAt(), record.lastActivityAt(), expiresAt(record), record.workspaceSeed(),
                record.commandCount(), record.lastCommand(), record.resetCount(), record.lastResetAt(), running,
                services == null ? 0 : services.intValue("count", 0), services == null ? 0 : services.intValue("running_count", 0),
                secrets.names(record));
    }

    /** The agent's service counts, or null when it does not answer quickly (status must not hang on a busy sandbox). */
    private Fields serviceCounts(WorkspaceRecord record) {
        try {
            return runtime.attach(record.sandbox()).agent()
                    .send(Protocol.OP_SERVICE_LIST, Map.of(), new byte[0], SERVICE_COUNT_DEADLINE).header();
        } catch (AgentException | PyroException e) {
            return null;
        }
    }

    /**
     * A new sandbox incarnation for the workspace: its own state directory and cgroup name,
     * so the next sandbox can start while the previous one is still running (as reset does).
     */
    SandboxSpec sandboxSpec(WorkspaceRecord record) {
        WorkspaceLayout layout = store.layout(record.workspaceId());
        Environment environment = catalog.require(record.environment());
        String incarnation = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xffffffL);
        return new SandboxSpec("ws-" + record.workspaceId() + "-" + incarnation, layout.sandboxStates().resolve(incarnation),
                layout.files(), environment, new ResourceLimits(record.vcpuCount(), record.memMib(), Contract.DEFAULT_PIDS_LIMIT),
                secrets.directory(record), NetworkPolicy.parse(record.networkPolicy()),
                record.rootLayer() == null ? null : layout.rootLayer(record.rootLayer()));
    }

    /**
     * The workspace's agent, starting its sandbox again if it is gone (after a reboot, or a
     * killed process): /workspace lives on the host, so nothing in it is lost.
     */
    AgentClient agent(WorkspaceRecord record) {
        if (WorkspaceRecord.STOPPED.equals(record.state())) {
            throw new PyroException("workspace_stopped", "workspace " + record.workspaceId() + " is stopped",
                    "start it with 'pyro workspace start " + record.workspaceId() + "' (the disk commands work while it is stopped)");
        }
        if (!WorkspaceRecord.STARTED.equals(record.state())) {
            throw new PyroException("workspace_not_ready", "workspace " + record.workspaceId() + " is "
                    + displayState(record), "delete it with 'pyro workspace delete " + record.workspaceId() + "'");
        }
        if (record.sandbox() != null) {
            Sandbox sandbox = runtime.attach(record.sandbox());
            if (sandbox.isAlive()) {
                return sandbox.agent();
            }
        }
        return restart(record, null);
    }

    /**
     * A running sandbox for the workspace, under its lock: the recorded one while it is alive
     * (unless {@code agentGone} says why its agent is gone or going: killed by a process inside,
     * or ending a full sandbox), else a new one.
     */
    private AgentClient restart(WorkspaceRecord record, String agentGone) {
        WorkspaceLayout layout = store.layout(record.workspaceId());
        return FileLocks.withLock(layout.lock(), () -> {
            WorkspaceRecord fresh = store.read(record.workspaceId()).orElseThrow(() -> gone(record.workspaceId()));
            if (fresh.sandbox() != null) {
                Sandbox existing = runtime.attach(fresh.sandbox());
                boolean sameAsSeen = record.sandbox() != null && record.sandbox().id().equals(fresh.sandbox().id());
                if (existing.isAlive() && !(agentGone != null && sameAsSeen)) {
                    return existing.agent();
                }
                existing.stop();
            }
            Sandbox started = runtime.start(sandboxSpec(fresh));
            store.write(fresh.withSandbox(started.record()));
            event(layout, "sandbox_restarted", Map.of("reason", agentGone != null ? agentGone : "the sandbox was not running"));
            return started.agent();
        });
    }

    /**
     * The agent said it ends its sandbox after this answer (processes of a command outran it,
     * as a fork bomb does): stop it now, so the next call starts a fresh one instead of meeting
     * an agent on its way out. /workspace is on the host and stays.
     */
    void sandboxEnding(WorkspaceRecord record, String reason) {
        WorkspaceLayout layout = store.layout(record.workspaceId());
        FileLocks.withLock(layout.lock(), () -> {
            store.read(record.workspaceId()).map(WorkspaceRecord::sandbox).ifPresent(sandbox -> runtime.attach(sandbox).stop());
            event(layout, "sandbox_ended", Map.of("reason", reason));
        });
    }

    /**
     * Runs an agent call and turns agent failures into messages a user can act on. A sandbox
     * whose agent is gone (nothing listens, so the request never went out) is replaced and the
     * call made once more.
     */
    <T> T call(WorkspaceRecord record, Function<AgentClient, T> action) {
        AgentClient agent = agent(record);
        String reason;
        try {
            return action.apply(agent);
        } catch (AgentException e) {
            if (!(e.notListening() || e.sandboxFull()) || !WorkspaceRecord.STARTED.equals(record.state())) {
                throw translate(record, e);
            }
            reason = e.sandboxFull() ? "its process limit was taken (a fork bomb?)" : "its agent was gone";
        }
        WorkspaceRecord current = store.read(record.workspaceId()).orElseThrow(() -> gone(record.workspaceId()));
        try {
            return action.apply(restart(current, reason));
        } catch (AgentException e) {
            throw translate(record, e);
        }
    }

    /**
     * A request answered by one frame (shells, services). {@code explain} turns the
     * operation's own error codes into messages a user can act on, or returns null to leave
     * the error to the usual translation.
     */
    dev.pyro.protocol.Frame send(WorkspaceRecord record, String op, Map<String, Object> fields, byte[] payload,
                                 java.time.Duration deadline, Function<AgentException, PyroException> explain) {
        return call(record, agent -> {
            try {
                return agent.send(op, fields, payload, deadline);
            } catch (AgentException e) {
                PyroException explained = explain.apply(e);
                throw explained != null ? explained : e;
            }
        });
    }

    /** /workspace lives under PYRO_HOME: a full or read-only file system there shows up inside too. */
    private static String storageFix(String message) {
        if (message != null && (message.contains("No space left") || message.contains("Disk quota"))) {
            return "free space on the file system that holds PYRO_HOME (and so /workspace), then retry; nothing else changed";
        }
        if (message != null && message.contains("Read-only file system")) {
            return "the file system that holds PYRO_HOME (and so /workspace) is read-only; make it writable, then retry";
        }
        return null;
    }

    static PyroException translate(WorkspaceRecord record, AgentException e) {
        return switch (e.code()) {
            case "not_found" -> new PyroException("not_found", e.getMessage(), "list files with 'pyro workspace file list'");
            case "outside_workspace" -> new PyroException("path_outside_workspace", e.getMessage(),
                    "use paths inside /workspace; links that lead outside are not followed");
            case "wrong_type", "bad_request", "bad_archive", "exec_failed" -> new PyroException(e.code(), e.getMessage(), null);
            case "io_error" -> new PyroException(e.code(), e.getMessage(), storageFix(e.getMessage()));
            default -> new PyroException("sandbox_unresponsive", "the sandbox of workspace " + record.workspaceId()
                    + " failed: " + e.getMessage(), "retry, or run 'pyro workspace reset " + record.workspaceId() + "'");
        };
    }

    /** Records a change to the workspace: last activity moves, and a review event is kept. */
    void touch(WorkspaceRecord record, String kind, Map<String, Object> details) {
        store.update(record.workspaceId(), r -> r.withActivity(now()));
        event(store.layout(record.workspaceId()), kind, details);
    }

    void event(WorkspaceLayout layout, String kind, Map<String, Object> details) {
        JsonLines.append(layout.events(), new WorkspaceEvent(now(), kind, details));
    }

    /** Stops the sandbox and removes everything of a workspace. */
    void destroy(WorkspaceRecord record) {
        WorkspaceLayout layout = store.layout(record.workspaceId());
        FileLocks.withLock(layout.lock(), () -> {
            WorkspaceRecord fresh = store.read(record.workspaceId()).orElse(record);
            if (fresh.sandbox() != null) {
                runtime.attach(fresh.sandbox()).stop();
            }
            // Also sandboxes no record names: their starter died before it could say.
            runtime.findAll(layout.sandboxStates()).forEach(Sandbox::stop);
            try {
                FileTrees.delete(layout.dir());
            } catch (IOException e) {
                throw new PyroException("delete_failed", "cannot remove " + layout.dir() + ": " + e.getMessage(),
                        "remove it by hand once nothing uses it");
            }
        });
    }

    static PyroException gone(String id) {
        return new PyroException("workspace_not_found", "workspace " + id + " no longer exists (deleted by another process?)",
                "run 'pyro workspace list'");
    }
}
