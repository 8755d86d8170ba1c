package dev.pyro.tools;

import dev.pyro.contract.Contract;
import dev.pyro.workspace.WorkspaceShells;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Interactive shells on real terminals that persist between calls. */
final class ShellTools {
    private static final ToolParam SHELL = ToolParam.string("shell_id", "Shell id from shell_open.").required();
    private static final Map<String, Object> SHELL_FIELDS = OutputSchema.object()
            .string("workspace_id", "shell_id", "state", "cwd").integer("cols", "rows", "output_chars").optionalInteger("exit_code")
            .build();

    private ShellTools() {
    }

    static List<PyroTool> all() {
        return List.of(open(), read(), write(), signal(), close(), list());
    }

    private static PyroTool open() {
        return new PyroTool("shell_open",
                "Open an interactive shell (a real terminal) in a workspace; it persists between calls. Then shell_write and shell_read.",
                ToolHints.ADDITIVE,
                List.of(Params.WORKSPACE,
                        ToolParam.string("cwd", "Start directory (relative paths are inside /workspace).")
                                .withDefault(Contract.WORKSPACE_GUEST_PATH),
                        ToolParam.integer("cols", "Terminal width.", Contract.DEFAULT_SHELL_COLS, 1, Contract.MAX_SHELL_SIZE),
                        ToolParam.integer("rows", "Terminal height.", Contract.DEFAULT_SHELL_ROWS, 1, Contract.MAX_SHELL_SIZE),
                        Params.SECRET_ENV),
                SHELL_FIELDS,
                (pyro, args) -> {
                    WorkspaceShells.Shell shell = pyro.openShell(args.string(Params.WORKSPACE_ID),
                            new WorkspaceShells.OpenOptions(args.string("cwd"), args.intValue("cols"), args.intValue("rows"),
                                    Params.secretEnv(args)));
                    return ToolOutput.of(shell, "Opened shell " + shell.shellId() + " in " + shell.cwd());
                });
    }

    private static PyroTool read() {
        return new PyroTool("shell_read",
                "Read a shell's output from cursor (0 = start; pass next_cursor to continue). plain=true and wait_for_idle_ms="
                        + Contract.SUGGESTED_SHELL_IDLE_MS + " give clean, settled text.",
                ToolHints.READ_ONLY,
                List.of(Params.WORKSPACE, SHELL,
                        ToolParam.integer("cursor", "Where to start: next_cursor of the previous read.", 0, 0, Long.MAX_VALUE),
                        ToolParam.integer("max_chars", "Characters to return at most.", Contract.TOOL_OUTPUT_BUDGET_BYTES, 1,
                                Contract.MAX_SHELL_READ_CHARS),
                        ToolParam.bool("plain", "Strip colours and control sequences; collapse progress redraws."),
                        ToolParam.integer("wait_for_idle_ms", "First wait until the shell has been quiet this long.", 0, 0,
                                Contract.MAX_SHELL_IDLE_MS)),
                OutputSchema.object().string("shell_id", "state", "output").integer("cursor", "next_cursor", "skipped_chars")
                        .bool("truncated").optionalInteger("exit_code").build(),
                (pyro, args) -> {
                    WorkspaceShells.Output read = pyro.readShell(args.string(Params.WORKSPACE_ID), args.string("shell_id"),
                            new WorkspaceShells.ReadOptions(args.integer("cursor"), args.intValue("max_chars"), args.bool("plain"),
                                    args.intValue("wait_for_idle_ms")));
                    String facts = "[shell " + read.shellId() + " " + read.state()
                            + (read.exitCode() == null ? "" : " exit_code=" + read.exitCode()) + " next_cursor=" + read.nextCursor()
                            + (read.truncated() ? "; more output: read again with cursor=" + read.nextCursor() : "")
                            + (read.skippedChars() > 0 ? "; " + read.skippedChars() + " older characters were no longer kept" : "")
                            + "]";
                    String output = read.output();
                    return ToolOutput.of(read, output.isEmpty() ? facts : output + (output.endsWith("\n") ? "" : "\n") + facts);
                });
    }

    private static PyroTool write() {
        return new PyroTool("shell_write", "Type input into a shell, followed by Enter unless append_newline is false.",
                ToolHints.MUTATES,
                List.of(Params.WORKSPACE, SHELL, ToolParam.string("input", "What to type, e.g. \"make test\".").required(),
                        ToolParam.bool("append_newline", "Press Enter after the input.").withDefault(true)),
                SHELL_FIELDS,
                (pyro, args) -> {
                    WorkspaceShells.Shell shell = pyro.writeShell(args.string(Params.WORKSPACE_ID), args.string("shell_id"),
                            args.string("input"), args.bool("append_newline"));
                    return ToolOutput.of(shell, "Sent to shell " + shell.shellId() + "; read the result with shell_read");
                });
    }

    private static PyroTool signal() {
        return new PyroTool("shell_signal", "Send a signal to the command running in a shell (INT is Ctrl-C).",
                ToolHints.OVERWRITES,
                List.of(Params.WORKSPACE, SHELL, ToolParam.string("signal", "Signal name.")
                        .withDefault(Contract.DEFAULT_SHELL_SIGNAL).oneOf(Contract.SHELL_SIGNALS)),
                SHELL_FIELDS,
                (pyro, args) -> {
                    WorkspaceShells.Shell shell = pyro.signalShell(args.string(Params.WORKSPACE_ID), args.string("shell_id"),
                            args.string("signal"));
                    return ToolOutput.of(shell, "Sent " + args.string("signal") + " to shell " + shell.shellId());
                });
    }

    private static PyroTool close() {
        return new PyroTool("shell_close", "Close a shell and end everything it started.", ToolHints.OVERWRITES,
                List.of(Params.WORKSPACE, SHELL),
                SHELL_FIELDS,
                (pyro, args) -> {
                    WorkspaceShells.Shell shell = pyro.closeShell(args.string(Params.WORKSPACE_ID), args.string("shell_id"));
                    return ToolOutput.of(shell, "Closed shell " + shell.shellId());
                });
    }

    private static PyroTool list() {
        return new PyroTool("shell_list", "List a workspace's shells.", ToolHints.READ_ONLY, List.of(Params.WORKSPACE),
                OutputSchema.object().string("workspace_id").integer("count").array("shells").build(),
                (pyro, args) -> {
                    WorkspaceShells.Shells shells = pyro.listShells(args.string(Params.WORKSPACE_ID));
                    return ToolOutput.of(shells, shells.shells().isEmpty() ? "No shells."
                            : shells.shells().stream().map(s -> s.shellId() + " " + s.state() + " " + s.cwd())
                            .collect(Collectors.joining("\n")));
                });
    }
}
