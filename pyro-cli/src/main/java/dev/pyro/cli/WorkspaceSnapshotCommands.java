package dev.pyro.cli;

import dev.pyro.workspace.WorkspaceSnapshots;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** snapshot create/list/delete. */
final class WorkspaceSnapshotCommands {
    private WorkspaceSnapshotCommands() {
    }

    @Command(name = "snapshot", description = "Named checkpoints of /workspace to reset to ('baseline' always exists).",
            subcommands = {Create.class, ListAll.class, Delete.class})
    static final class SnapshotGroup implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    @Command(name = "create", description = "Save /workspace as it is now under NAME.")
    static final class Create extends PyroSubcommand {
        @Parameters(index = "0", paramLabel = "WORKSPACE", description = "Id, name or unique id prefix.")
        String workspace;

        @Parameters(index = "1", paramLabel = "NAME", description = "Snapshot name.")
        String name;

        @Override
        public Integer call() {
            return print(pyro().createSnapshot(workspace, name), s -> out().println("Created snapshot " + s.name()
                    + " (" + s.entries() + " entries, " + s.bytes() + " bytes)"));
        }
    }

    @Command(name = "list", description = "List snapshots, baseline first.")
    static final class ListAll extends PyroSubcommand {
        @Parameters(index = "0", paramLabel = "WORKSPACE", description = "Id, name or unique id prefix.")
        String workspace;

        @Override
        public Integer call() {
            return print(pyro().listSnapshots(workspace), list -> {
                for (WorkspaceSnapshots.Snapshot s : list.snapshots()) {
                    out().printf("%-20s  %-24s  %6d entries  %10d bytes%s%n", s.name(), s.createdAt(), s.entries(), s.bytes(),
                            s.implicit() ? "  (implicit)" : "");
                }
            });
        }
    }

    @Command(name = "delete", description = "Delete a named snapshot.")
    static final class Delete extends PyroSubcommand {
        @Parameters(index = "0", paramLabel = "WORKSPACE", description = "Id, name or unique id prefix.")
        String workspace;

        @Parameters(index = "1", paramLabel = "NAME", description = "Snapshot name.")
        String name;

        @Override
        public Integer call() {
            return print(pyro().deleteSnapshot(workspace, name), d -> out().println("Deleted snapshot " + d.name()));
        }
    }
}
