package dev.pyro.tools;

import dev.pyro.contract.Contract;
import dev.pyro.workspace.JournalEntry;
import dev.pyro.workspace.WorkspaceCommands;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Commands in a workspace: exec, and the journal that keeps every command's full output. */
final class CommandTools {
    private CommandTools() {
    }

    static List<PyroTool> all() {
        return List.of(exec(), logs());
    }

    private static PyroTool exec() {
        return new PyroTool("workspace_exec",
                "Run a shell command (sh -lc) in /workspace; returns exit code, stdout, stderr. Long output keeps head and tail; workspace_logs has all.",
                ToolHints.MUTATES,
                List.of(Params.WORKSPACE, ToolParam.string("command", "Shell command, e.g. \"make test\".").required(),
                        Params.TIMEOUT,
                        ToolParam.string("cwd", "Working directory.").withDefault(Contract.WORKSPACE_GUEST_PATH).fullOnly(),
                        Params.MAX_OUTPUT.fullOnly(), Params.SECRET_ENV),
                OutputSchema.object().integer("sequence", "exit_code").bool("timed_out").string("stdout", "stderr")
                        .bool("stdout_truncated", "stderr_truncated").build(),
                (pyro, args) -> {
                    var options = WorkspaceCommands.ExecOptions.defaults()
                            .withTimeoutSeconds(args.intValue("timeout_seconds"))
                            .withMaxOutputBytes(args.intValue("max_output_bytes"))
                            .withCwd(args.string("cwd"))
                            .withSecretEnv(Params.secretEnv(args));
                    WorkspaceCommands.ExecOutcome outcome = pyro.execWorkspace(args.string(Params.WORKSPACE_ID),
                            args.string("command"), options);
                    String facts = "exit_code=" + outcome.exitCode() + (outcome.timedOut() ? " timed_out" : "")
                            + " duration_ms=" + outcome.durationMs() + " sequence=" + outcome.sequence();
                    return ToolOutput.of(outcome, CommandText.render(outcome.stdout(), outcome.stderr(), facts,
                            outcome.stdoutTruncated() || outcome.stderrTruncated(),
                            "read all of it with workspace_logs {\"workspace_id\": \"" + outcome.workspaceId()
                                    + "\", \"sequence\": " + outcome.sequence() + "}"));
                });
    }

    private static PyroTool logs() {
        return new PyroTool("workspace_logs",
                "List the commands run in a workspace, or with sequence, page through one command's full output.",
                ToolHints.READ_ONLY,
                List.of(Params.WORKSPACE,
                        ToolParam.integer("sequence", "Command whose output to read.", 0, 0, Long.MAX_VALUE).withDefault(null),
                        Params.OFFSET,
                        ToolParam.integer("max_bytes", "Bytes of each stream per page.", Contract.TOOL_PAGE_BYTES, 1,
                                Contract.MAX_FILE_BYTES).fullOnly()),
                OutputSchema.object().optionalInteger("count", "next_offset").optionalString("stdout", "stderr").build(),
                (pyro, args) -> {
                    String workspace = args.string(Params.WORKSPACE_ID);
                    if (args.has("sequence")) {
                        return output(pyro.readWorkspaceCommandOutput(workspace, args.integer("sequence"),
                                args.integer("offset"), args.intValue("max_bytes")), args.intValue("max_bytes"));
                    }
                    return journal(pyro.logsWorkspace(workspace));
                });
    }

    private static ToolOutput journal(WorkspaceCommands.Logs logs) {
        List<JournalEntry> entries = logs.entries();
        List<JournalEntry> recent = entries.subList(Math.max(0, entries.size() - Contract.TOOL_LOG_ENTRIES), entries.size());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("workspace_id", logs.workspaceId());
        result.put("count", logs.count());
        result.put("entries", recent);
        String text = entries.isEmpty() ? "No commands yet."
                : (recent.size() < entries.size() ? "[last " + recent.size() + " of " + entries.size() + " commands]\n" : "")
                + recent.stream().map(e -> "#" + e.sequence() + " exit " + e.exitCode() + (e.timedOut() ? " (timed out)" : "")
                        + " " + e.durationMs() + "ms stdout=" + e.stdoutBytes() + "B stderr=" + e.stderrBytes() + "B  " + e.command())
                .collect(Collectors.joining("\n"));
        return new ToolOutput(ToolOutput.toMap(result), text);
    }

    private static ToolOutput output(WorkspaceCommands.CommandOutput page, int maxBytes) {
        Map<String, Object> result = ToolOutput.toMap(page);
        result.put("sequence", page.entry().sequence());
        Long next = page.stdoutMore() || page.stderrMore() ? page.offset() + maxBytes : null;
        if (next != null) {
            result.put("next_offset", next);
        }
        String facts = "sequence=" + page.entry().sequence() + " exit_code=" + page.entry().exitCode() + " bytes "
                + page.offset() + ".. of stdout=" + page.entry().stdoutBytes() + " stderr=" + page.entry().stderrBytes();
        String text = CommandText.render(page.stdout(), page.stderr(), facts, false, "");
        if (next != null) {
            text += "\n[more: continue with offset=" + next + "]";
        }
        return new ToolOutput(result, text);
    }
}
