package dev.pyro.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** stop, start, and the disk commands that inspect a stopped workspace. */
final class WorkspaceDiskCommands {
    private WorkspaceDiskCommands() {
    }

    @Command(name = "stop", description = "End a workspace's sandbox and every process in it; /workspace is kept.")
    static final class Stop extends PyroSubcommand {
        @CommandLine.Mixin
        WorkspaceArg target;

        @Override
        public Integer call() {
            return print(pyro().stopWorkspace(target.workspace), w -> WorkspacePrinter.block(out(), w));
        }
    }

    @Command(name = "start", description = "Start a stopped workspace again, with /workspace as it was.")
    static final class Start extends PyroSubcommand {
        @CommandLine.Mixin
        WorkspaceArg target;

        @Override
        public Integer call() {
            return print(pyro().startWorkspace(target.workspace), w -> WorkspacePrinter.block(out(), w));
        }
    }

    @Command(name = "disk", description = {"Inspect a stopped workspace's disk (/workspace) offline: list, read, export.",
            "Links are reported, never followed. Use 'workspace file' commands on a running workspace."},
            subcommands = {DiskList.class, DiskRead.class, DiskExport.class})
    static final class DiskGroup extends CommandGroup {
    }

    @Command(name = "list", description = "List a directory of a stopped workspace (or show one entry).")
    static final class DiskList extends PyroSubcommand {
        @CommandLine.Mixin
        FileArgs.Listing args;

        @Override
        public Integer call() {
            return print(pyro().listWorkspaceDisk(args.workspace, args.path, args.recursive),
                    listing -> WorkspacePrinter.listing(out(), err(), listing, "workspace-disk-list"));
        }
    }

    @Command(name = "read", description = "Print a regular file of a stopped workspace.")
    static final class DiskRead extends PyroSubcommand {
        @CommandLine.Mixin
        FileArgs.Read args;

        @Override
        public Integer call() {
            return print(pyro().readWorkspaceDisk(args.workspace, args.path, args.offset, args.maxBytes),
                    content -> WorkspacePrinter.content(out(), err(), content, args.contentOnly, "workspace-disk-read",
                            "export the disk with: pyro workspace disk export " + args.workspace + " --output FILE"));
        }
    }

    @Command(name = "export", description = "Write a stopped workspace's /workspace as an ext4 image to a new host file.")
    static final class DiskExport extends PyroSubcommand {
        @CommandLine.Mixin
        WorkspaceArg target;

        @Option(names = "--output", required = true, paramLabel = "FILE", description = "New host file (never overwritten).")
        Path output;

        @Override
        public Integer call() {
            return print(pyro().exportWorkspaceDisk(target.workspace, output), e -> out().println("Exported the disk of "
                    + e.workspaceId() + " to " + e.output() + " (" + e.format() + ", " + e.sizeBytes() + " bytes, "
                    + e.entries() + " entries)"));
        }
    }
}
