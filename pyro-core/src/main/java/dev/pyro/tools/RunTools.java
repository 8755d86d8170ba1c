package dev.pyro.tools;

import dev.pyro.RunRequest;
import dev.pyro.env.Environment;
import dev.pyro.runtime.RunResult;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One-shot tools: a command in a sandbox that is gone afterwards. */
final class RunTools {
    private RunTools() {
    }

    static List<PyroTool> all() {
        return List.of(run(), environments());
    }

    private static PyroTool run() {
        return new PyroTool("vm_run",
                "Run one shell command (sh -lc) in a fresh isolated sandbox, discarded afterwards. Use a workspace for state across calls.",
                ToolHints.ADDITIVE,
                List.of(ToolParam.string("command", "Shell command.").required(), Params.ENVIRONMENT, Params.TIMEOUT,
                        Params.MAX_OUTPUT, Params.VCPUS, Params.MEMORY, Params.NETWORK),
                OutputSchema.object().string("environment", "execution_mode").integer("exit_code", "duration_ms")
                        .bool("timed_out").string("stdout", "stderr").bool("stdout_truncated", "stderr_truncated").build(),
                (pyro, args) -> {
                    RunResult result = pyro.run(RunRequest.of("sh", "-lc", args.string("command"))
                            .withEnvironment(args.string("environment"))
                            .withTimeoutSeconds(args.intValue("timeout_seconds"))
                            .withMaxOutputBytes(args.intValue("max_output_bytes"))
                            .withVcpuCount(args.intValue("vcpu_count"))
                            .withMemMib(args.intValue("mem_mib"))
                            .withNetwork(args.bool("network")));
                    String facts = "exit_code=" + result.exitCode() + (result.timedOut() ? " timed_out" : "")
                            + " duration_ms=" + result.durationMs();
                    return ToolOutput.of(result, CommandText.render(result.stdout(), result.stderr(), facts,
                            result.stdoutTruncated() || result.stderrTruncated(),
                            "run again with a larger max_output_bytes, or in a workspace to page through all of it"));
                });
    }

    private static PyroTool environments() {
        return new PyroTool("vm_list_environments", "List the environments sandboxes and workspaces can use.",
                ToolHints.READ_ONLY, List.of(),
                OutputSchema.object().integer("count").array("environments").build(),
                (pyro, args) -> {
                    List<Environment> environments = pyro.listEnvironments();
                    String text = environments.stream()
                            .map(e -> e.name() + (e.installed() ? " [installed] " : " [not installed] ") + e.description())
                            .collect(Collectors.joining("\n"));
                    return ToolOutput.of(Map.of("count", environments.size(), "environments", environments), text);
                });
    }
}
