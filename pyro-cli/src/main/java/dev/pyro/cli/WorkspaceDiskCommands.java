package dev.pyro.cli;

import dev.pyro.contract.Contract;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
        WorkspaceArg target;

        @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "Path inside /workspace (default: /workspace).")
        String path = Contract.WORKSPACE_GUEST_PATH;

        @Option(names = "--recursive", description = "Include everything below PATH.")
        boolean recursive;

        @Override
        public Integer call() {
            return print(pyro().listWorkspaceDisk(target.workspace, path, recursive),
                    listing -> WorkspacePrinter.listing(out(), err(), listing, "workspace-disk-list"));
        }
    }

    @Command(name = "read", description = "Print a regular file of a stopped workspace.")
    static final class DiskRead extends PyroSubcommand {
        @CommandLine.Mixin
        WorkspaceArg target;

        @Parameters(index = "1", paramLabel = "PATH", description = "File inside /workspace.")
        String path;

        @Option(names = "--max-bytes", paramLabel = "N", description = "Read at most N bytes (default: ${DEFAULT-VALUE}).")
        int maxBytes = Contract.DEFAULT_FILE_READ_MAX_BYTES;

        @Option(names = "--offset", paramLabel = "N", description = "Start N bytes into the file (default: 0).")
        long offset;

        @Option(names = "--content-only", description = "Print the content alone, without the summary line.")
        boolean contentOnly;

        @Override
        public Integer call() {
            return print(pyro().readWorkspaceDisk(target.workspace, path, offset, maxBytes),
                    content -> WorkspacePrinter.content(out(), err(), content, contentOnly, "workspace-disk-read",
                            "export the disk with: pyro workspace disk export " + target.workspace + " --output FILE"));
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
