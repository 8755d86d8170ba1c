package dev.pyro.cli;

import dev.pyro.contract.Contract;
import dev.pyro.workspace.WorkspaceShells;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** shell open/read/write/signal/close/list: interactive shells on real terminals that outlive each call. */
final class WorkspaceShellCommands {
    private WorkspaceShellCommands() {
    }

    @Command(name = "shell", description = {"Interactive shells on real terminals, kept by the workspace between calls.",
            "Write input, then read output by cursor; --plain --wait-for-idle-ms " + Contract.SUGGESTED_SHELL_IDLE_MS
                    + " gives clean, settled text. Use 'workspace exec' for one-off commands."},
            subcommands = {Open.class, Read.class, Write.class, Signal.class, Close.class, ListAll.class})
    static final class ShellGroup extends CommandGroup {
    }

    /** WORKSPACE then SHELL, as every command on an existing shell takes them. */
    static class ShellArg extends WorkspaceArg {
        @Parameters(index = "1", paramLabel = "SHELL", description = "Shell id (from 'shell open' or 'shell list').")
        String shell;
    }

    @Command(name = "open", description = "Open a shell (bash if the environment has it) in /workspace or --cwd.")
    static final class Open extends PyroSubcommand {
        @CommandLine.Mixin
        SecretEnvArg secrets;

        @CommandLine.Mixin
        WorkspaceArg target;

        @Option(names = "--cwd", paramLabel = "DIR", description = "Start directory; relative paths are inside /workspace "
                + "(default: /workspace).")
        String cwd = Contract.WORKSPACE_GUEST_PATH;

        @Option(names = "--cols", description = "Terminal width (default: ${DEFAULT-VALUE}).")
        int cols = Contract.DEFAULT_SHELL_COLS;

        @Option(names = "--rows", description = "Terminal height (default: ${DEFAULT-VALUE}).")
        int rows = Contract.DEFAULT_SHELL_ROWS;

        @Option(names = "--id-only", description = "Print only the new shell's id.")
        boolean idOnly;

        @Override
        public Integer call() {
            WorkspaceShells.Shell shell = pyro().openShell(target.workspace,
                    new WorkspaceShells.OpenOptions(cwd, cols, rows, secrets.mapping()));
            if (idOnly && !json) {
                out().println(shell.shellId());
                return 0;
            }
            return print(shell, s -> {
                out().println(s.shellId());
                err().println("[workspace-shell-open] workspace_id=" + s.workspaceId() + " shell_id=" + s.shellId()
                        + " cwd=" + s.cwd() + " size=" + s.cols() + "x" + s.rows());
            });
        }
    }

    @Command(name = "read", description = {"Print a shell's output from --cursor; the status line (on stderr) gives next_cursor.",
            "Output is kept in full (up to 512K characters per shell) and can be read again from any cursor."})
    static final class Read extends PyroSubcommand {
        @CommandLine.Mixin
        ShellArg target;

        @Option(names = "--cursor", description = "Where to start, as returned in next_cursor (default: 0, the beginning).")
        long cursor;

        @Option(names = "--max-chars", description = "Characters to return at most (default: ${DEFAULT-VALUE}).")
        int maxChars = Contract.DEFAULT_SHELL_READ_MAX_CHARS;

        @Option(names = "--plain", description = "Clean text: no colours or control sequences, progress redraws collapsed.")
        boolean plain;

        @Option(names = "--wait-for-idle-ms", paramLabel = "MS", description = "First wait until the shell has printed "
                + "nothing for MS milliseconds (at most " + Contract.MAX_SHELL_IDLE_MS + "; suggested: "
                + Contract.SUGGESTED_SHELL_IDLE_MS + ").")
        int waitForIdleMs;

        @Override
        public Integer call() {
            WorkspaceShells.ReadOptions options = new WorkspaceShells.ReadOptions(cursor, maxChars, plain, waitForIdleMs);
            return print(pyro().readShell(target.workspace, target.shell, options), read -> {
                out().print(read.output());
                out().flush();
                err().println((read.output().isEmpty() || read.output().endsWith("\n") ? "" : "\n")
                        + "[workspace-shell-read] workspace_id=" + read.workspaceId() + " shell_id=" + read.shellId()
                        + " state=" + read.state() + (read.exitCode() == null ? "" : " exit_code=" + read.exitCode())
                        + " cursor=" + read.cursor() + " next_cursor=" + read.nextCursor() + " truncated=" + read.truncated()
                        + (read.skippedChars() > 0 ? " skipped_chars=" + read.skippedChars() : ""));
            });
        }
    }

    @Command(name = "write", description = "Type --input into a shell, then Enter (unless --no-newline).")
    static final class Write extends PyroSubcommand {
        @CommandLine.Mixin
        ShellArg target;

        @Option(names = "--input", required = true, paramLabel = "TEXT", description = "What to type.")
        String input;

        @Option(names = "--no-newline", description = "Do not press Enter after the input.")
        boolean noNewline;

        @Override
        public Integer call() {
            return print(pyro().writeShell(target.workspace, target.shell, input, !noNewline),
                    s -> out().println("Wrote to shell " + s.shellId() + "; read with 'pyro workspace shell read "
                            + s.workspaceId() + " " + s.shellId() + " --plain --wait-for-idle-ms "
                            + Contract.SUGGESTED_SHELL_IDLE_MS + "'"));
        }
    }

    @Command(name = "signal", description = "Send a signal to the command running in a shell (or to the shell when idle).")
    static final class Signal extends PyroSubcommand {
        @CommandLine.Mixin
        ShellArg target;

        @Option(names = "--signal", description = "HUP, INT, TERM or KILL (default: ${DEFAULT-VALUE}).")
        String signal = Contract.DEFAULT_SHELL_SIGNAL;

        @Override
        public Integer call() {
            return print(pyro().signalShell(target.workspace, target.shell, signal),
                    s -> out().println("Sent " + signal.toUpperCase(java.util.Locale.ROOT) + " to shell " + s.shellId()));
        }
    }

    @Command(name = "close", description = "Close a shell and end everything it started.")
    static final class Close extends PyroSubcommand {
        @CommandLine.Mixin
        ShellArg target;

        @Override
        public Integer call() {
            return print(pyro().closeShell(target.workspace, target.shell), s -> {
                out().println("Closed shell " + s.shellId());
                err().println("[workspace-shell-close] workspace_id=" + s.workspaceId() + " shell_id=" + s.shellId());
            });
        }
    }

    @Command(name = "list", description = "List a workspace's shells (exited ones stay listed until closed).")
    static final class ListAll extends PyroSubcommand {
        @CommandLine.Mixin
        WorkspaceArg target;

        @Override
        public Integer call() {
            return print(pyro().listShells(target.workspace), list -> {
                if (list.shells().isEmpty()) {
                    out().println("No shells; open one with 'pyro workspace shell open " + list.workspaceId() + "'");
                }
                for (WorkspaceShells.Shell s : list.shells()) {
                    out().printf("%-10s  %-8s  %-24s  %dx%d  %s%n", s.shellId(),
                            s.exitCode() == null ? s.state() : s.state() + "(" + s.exitCode() + ")", s.cwd(), s.cols(), s.rows(),
                            s.openedAt());
                }
            });
        }
    }
}
