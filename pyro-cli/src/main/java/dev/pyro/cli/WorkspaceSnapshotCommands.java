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
    static final class SnapshotGroup extends CommandGroup {
    }

    @Command(name = "create", description = "Save /workspace as it is now under NAME.")
    static final class Create extends PyroSubcommand {
        @CommandLine.Mixin
        WorkspaceArg target;

        @Parameters(index = "1", paramLabel = "NAME", description = "Snapshot name.")
        String name;

        @Override
        public Integer call() {
            return print(pyro().createSnapshot(target.workspace, name), s -> out().println("Created snapshot " + s.name()
                    + " (" + s.entries() + " entries, " + s.bytes() + " bytes)"));
        }
    }

    @Command(name = "list", description = "List snapshots, baseline first.")
    static final class ListAll extends PyroSubcommand {
        @CommandLine.Mixin
        WorkspaceArg target;

        @Override
        public Integer call() {
            return print(pyro().listSnapshots(target.workspace), list -> {
                for (WorkspaceSnapshots.Snapshot s : list.snapshots()) {
                    out().printf("%-20s  %-24s  %6d entries  %10d bytes%s%n", s.name(), s.createdAt(), s.entries(), s.bytes(),
                            s.implicit() ? "  (implicit)" : "");
                }
            });
        }
    }

    @Command(name = "delete", description = "Delete a named snapshot.")
    static final class Delete extends PyroSubcommand {
        @CommandLine.Mixin
        WorkspaceArg target;

        @Parameters(index = "1", paramLabel = "NAME", description = "Snapshot name.")
        String name;

        @Override
        public Integer call() {
            return print(pyro().deleteSnapshot(target.workspace, name), d -> out().println("Deleted snapshot " + d.name()));
        }
    }
}
