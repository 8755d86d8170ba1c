package dev.pyro.workspace;

import dev.pyro.config.PyroPaths;
import dev.pyro.env.EnvironmentCatalog;
import dev.pyro.runtime.SandboxRuntime;
import java.time.Clock;

/**
 * Persistent workspaces: the entry point to every workspace operation. Each group of
 * operations lives in its own class; this one wires them to one store and one runtime.
 */
public final class Workspaces {
    private final WorkspaceLifecycle lifecycle;
    private final WorkspaceCommands commands;
    private final WorkspaceFiles files;
    private final WorkspaceChanges changes;
    private final WorkspaceSnapshots snapshots;
    private final WorkspaceSummaries summaries;
    private final WorkspaceDisk disk;
    private final WorkspaceShells shells;
    private final WorkspaceServices services;

    public Workspaces(PyroPaths paths, SandboxRuntime runtime, EnvironmentCatalog catalog) {
        this(paths, runtime, catalog, Clock.systemUTC());
    }

    /** With a clock of the caller's choosing (tests move time forward to expire workspaces). */
    public Workspaces(PyroPaths paths, SandboxRuntime runtime, EnvironmentCatalog catalog, Clock clock) {
        WorkspaceContext context = new WorkspaceContext(new WorkspaceStore(paths.home().resolve("workspaces")), runtime,
                catalog, paths.home().resolve("scratch"), clock);
        this.lifecycle = new WorkspaceLifecycle(context);
        this.commands = new WorkspaceCommands(context);
        this.files = new WorkspaceFiles(context);
        this.changes = new WorkspaceChanges(context);
        this.snapshots = new WorkspaceSnapshots(context);
        this.summaries = new WorkspaceSummaries(context, changes);
        this.disk = new WorkspaceDisk(context);
        this.shells = new WorkspaceShells(context);
        this.services = new WorkspaceServices(context);
    }

    /** Named long-running processes with readiness checks, supervised by the sandbox's agent. */
    public WorkspaceServices services() {
        return services;
    }

    /** Interactive shells on real terminals, held by the sandbox's agent. */
    public WorkspaceShells shells() {
        return shells;
    }

    /** Offline inspection of a stopped workspace: list, read, export as an ext4 image. */
    public WorkspaceDisk disk() {
        return disk;
    }

    public WorkspaceLifecycle lifecycle() {
        return lifecycle;
    }

    public WorkspaceCommands commands() {
        return commands;
    }

    public WorkspaceFiles files() {
        return files;
    }

    public WorkspaceChanges changes() {
        return changes;
    }

    public WorkspaceSnapshots snapshots() {
        return snapshots;
    }

    public WorkspaceSummaries summaries() {
        return summaries;
    }
}
