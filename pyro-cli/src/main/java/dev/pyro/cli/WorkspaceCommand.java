package dev.pyro.cli;

import dev.pyro.contract.Contract;
import dev.pyro.workspace.CreateRequest;
import dev.pyro.workspace.WorkspaceInfo;
import dev.pyro.workspace.WorkspaceLifecycle;
import dev.pyro.workspace.WorkspaceNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "workspace",
        description = {
                "Persistent workspaces: a sandbox with a /workspace that lasts across calls and processes.",
                "Seed it, run commands, read and patch files, diff against the start, snapshot, reset,",
                "export, delete. Name a workspace by its id, its name, or a unique id prefix."},
        subcommands = {
                WorkspaceCommand.Create.class, WorkspaceCommand.ListAll.class, WorkspaceCommand.Status.class,
                WorkspaceCommand.Update.class, WorkspaceExecCommands.Exec.class, WorkspaceExecCommands.Logs.class,
                WorkspaceFileCommands.Sync.class, WorkspaceFileCommands.FileGroup.class, WorkspaceChangeCommands.PatchGroup.class,
                WorkspaceChangeCommands.Diff.class, WorkspaceFileCommands.Export.class, WorkspaceSnapshotCommands.SnapshotGroup.class,
                WorkspaceCommand.Reset.class, WorkspaceChangeCommands.Summary.class, WorkspaceDiskCommands.Stop.class,
                WorkspaceDiskCommands.Start.class, WorkspaceDiskCommands.DiskGroup.class, WorkspaceShellCommands.ShellGroup.class,
                WorkspaceServiceCommands.ServiceGroup.class,
                WorkspaceCommand.Delete.class},
        footerHeading = "%nA loop:%n",
        footer = {
                "  id=$(pyro workspace create --seed-path ./repo --name fix-42 --id-only)",
                "  pyro workspace exec $id -- make test",
                "  pyro workspace file read $id src/calc.c",
                "  pyro workspace patch apply $id --patch-file fix.patch",
                "  pyro workspace diff $id",
                "  pyro workspace export $id src/calc.c --output ./calc.c",
                "  pyro workspace reset $id        # back to the seed",
                "  pyro workspace delete $id"})
final class WorkspaceCommand extends CommandGroup {

    @Command(name = "create", description = "Create and start a workspace, seeded from a host directory or archive.")
    static final class Create extends PyroSubcommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "ENV", description = "Environment (default: host).")
        String environment = Contract.DEFAULT_ENVIRONMENT;

        @Option(names = "--seed-path", paramLabel = "DIR|TAR", description = "Host directory or .tar/.tar.gz/.tgz to copy into /workspace.")
        Path seedPath;

        @Option(names = "--name", paramLabel = "NAME", description = "A unique name to find the workspace by.")
        String name;

        @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label (repeatable).")
        List<String> labels = new ArrayList<>();

        @Option(names = "--vcpu-count", paramLabel = "N", description = "CPU quota in whole CPUs (default: ${DEFAULT-VALUE}).")
        int vcpuCount = Contract.DEFAULT_VCPU_COUNT;

        @Option(names = "--mem-mib", paramLabel = "N", description = "Memory limit in MiB (default: ${DEFAULT-VALUE}).")
        int memMib = Contract.DEFAULT_MEM_MIB;

        @Option(names = "--ttl-seconds", paramLabel = "N",
                description = "Remove the workspace after N seconds without changes; 0 = never (default: ${DEFAULT-VALUE}).")
        long ttlSeconds = Contract.DEFAULT_WORKSPACE_TTL_SECONDS;

        @Option(names = "--secret", paramLabel = "NAME=VALUE", description = "A secret: kept host-side (0600), redacted from "
                + "all output, handed to a process only with --secret-env. Repeatable.")
        List<String> secrets = new ArrayList<>();

        @Option(names = "--secret-file", paramLabel = "NAME=PATH", description = "A secret read from a UTF-8 host file (one "
                + "trailing newline dropped). Repeatable.")
        List<String> secretFiles = new ArrayList<>();

        @Option(names = "--network-policy", paramLabel = "POLICY", description = "off (loopback only), egress (outbound "
                + "connections, never to the host's loopback) or egress+published-ports (also service ports on the host's "
                + "127.0.0.1). Default: ${DEFAULT-VALUE}.")
        String networkPolicy = Contract.DEFAULT_NETWORK_POLICY;

        @Option(names = "--pull", description = "Pull the environment first if it is not installed (pyro env pull).")
        boolean pull;

        @Option(names = "--id-only", description = "Print only the new workspace's id.")
        boolean idOnly;

        @Override
        public Integer call() {
            if (pull) {
                pyro().environments().ensure(environment, line -> err().println("[env-pull] " + line));
            }
            CreateRequest request = CreateRequest.of(environment).withSeedPath(seedPath).withName(name)
                    .withLabels(labels).withVcpuCount(vcpuCount).withMemMib(memMib).withTtlSeconds(ttlSeconds)
                    .withNetworkPolicy(networkPolicy);
            for (String secret : secrets) {
                String[] pair = pair(secret, "--secret NAME=VALUE");
                request = request.withSecret(pair[0], pair[1]);
            }
            for (String secret : secretFiles) {
                String[] pair = pair(secret, "--secret-file NAME=PATH");
                request = request.withSecretFile(pair[0], Path.of(pair[1]));
            }
            WorkspaceInfo info = pyro().createWorkspace(request);
            if (idOnly && !json) {
                out().println(info.workspaceId());
                return 0;
            }
            return print(info, w -> WorkspacePrinter.block(out(), w));
        }
    }

    private static String[] pair(String item, String form) {
        int eq = item.indexOf('=');
        if (eq <= 0) {
            throw dev.pyro.PyroException.invalidArgument("expected " + form + " (what was given is not repeated here, "
                    + "in case it was a secret)");
        }
        return new String[] {item.substring(0, eq), item.substring(eq + 1)};
    }

    @Command(name = "list", description = "List workspaces, most recently active first (expired ones are removed first).")
    static final class ListAll extends PyroSubcommand {
        @Override
        public Integer call() {
            List<WorkspaceInfo> all = pyro().listWorkspaces();
            return print(new Listing(all.size(), all), l -> WorkspacePrinter.table(out(), l.workspaces()));
        }

        record Listing(int count, List<WorkspaceInfo> workspaces) {
        }
    }

    @Command(name = "status", description = "Show one workspace.")
    static final class Status extends PyroSubcommand {
        @CommandLine.Mixin
        WorkspaceArg target;

        @Override
        public Integer call() {
            return print(pyro().statusWorkspace(target.workspace), w -> WorkspacePrinter.block(out(), w));
        }
    }

    @Command(name = "update", description = "Rename a workspace or change its labels.")
    static final class Update extends PyroSubcommand {
        @CommandLine.Mixin
        WorkspaceArg target;

        @Option(names = "--name", paramLabel = "NAME", description = "New name.")
        String name;

        @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Set a label (repeatable).")
        List<String> labels = new ArrayList<>();

        @Option(names = "--clear-label", paramLabel = "KEY", description = "Remove a label (repeatable).")
        List<String> clearLabels = new ArrayList<>();

        @Override
        public Integer call() {
            WorkspaceInfo info = pyro().updateWorkspace(target.workspace, name, WorkspaceNames.parseLabels(labels), clearLabels);
            return print(info, w -> WorkspacePrinter.block(out(), w));
        }
    }

    @Command(name = "reset", description = {
            "Rebuild the sandbox and restore /workspace from a snapshot (default: the baseline, i.e. the seed).",
            "Keeps the id, name, labels, snapshots and the diff baseline; clears the command journal."})
    static final class Reset extends PyroSubcommand {
        @CommandLine.Mixin
        WorkspaceArg target;

        @Option(names = "--snapshot", paramLabel = "NAME", description = "Snapshot to restore (default: baseline).")
        String snapshot = WorkspaceNames.BASELINE;

        @Override
        public Integer call() {
            WorkspaceLifecycle.ResetResult result = pyro().resetWorkspace(target.workspace, snapshot);
            return print(result, r -> out().println("Reset " + r.workspaceId() + " to " + r.snapshot()
                    + " (reset #" + r.resetCount() + ")"));
        }
    }

    @Command(name = "delete", description = "Stop a workspace's sandbox and remove everything it kept.")
    static final class Delete extends PyroSubcommand {
        @CommandLine.Mixin
        WorkspaceArg target;

        @Override
        public Integer call() {
            WorkspaceLifecycle.Deleted deleted = pyro().deleteWorkspace(target.workspace);
            return print(deleted, d -> out().println("Deleted workspace " + d.workspaceId()
                    + (d.name() == null ? "" : " (" + d.name() + ")")));
        }
    }
}
