package dev.pyro.tools;

import dev.pyro.contract.Contract;
import dev.pyro.workspace.WorkspaceServices;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Long-running processes with readiness checks: servers, watchers, workers. */
final class ServiceTools {
    private static final ToolParam NAME = ToolParam.string("service_name", "Service name, e.g. \"web\".").required();
    private static final Map<String, Object> SERVICE_FIELDS = OutputSchema.object()
            .string("workspace_id", "service_name", "state", "command").integer("pid")
            .optionalString("ready_at", "failure").optionalInteger("exit_code").array("published_ports").build();

    private ServiceTools() {
    }

    static List<PyroTool> all() {
        return List.of(start(), list(), status(), logs(), stop());
    }

    private static PyroTool start() {
        return new PyroTool("service_start",
                "Start a long-running command (a server, a watcher) as a named service and wait until its readiness check passes.",
                ToolHints.ADDITIVE,
                List.of(Params.WORKSPACE, NAME,
                        ToolParam.string("command", "Shell command (sh -lc), e.g. \"python3 -m http.server 8080\".").required(),
                        ToolParam.string("cwd", "Working directory (relative paths are inside /workspace).")
                                .withDefault(Contract.WORKSPACE_GUEST_PATH),
                        ToolParam.stringMap("readiness", "How to tell it is ready: {\"type\": \"file\", \"path\": P} | "
                                + "{\"type\": \"tcp\", \"address\": \"127.0.0.1:8080\"} | {\"type\": \"http\", \"url\": U} | "
                                + "{\"type\": \"command\", \"command\": C}. None: ready once started."),
                        ToolParam.integer("ready_timeout_seconds", "How long to wait for readiness.",
                                Contract.DEFAULT_SERVICE_READY_TIMEOUT_SECONDS, 1, Contract.MAX_SERVICE_READY_TIMEOUT_SECONDS),
                        ToolParam.integer("ready_interval_ms", "How often to check.", Contract.DEFAULT_SERVICE_READY_INTERVAL_MS,
                                10, 60_000),
                        Params.SECRET_ENV,
                        ToolParam.stringList("published_ports", "Ports to reach from the host's 127.0.0.1, each "
                                + "\"[HOST_PORT:]GUEST_PORT\" (no host port: a free one); ready once they listen. Needs "
                                + "network_policy egress+published-ports.")),
                SERVICE_FIELDS,
                (pyro, args) -> {
                    WorkspaceServices.StartOptions options = new WorkspaceServices.StartOptions(args.string("cwd"),
                            args.has("readiness") ? args.stringMap("readiness") : Map.of(),
                            args.intValue("ready_timeout_seconds"), args.intValue("ready_interval_ms"), Params.secretEnv(args),
                            args.has("published_ports") ? args.stringList("published_ports") : List.of());
                    WorkspaceServices.Service service = pyro.startService(args.string(Params.WORKSPACE_ID),
                            args.string("service_name"), args.string("command"), options);
                    return ToolOutput.of(service, "Service " + service.serviceName() + " is " + service.state()
                            + (service.readyAt() == null ? "" : " (ready at " + service.readyAt() + ")") + published(service));
                });
    }

    private static PyroTool list() {
        return new PyroTool("service_list", "List a workspace's services and their states.", ToolHints.READ_ONLY,
                List.of(Params.WORKSPACE),
                OutputSchema.object().string("workspace_id").integer("count", "running_count").array("services").build(),
                (pyro, args) -> {
                    WorkspaceServices.Services services = pyro.listServices(args.string(Params.WORKSPACE_ID));
                    return ToolOutput.of(services, services.services().isEmpty() ? "No services."
                            : services.services().stream().map(ServiceTools::line).collect(Collectors.joining("\n")));
                });
    }

    private static PyroTool status() {
        return new PyroTool("service_status", "Show a service's state, readiness, exit code, and why it failed.",
                ToolHints.READ_ONLY, List.of(Params.WORKSPACE, NAME), SERVICE_FIELDS,
                (pyro, args) -> {
                    WorkspaceServices.Service service = pyro.statusService(args.string(Params.WORKSPACE_ID),
                            args.string("service_name"));
                    return ToolOutput.of(service, line(service));
                });
    }

    private static PyroTool logs() {
        return new PyroTool("service_logs", "Read the last lines of a service's stdout and stderr.", ToolHints.READ_ONLY,
                List.of(Params.WORKSPACE, NAME,
                        ToolParam.integer("tail_lines", "Lines of each stream.", Contract.DEFAULT_SERVICE_LOG_TAIL_LINES, 0,
                                Contract.MAX_SERVICE_LOG_TAIL_LINES),
                        ToolParam.bool("all", "Everything kept instead (the last " + Contract.TOOL_OUTPUT_BUDGET_BYTES
                                + " characters of each stream here).")),
                OutputSchema.object().string("service_name", "state", "stdout", "stderr")
                        .bool("stdout_truncated", "stderr_truncated").build(),
                (pyro, args) -> {
                    WorkspaceServices.Logs logs = pyro.logsService(args.string(Params.WORKSPACE_ID), args.string("service_name"),
                            args.intValue("tail_lines"), args.bool("all"));
                    String stdout = lastChars(logs.stdout());
                    String stderr = lastChars(logs.stderr());
                    Map<String, Object> result = new LinkedHashMap<>(ToolOutput.toMap(logs));
                    result.put("stdout", stdout);
                    result.put("stderr", stderr);
                    result.put("stdout_truncated", logs.stdoutTruncated() || stdout.length() < logs.stdout().length());
                    result.put("stderr_truncated", logs.stderrTruncated() || stderr.length() < logs.stderr().length());
                    return new ToolOutput(result, CommandText.render(stdout, stderr, "service " + logs.serviceName() + " "
                            + logs.state(), false, null));
                });
    }

    private static PyroTool stop() {
        return new PyroTool("service_stop", "Stop a service and everything it started.", ToolHints.OVERWRITES,
                List.of(Params.WORKSPACE, NAME), SERVICE_FIELDS,
                (pyro, args) -> {
                    WorkspaceServices.Service service = pyro.stopService(args.string(Params.WORKSPACE_ID), args.string("service_name"));
                    return ToolOutput.of(service, "Service " + service.serviceName() + " is " + service.state());
                });
    }

    private static String line(WorkspaceServices.Service s) {
        return s.serviceName() + " " + s.state() + (s.exitCode() == null ? "" : " exit_code=" + s.exitCode())
                + (s.failure() == null ? "" : " (" + s.failure() + ")") + published(s) + ": " + s.command();
    }

    /** E.g. {@code ; published 127.0.0.1:18080 -> 8080}. */
    private static String published(WorkspaceServices.Service s) {
        return s.publishedPorts().isEmpty() ? "" : "; published " + WorkspaceServices.PublishedPort.describe(s.publishedPorts());
    }

    private static String lastChars(String text) {
        int budget = Contract.TOOL_OUTPUT_BUDGET_BYTES;
        return text.length() <= budget ? text : text.substring(text.length() - budget);
    }
}
