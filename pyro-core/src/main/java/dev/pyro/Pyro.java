package dev.pyro;

import dev.pyro.config.PyroPaths;
import dev.pyro.contract.Contract;
import dev.pyro.doctor.Doctor;
import dev.pyro.doctor.DoctorReport;
import dev.pyro.env.Environment;
import dev.pyro.env.EnvironmentCatalog;
import dev.pyro.env.Environments;
import dev.pyro.runtime.NetworkPolicy;
import dev.pyro.runtime.OutputHandling;
import dev.pyro.runtime.ResourceLimits;
import dev.pyro.runtime.RunResult;
import dev.pyro.runtime.RunSpec;
import dev.pyro.runtime.SandboxRuntime;
import dev.pyro.runtime.bwrap.BwrapRuntime;
import dev.pyro.runtime.host.HostCompatRuntime;
import dev.pyro.runtime.limits.LimiterSelector;
import dev.pyro.workspace.CreateRequest;
import dev.pyro.workspace.WorkspaceChanges;
import dev.pyro.workspace.WorkspaceCommands;
import dev.pyro.workspace.WorkspaceDisk;
import dev.pyro.workspace.WorkspaceFiles;
import dev.pyro.workspace.WorkspaceInfo;
import dev.pyro.workspace.WorkspaceLifecycle;
import dev.pyro.workspace.WorkspaceServices;
import dev.pyro.workspace.WorkspaceShells;
import dev.pyro.workspace.WorkspaceSnapshots;
import dev.pyro.workspace.WorkspaceSummaries;
import dev.pyro.workspace.Workspaces;
import dev.pyro.vm.Vms;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The Java SDK: the same runtime the CLI and the MCP server use.
 *
 * <pre>{@code
 * Pyro pyro = Pyro.create();
 * RunResult result = pyro.run(RunRequest.of("sh", "-c", "echo hello"));
 * }</pre>
 */
public final class Pyro {
    private final PyroPaths paths;
    private final EnvironmentCatalog catalog;
    private final Environments environments;
    private final Supplier<LimiterSelector.Selection> limiterSelection;
    private final BwrapRuntime bwrap;
    private final HostCompatRuntime hostCompat = new HostCompatRuntime();
    private final Workspaces workspaces;
    private final Vms vms;

    private Pyro(PyroPaths paths, String limitsMode) {
        this.paths = paths;
        this.catalog = new EnvironmentCatalog(paths.environmentsCache());
        this.limiterSelection = memoize(() -> LimiterSelector.select(limitsMode));
        this.bwrap = new BwrapRuntime(paths, () -> limiterSelection.get().limiter());
        this.workspaces = new Workspaces(paths, bwrap, catalog);
        this.vms = new Vms(paths.home().resolve("vms"), bwrap, catalog);
        this.environments = new Environments(catalog, System.getenv(Contract.ENV_DEBIAN_MIRROR), this::environmentUsers);
    }

    /** Environment name → the workspaces and VMs built on it. */
    private Map<String, List<String>> environmentUsers() {
        Map<String, List<String>> users = new java.util.TreeMap<>();
        for (WorkspaceInfo workspace : workspaces.lifecycle().list()) {
            users.computeIfAbsent(workspace.environment(), e -> new java.util.ArrayList<>()).add("workspace " + workspace.workspaceId());
        }
        for (String environment : vms.environmentsInUse()) {
            users.computeIfAbsent(environment, e -> new java.util.ArrayList<>()).add("vm");
        }
        return users;
    }

    /** Paths and limits from the environment ({@code PYRO_HOME}, {@code PYRO_LIMITS}, XDG dirs). */
    public static Pyro create() {
        return new Pyro(PyroPaths.fromEnvironment(), System.getenv(Contract.ENV_LIMITS));
    }

    /** {@code limitsMode}: auto, cgroup-v2, cgroup-v1 or rlimit; null means auto. */
    public static Pyro create(PyroPaths paths, String limitsMode) {
        return new Pyro(paths, limitsMode);
    }

    public static String version() {
        try (InputStream in = Pyro.class.getResourceAsStream("/pyro-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    public PyroPaths paths() {
        return paths;
    }

    public List<Environment> listEnvironments() {
        return catalog.list();
    }

    /** Pull, inspect and prune the environments ({@code pyro env ...}). */
    public Environments environments() {
        return environments;
    }

    /** Runs one command in a fresh sandbox that is gone when this returns. */
    public RunResult run(RunRequest request) {
        Environment environment = catalog.require(request.environment());
        RunSpec spec = new RunSpec(environment, request.command(), Duration.ofSeconds(request.timeoutSeconds()),
                new ResourceLimits(request.vcpuCount(), request.memMib(), Contract.DEFAULT_PIDS_LIMIT),
                request.inheritOutput() ? OutputHandling.inheritStreams() : OutputHandling.capture(request.maxOutputBytes()),
                request.network() ? NetworkPolicy.EGRESS : NetworkPolicy.OFF);
        return runtimeFor(request.allowHostCompat()).run(spec);
    }

    public DoctorReport doctor() {
        return doctor(null);
    }

    /** With {@code environment}: also whether that environment is installed and healthy. */
    public DoctorReport doctor(String environment) {
        return new Doctor(paths, bwrap, limiterSelection, catalog).report(environment);
    }

    /** The bubblewrap runtime (the only isolating runtime in this version). */
    public BwrapRuntime sandboxRuntime() {
        return bwrap;
    }

    /** Every workspace operation, grouped; the methods below are shortcuts to them. */
    public Workspaces workspaces() {
        return workspaces;
    }

    /**
     * Standalone sandboxes ("VMs"): create, start, exec (one command, then the VM is deleted),
     * stop, delete, status, network info, reap expired. Most callers want {@link #run} or a workspace.
     */
    public Vms vms() {
        return vms;
    }

    public WorkspaceInfo createWorkspace(CreateRequest request) {
        return workspaces.lifecycle().create(request);
    }

    public List<WorkspaceInfo> listWorkspaces() {
        return workspaces.lifecycle().list();
    }

    public WorkspaceInfo statusWorkspace(String workspace) {
        return workspaces.lifecycle().status(workspace);
    }

    public WorkspaceInfo updateWorkspace(String workspace, String name, Map<String, String> labels, List<String> clearLabels) {
        return workspaces.lifecycle().update(workspace, name, labels, clearLabels);
    }

    public WorkspaceLifecycle.Deleted deleteWorkspace(String workspace) {
        return workspaces.lifecycle().delete(workspace);
    }

    /** Ends the workspace's sandbox and every process in it; /workspace is kept. */
    public WorkspaceInfo stopWorkspace(String workspace) {
        return workspaces.lifecycle().stop(workspace);
    }

    /** Starts a stopped workspace again with /workspace as it was. */
    public WorkspaceInfo startWorkspace(String workspace) {
        return workspaces.lifecycle().start(workspace);
    }

    /** Stopped workspaces only: list /workspace on the host side, without following links. */
    public WorkspaceFiles.Listing listWorkspaceDisk(String workspace, String path, boolean recursive) {
        return workspaces.disk().list(workspace, path, recursive);
    }

    /** Stopped workspaces only: read a regular file of /workspace, without following links. */
    public WorkspaceFiles.Content readWorkspaceDisk(String workspace, String path, long offset, int maxBytes) {
        return workspaces.disk().read(workspace, path, offset, maxBytes);
    }

    /** Stopped workspaces only: /workspace as an ext4 image at a new host path. */
    public WorkspaceDisk.Exported exportWorkspaceDisk(String workspace, Path output) {
        return workspaces.disk().export(workspace, output);
    }

    /** Restores /workspace from a snapshot ({@code baseline} when null) in a fresh sandbox. */
    public WorkspaceLifecycle.ResetResult resetWorkspace(String workspace, String snapshot) {
        return workspaces.lifecycle().reset(workspace, snapshot);
    }

    /** Runs a shell command ({@code sh -lc}) in /workspace with the default timeout and output budget. */
    public WorkspaceCommands.ExecOutcome execWorkspace(String workspace, String command) {
        return workspaces.commands().exec(workspace, command, WorkspaceCommands.ExecOptions.defaults(), null);
    }

    public WorkspaceCommands.ExecOutcome execWorkspace(String workspace, String command, WorkspaceCommands.ExecOptions options) {
        return workspaces.commands().exec(workspace, command, options, null);
    }

    public WorkspaceCommands.Logs logsWorkspace(String workspace) {
        return workspaces.commands().logs(workspace);
    }

    /** One command's full output from the journal, {@code maxBytes} of each stream from {@code offset}. */
    public WorkspaceCommands.CommandOutput readWorkspaceCommandOutput(String workspace, long sequence, long offset, int maxBytes) {
        return workspaces.commands().output(workspace, sequence, offset, maxBytes);
    }

    public WorkspaceFiles.Synced pushWorkspaceSync(String workspace, Path source, String dest) {
        return workspaces.files().syncPush(workspace, source, dest);
    }

    public WorkspaceFiles.Listing listWorkspaceFiles(String workspace, String path, boolean recursive) {
        return workspaces.files().list(workspace, path, recursive);
    }

    public WorkspaceFiles.Content readWorkspaceFile(String workspace, String path) {
        return workspaces.files().read(workspace, path, 0, Contract.DEFAULT_FILE_READ_MAX_BYTES);
    }

    public WorkspaceFiles.Content readWorkspaceFile(String workspace, String path, int maxBytes) {
        return workspaces.files().read(workspace, path, 0, maxBytes);
    }

    /** Up to {@code maxBytes} from byte {@code offset}; {@code truncated} says more follows. */
    public WorkspaceFiles.Content readWorkspaceFile(String workspace, String path, long offset, int maxBytes) {
        return workspaces.files().read(workspace, path, offset, maxBytes);
    }

    public WorkspaceFiles.Written writeWorkspaceFile(String workspace, String path, String text) {
        return workspaces.files().write(workspace, path, text);
    }

    public WorkspaceFiles.Edited editWorkspaceFile(String workspace, String path, String oldText, String newText, boolean replaceAll) {
        return workspaces.files().edit(workspace, path, oldText, newText, replaceAll);
    }

    public WorkspaceChanges.Patched applyWorkspacePatch(String workspace, String patch) {
        return workspaces.changes().applyPatch(workspace, patch);
    }

    public WorkspaceChanges.Diff diffWorkspace(String workspace) {
        return workspaces.changes().diff(workspace);
    }

    public WorkspaceFiles.Exported exportWorkspace(String workspace, String path, Path output) {
        return workspaces.files().export(workspace, path, output);
    }

    public WorkspaceSnapshots.Snapshot createSnapshot(String workspace, String name) {
        return workspaces.snapshots().create(workspace, name);
    }

    public WorkspaceSnapshots.Snapshots listSnapshots(String workspace) {
        return workspaces.snapshots().list(workspace);
    }

    public WorkspaceSnapshots.Deleted deleteSnapshot(String workspace, String name) {
        return workspaces.snapshots().delete(workspace, name);
    }

    public WorkspaceSummaries.Summary summarizeWorkspace(String workspace) {
        return workspaces.summaries().summarize(workspace);
    }

    public WorkspaceShells.Shell openShell(String workspace) {
        return openShell(workspace, WorkspaceShells.OpenOptions.defaults());
    }

    public WorkspaceShells.Shell openShell(String workspace, WorkspaceShells.OpenOptions options) {
        return workspaces.shells().open(workspace, options);
    }

    public WorkspaceShells.Output readShell(String workspace, String shellId, WorkspaceShells.ReadOptions options) {
        return workspaces.shells().read(workspace, shellId, options);
    }

    /** Types {@code input} and a newline into the shell. */
    public WorkspaceShells.Shell writeShell(String workspace, String shellId, String input) {
        return writeShell(workspace, shellId, input, true);
    }

    public WorkspaceShells.Shell writeShell(String workspace, String shellId, String input, boolean appendNewline) {
        return workspaces.shells().write(workspace, shellId, input, appendNewline);
    }

    public WorkspaceShells.Shell signalShell(String workspace, String shellId, String signal) {
        return workspaces.shells().signal(workspace, shellId, signal);
    }

    public WorkspaceShells.Shell closeShell(String workspace, String shellId) {
        return workspaces.shells().close(workspace, shellId);
    }

    public WorkspaceShells.Shells listShells(String workspace) {
        return workspaces.shells().list(workspace);
    }

    /** Starts {@code command} as service {@code name} and waits until its readiness check passes. */
    public WorkspaceServices.Service startService(String workspace, String name, String command,
                                                  WorkspaceServices.StartOptions options) {
        return workspaces.services().start(workspace, name, command, options);
    }

    public WorkspaceServices.Services listServices(String workspace) {
        return workspaces.services().list(workspace);
    }

    public WorkspaceServices.Service statusService(String workspace, String name) {
        return workspaces.services().status(workspace, name);
    }

    public WorkspaceServices.Logs logsService(String workspace, String name, int tailLines, boolean all) {
        return workspaces.services().logs(workspace, name, tailLines, all);
    }

    public WorkspaceServices.Service stopService(String workspace, String name) {
        return workspaces.services().stop(workspace, name);
    }

    private SandboxRuntime runtimeFor(boolean allowHostCompat) {
        var failure = bwrap.availability();
        if (failure.isEmpty()) {
            return bwrap;
        }
        if (allowHostCompat) {
            return hostCompat;
        }
        PyroException reason = failure.get();
        throw new PyroException(reason.code(), reason.getMessage(),
                reason.fix() == null ? "pass --allow-host-compat to run without isolation"
                        : reason.fix() + " (or pass --allow-host-compat to run without isolation)");
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T current = value;
                if (current == null) {
                    synchronized (this) {
                        if (value == null) {
                            value = supplier.get();
                        }
                        current = value;
                    }
                }
                return current;
            }
        };
    }
}
