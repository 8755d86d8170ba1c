package dev.pyro.cli;

import dev.pyro.PyroException;
import dev.pyro.contract.Contract;
import dev.pyro.runtime.agent.OutputListener;
import dev.pyro.workspace.JournalEntry;
import dev.pyro.workspace.ShellCommand;
import dev.pyro.workspace.WorkspaceCommands;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** exec and logs. */
final class WorkspaceExecCommands {
    private WorkspaceExecCommands() {
    }

    @Command(name = "exec",
            description = {
                    "Run a command in /workspace with sh -lc, and record it in the journal.",
                    "One argument after -- is a shell script ('make test && echo ok'); several are joined",
                    "with shell quoting. Output streams live; the full output stays in the journal."},
            footer = {"", "Exit status: the command's own; 124 on timeout; 125 when pyro could not run it."})
    static final class Exec extends PyroSubcommand {
        @CommandLine.Mixin
        SecretEnvArg secrets;

        @CommandLine.Mixin
        WorkspaceArg target;

        @Parameters(index = "1..*", paramLabel = "COMMAND", description = "The command, after --.")
        List<String> command = new ArrayList<>();

        @Option(names = "--timeout-seconds", paramLabel = "N", description = "Stop the command after N seconds (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds = Contract.DEFAULT_TIMEOUT_SECONDS;

        @Option(names = "--cwd", paramLabel = "DIR", description = "Working directory inside the sandbox (default: ${DEFAULT-VALUE}).")
        String cwd = Contract.WORKSPACE_GUEST_PATH;

        @Option(names = "--max-output-bytes", paramLabel = "N",
                description = "With --json: bytes of stdout and of stderr kept, head and tail (default: ${DEFAULT-VALUE}).")
        int maxOutputBytes = Contract.DEFAULT_OUTPUT_BUDGET_BYTES;

        @Override
        public Integer call() {
            if (command.isEmpty()) {
                throw PyroException.invalidArgument("no command given; e.g. pyro workspace exec " + target.workspace + " -- make test");
            }
            WorkspaceCommands.ExecOptions options = new WorkspaceCommands.ExecOptions(cwd, timeoutSeconds, maxOutputBytes,
                    secrets.mapping());
            WorkspaceCommands.ExecOutcome outcome = pyro().workspaces().commands()
                    .exec(target.workspace, ShellCommand.fromArgv(command), options, json ? null : live());
            if (json) {
                JsonPrinter.print(out(), outcome);
            } else {
                System.out.flush();
                if (outcome.timedOut()) {
                    err().println("pyro: command timed out after " + timeoutSeconds + " s and was stopped (exit 124)");
                }
                err().println("[workspace-exec] workspace_id=" + outcome.workspaceId() + " sequence=" + outcome.sequence()
                        + " exit_code=" + outcome.exitCode() + " duration_ms=" + outcome.durationMs()
                        + " execution_mode=" + outcome.executionMode());
                err().flush();
            }
            return outcome.exitCode();
        }

        /** Writes the command's bytes straight to this process's stdout and stderr. */
        private static OutputListener live() {
            PrintStream stdout = System.out;
            PrintStream stderr = System.err;
            return new OutputListener() {
                @Override
                public void stdout(byte[] chunk) {
                    stdout.write(chunk, 0, chunk.length);
                    stdout.flush();
                }

                @Override
                public void stderr(byte[] chunk) {
                    stderr.write(chunk, 0, chunk.length);
                    stderr.flush();
                }
            };
        }
    }

    @Command(name = "logs", description = {
            "Show the command journal (since the last reset), or with --sequence one command's full output."})
    static final class Logs extends PyroSubcommand {
        @CommandLine.Mixin
        WorkspaceArg target;

        @Option(names = "--sequence", paramLabel = "N", description = "Print the full output of command N.")
        Long sequence;

        @Option(names = "--offset", paramLabel = "BYTES", description = "With --sequence: start this far into each stream (default: 0).")
        long offset;

        @Option(names = "--max-bytes", paramLabel = "N", description = "With --sequence: bytes of each stream (default: ${DEFAULT-VALUE}).")
        int maxBytes = 1 << 20;

        @Override
        public Integer call() {
            if (sequence == null) {
                return print(pyro().logsWorkspace(target.workspace), this::journal);
            }
            WorkspaceCommands.CommandOutput output = pyro().readWorkspaceCommandOutput(target.workspace, sequence, offset, maxBytes);
            return print(output, o -> {
                out().print(o.stdout());
                out().flush();
                err().print(o.stderr());
                if (o.stdoutMore() || o.stderrMore()) {
                    err().println("[workspace-logs] more output follows; continue with --offset " + (o.offset() + maxBytes));
                }
            });
        }

        private void journal(WorkspaceCommands.Logs logs) {
            if (logs.entries().isEmpty()) {
                out().println("No commands yet.");
                return;
            }
            for (JournalEntry e : logs.entries()) {
                out().printf("#%-4d exit %-3d %7d ms  %s  %s%s%n", e.sequence(), e.exitCode(), e.durationMs(), e.startedAt(),
                        e.command().replace('\n', ' '), e.timedOut() ? "  (timed out)" : "");
            }
        }
    }
}
