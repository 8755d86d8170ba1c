package dev.pyro.tools;

import dev.pyro.contract.Contract;
import dev.pyro.workspace.CreateRequest;
import dev.pyro.workspace.WorkspaceInfo;
import dev.pyro.workspace.WorkspaceLifecycle;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Workspace lifecycle tools: create, list, update, status, summary, reset, delete. */
final class WorkspaceTools {
    static final Map<String, Object> INFO_SCHEMA = OutputSchema.object()
            .string("workspace_id", "state").optionalString("name", "expires_at").build();

    private WorkspaceTools() {
    }

    static List<PyroTool> all() {
        return List.of(create(), list(), update(), status(), summary(), reset(), delete());
    }

    private static PyroTool create() {
        return new PyroTool("workspace_create",
                "Create and start a persistent isolated workspace, optionally seeded into /workspace from a host directory or .tar/.tar.gz.",
                ToolHints.ADDITIVE,
                List.of(Params.ENVIRONMENT,
                        ToolParam.string("seed_path", "Host directory or archive to copy into /workspace."),
                        ToolParam.string("name", "Unique name to refer to it by."),
                        ToolParam.stringMap("labels", "Labels, e.g. {\"task\": \"fix-42\"}."),
                        Params.VCPUS, Params.MEMORY,
                        ToolParam.integer("ttl_seconds", "Delete after this long idle (0 = never).",
                                Contract.DEFAULT_WORKSPACE_TTL_SECONDS, 0, Long.MAX_VALUE).fullOnly(),
                        ToolParam.stringMap("secrets", "Secrets {\"NAME\": \"value\"}: redacted from all output; "
                                + "handed to commands only through secret_env.").fullOnly(),
                        ToolParam.string("network_policy", "off: loopback only; egress: outbound connections; "
                                + "egress+published-ports: also services' ports on the host's 127.0.0.1.")
                                .withDefault(Contract.DEFAULT_NETWORK_POLICY).oneOf(Contract.NETWORK_POLICIES).fullOnly()),
                INFO_SCHEMA,
                (pyro, args) -> {
                    CreateRequest request = CreateRequest.of(args.string("environment"))
                            .withLabels(args.stringMap("labels"))
                            .withVcpuCount(args.intValue("vcpu_count"))
                            .withMemMib(args.intValue("mem_mib"))
                            .withTtlSeconds(args.integer("ttl_seconds"))
                            .withNetworkPolicy(args.string("network_policy"));
                    if (args.has("secrets")) {
                        for (var secret : args.stringMap("secrets").entrySet()) {
                            request = request.withSecret(secret.getKey(), secret.getValue());
                        }
                    }
                    request = args.optionalString("name").map(request::withName).orElse(request);
                    request = args.optionalString("seed_path").map(p -> Path.of(p)).map(request::withSeedPath).orElse(request);
                    WorkspaceInfo info = pyro.createWorkspace(request);
                    return ToolOutput.of(info, "Created " + describe(info));
                });
    }

    private static PyroTool list() {
        return new PyroTool("workspace_list", "List workspaces, most recently used first, with names, labels and state.",
                ToolHints.READ_ONLY, List.of(),
                OutputSchema.object().integer("count").array("workspaces").build(),
                (pyro, args) -> {
                    List<WorkspaceInfo> workspaces = pyro.listWorkspaces();
                    String text = workspaces.isEmpty() ? "No workspaces."
                            : workspaces.stream().map(WorkspaceTools::describe).collect(Collectors.joining("\n"));
                    return ToolOutput.of(Map.of("count", workspaces.size(), "workspaces", workspaces), text);
                });
    }

    private static PyroTool update() {
        return new PyroTool("workspace_update", "Rename a workspace or set and clear its labels.", ToolHints.OVERWRITES,
                List.of(Params.WORKSPACE, ToolParam.string("name", "New unique name."),
                        ToolParam.stringMap("labels", "Labels to set."),
                        ToolParam.stringList("clear_labels", "Label keys to remove.")),
                INFO_SCHEMA,
                (pyro, args) -> {
                    WorkspaceInfo info = pyro.updateWorkspace(args.string(Params.WORKSPACE_ID), args.optionalString("name").orElse(null),
                            args.stringMap("labels"), args.stringList("clear_labels"));
                    return ToolOutput.of(info, "Updated " + describe(info));
                });
    }

    private static PyroTool status() {
        return new PyroTool("workspace_status", "Show a workspace's state, resources, expiry and last command.",
                ToolHints.READ_ONLY, List.of(Params.WORKSPACE), INFO_SCHEMA,
                (pyro, args) -> {
                    WorkspaceInfo info = pyro.statusWorkspace(args.string(Params.WORKSPACE_ID));
                    String last = info.lastCommand() == null ? "" : "; last command #" + info.lastCommand().sequence()
                            + " exit " + info.lastCommand().exitCode() + ": " + info.lastCommand().command();
                    return ToolOutput.of(info, describe(info) + "; " + info.commandCount() + " commands" + last);
                });
    }

    private static PyroTool summary() {
        return new PyroTool("workspace_summary",
                "Summarise a workspace since create or last reset: commands run, files changed, patches, exports.",
                ToolHints.READ_ONLY, List.of(Params.WORKSPACE),
                OutputSchema.object().string("text").object("commands", "files").build(),
                (pyro, args) -> {
                    var summary = pyro.summarizeWorkspace(args.string(Params.WORKSPACE_ID));
                    return ToolOutput.of(summary, summary.text());
                });
    }

    private static PyroTool reset() {
        return new PyroTool("workspace_reset",
                "Discard changes: restore /workspace to its create-time baseline in a fresh sandbox.",
                ToolHints.OVERWRITES,
                List.of(Params.WORKSPACE,
                        ToolParam.string("snapshot", "Snapshot to restore instead of the baseline.").withDefault("baseline")
                                .fullOnly()),
                OutputSchema.object().string("snapshot").integer("reset_count").build(),
                (pyro, args) -> {
                    WorkspaceLifecycle.ResetResult result = pyro.resetWorkspace(args.string(Params.WORKSPACE_ID),
                            args.string("snapshot"));
                    return ToolOutput.of(result, "Reset " + result.workspaceId() + " to " + result.snapshot()
                            + " (reset " + result.resetCount() + ")");
                });
    }

    private static PyroTool delete() {
        return new PyroTool("workspace_delete", "Delete a workspace with its sandbox and all its state.",
                ToolHints.OVERWRITES, List.of(Params.WORKSPACE),
                OutputSchema.object().bool("deleted").build(),
                (pyro, args) -> {
                    WorkspaceLifecycle.Deleted deleted = pyro.deleteWorkspace(args.string(Params.WORKSPACE_ID));
                    return ToolOutput.of(deleted, "Deleted " + deleted.workspaceId());
                });
    }

    static String describe(WorkspaceInfo info) {
        StringBuilder line = new StringBuilder(info.workspaceId());
        if (info.name() != null) {
            line.append(" (").append(info.name()).append(')');
        }
        line.append(" state=").append(info.state()).append(" environment=").append(info.environment());
        if (!info.labels().isEmpty()) {
            line.append(" labels=").append(info.labels());
        }
        if (info.expiresAt() != null) {
            line.append(" expires_at=").append(info.expiresAt());
        }
        return line.toString();
    }
}
