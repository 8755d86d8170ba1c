package dev.pyro.cli;

import dev.pyro.contract.Contract;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** file list/read/write/edit, sync push, export. */
final class WorkspaceFileCommands {
    private WorkspaceFileCommands() {
    }

    @Command(name = "file", description = "Read and change files inside /workspace without shell quoting.",
            subcommands = {FileList.class, FileRead.class, FileWrite.class, FileEdit.class})
    static final class FileGroup extends CommandGroup {
    }

    @Command(name = "list", description = "List a directory (or show one entry); links are shown, not followed.")
    static final class FileList extends PyroSubcommand {
        @CommandLine.Mixin
        FileArgs.Listing args;

        @Override
        public Integer call() {
            return print(pyro().listWorkspaceFiles(args.workspace, args.path, args.recursive),
                    listing -> WorkspacePrinter.listing(out(), err(), listing, "workspace-file-list"));
        }
    }

    @Command(name = "read", description = "Print a regular file (text; binary files are reported, not printed).")
    static final class FileRead extends PyroSubcommand {
        @CommandLine.Mixin
        FileArgs.Read args;

        @Override
        public Integer call() {
            return print(pyro().readWorkspaceFile(args.workspace, args.path, args.offset, args.maxBytes),
                    content -> WorkspacePrinter.content(out(), err(), content, args.contentOnly, "workspace-file-read",
                            "copy it out with: pyro workspace export " + args.workspace + " " + args.path + " --output FILE"));
        }
    }

    /** --text or --text-file, exactly one. */
    static final class TextSource {
        @Option(names = "--text", paramLabel = "TEXT", description = "The text.")
        String text;

        @Option(names = "--text-file", paramLabel = "FILE", description = "Read the text from a host file ('-' for stdin).")
        String textFile;
    }

    @Command(name = "write", description = "Write UTF-8 text to a file, creating parent directories.")
    static final class FileWrite extends PyroSubcommand {
        @CommandLine.Mixin
        WorkspaceArg target;

        @Parameters(index = "1", paramLabel = "PATH", description = "File inside /workspace.")
        String path;

        @ArgGroup(exclusive = true, multiplicity = "1")
        TextSource source;

        @Override
        public Integer call() {
            String text = TextInput.from(source.text, source.textFile, "text");
            return print(pyro().writeWorkspaceFile(target.workspace, path, text),
                    w -> out().println("Wrote " + w.bytes() + " bytes to " + w.path()));
        }
    }

    @Command(name = "edit", description = {
            "Replace exact text in a file. The old text must occur exactly once (or use --replace-all);",
            "otherwise nothing changes and the error says where it looked."})
    static final class FileEdit extends PyroSubcommand {
        @CommandLine.Mixin
        WorkspaceArg target;

        @Parameters(index = "1", paramLabel = "PATH", description = "File inside /workspace.")
        String path;

        @Option(names = "--old", required = true, paramLabel = "TEXT", description = "The exact text to replace.")
        String oldText;

        @Option(names = "--new", required = true, paramLabel = "TEXT", description = "The replacement.")
        String newText;

        @Option(names = "--replace-all", description = "Replace every occurrence.")
        boolean replaceAll;

        @Override
        public Integer call() {
            return print(pyro().editWorkspaceFile(target.workspace, path, oldText, newText, replaceAll),
                    e -> out().println("Replaced " + e.replacements() + " occurrence" + (e.replacements() == 1 ? "" : "s")
                            + " in " + e.path()));
        }
    }

    @Command(name = "sync", description = "Copy host content into a workspace.", subcommands = SyncPush.class)
    static final class Sync extends CommandGroup {
    }

    @Command(name = "push", description = {
            "Copy a host directory or .tar/.tar.gz into the workspace (default: /workspace).",
            "Not atomic: if it fails half way, reset the workspace. Does not change the diff baseline."})
    static final class SyncPush extends PyroSubcommand {
        @CommandLine.Mixin
        WorkspaceArg target;

        @Parameters(index = "1", paramLabel = "SOURCE", description = "Host directory or archive.")
        Path source;

        @Option(names = "--dest", paramLabel = "PATH", description = "Directory inside /workspace (default: ${DEFAULT-VALUE}).")
        String dest = Contract.WORKSPACE_GUEST_PATH;

        @Override
        public Integer call() {
            return print(pyro().pushWorkspaceSync(target.workspace, source, dest), s -> out().println("Pushed " + s.source()
                    + " to " + s.dest() + " (" + s.files() + " files, " + s.bytes() + " bytes)"));
        }
    }

    @Command(name = "export", description = {
            "Copy a file or directory out of /workspace to a new host path (never overwrites).",
            "Links that point outside the exported tree are left out and listed."})
    static final class Export extends PyroSubcommand {
        @CommandLine.Mixin
        WorkspaceArg target;

        @Parameters(index = "1", paramLabel = "PATH", description = "File or directory inside /workspace.")
        String path;

        @Option(names = "--output", required = true, paramLabel = "HOST_PATH", description = "Where to put it on the host (must not exist).")
        Path output;

        @Override
        public Integer call() {
            return print(pyro().exportWorkspace(target.workspace, path, output), e -> {
                out().println("Exported " + e.path() + " to " + e.output() + " (" + e.kind() + ", " + e.bytes() + " bytes)");
                e.skippedLinks().forEach(link -> err().println("pyro: left out a link that points outside: " + link));
                e.redactedFiles().forEach(file -> err().println("pyro: replaced a secret's value with [REDACTED] in " + file));
            });
        }
    }
}
