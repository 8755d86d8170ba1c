package dev.pyro.cli;

import dev.pyro.workspace.WorkspaceChanges;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** patch apply, diff, summary. */
final class WorkspaceChangeCommands {
    private WorkspaceChangeCommands() {
    }

    @Command(name = "patch", description = "Apply unified diffs.", subcommands = PatchApply.class)
    static final class PatchGroup extends CommandGroup {
    }

    /** --patch or --patch-file, exactly one. */
    static final class PatchSource {
        @Option(names = "--patch", paramLabel = "TEXT", description = "The patch text.")
        String patch;

        @Option(names = "--patch-file", paramLabel = "FILE", description = "Read the patch from a host file ('-' for stdin).")
        String patchFile;
    }

    @Command(name = "apply", description = {
            "Apply a multi-file unified diff (git diff or diff -u). Every hunk of every file is checked",
            "before anything is written: all or nothing, no fuzz. A rejected hunk is reported with its",
            "file, header and the lines that did not match."})
    static final class PatchApply extends PyroSubcommand {
        @CommandLine.Mixin
        WorkspaceArg target;

        @ArgGroup(exclusive = true, multiplicity = "1")
        PatchSource source;

        @Override
        public Integer call() {
            String patch = TextInput.from(source.patch, source.patchFile, "patch");
            return print(pyro().applyWorkspacePatch(target.workspace, patch), p -> {
                for (WorkspaceChanges.PatchedFile file : p.files()) {
                    String offsets = file.offsets().stream().anyMatch(o -> o != 0) ? " (applied at offsets " + file.offsets() + ")" : "";
                    out().println(file.status() + " " + file.path() + " (" + file.hunks() + " hunk" + (file.hunks() == 1 ? "" : "s") + ")"
                            + offsets);
                }
            });
        }
    }

    @Command(name = "diff", description = {
            "Compare /workspace with the create-time baseline: a unified patch of text files on stdout,",
            "a summary on stderr (binary, type and mode changes included)."})
    static final class Diff extends PyroSubcommand {
        @CommandLine.Mixin
        WorkspaceArg target;

        @Override
        public Integer call() {
            return print(pyro().diffWorkspace(target.workspace), d -> {
                if (!d.changed()) {
                    err().println("[workspace-diff] no changes since the baseline");
                    return;
                }
                out().print(d.patch());
                out().flush();
                WorkspaceChanges.Summary s = d.summary();
                err().println("[workspace-diff] " + s.total() + " changed: " + s.added() + " added, " + s.modified() + " modified, "
                        + s.removed() + " removed, " + s.typeChanged() + " type changes, " + s.modeChanged() + " mode changes, "
                        + s.binary() + " binary");
            });
        }
    }

    @Command(name = "summary", description = "What happened since creation or the last reset: commands, changed files, snapshots, exports.")
    static final class Summary extends PyroSubcommand {
        @CommandLine.Mixin
        WorkspaceArg target;

        @Override
        public Integer call() {
            return print(pyro().summarizeWorkspace(target.workspace), s -> out().print(s.text()));
        }
    }
}
