package dev.pyro.tools;

import dev.pyro.workspace.WorkspaceDisk;
import dev.pyro.workspace.WorkspaceInfo;
import java.nio.file.Path;
import java.util.List;

/** Stop and start, and the secondary disk tools that inspect a stopped workspace offline. */
final class DiskTools {
    private DiskTools() {
    }

    static List<PyroTool> all() {
        return List.of(stop(), start(), diskList(), diskRead(), diskExport());
    }

    private static PyroTool stop() {
        return new PyroTool("workspace_stop", "Stop a workspace's sandbox and all its processes, keeping /workspace.",
                ToolHints.OVERWRITES, List.of(Params.WORKSPACE), WorkspaceTools.INFO_SCHEMA,
                (pyro, args) -> info(pyro.stopWorkspace(args.string(Params.WORKSPACE_ID)), "Stopped "));
    }

    private static PyroTool start() {
        return new PyroTool("workspace_start", "Start a stopped workspace again with /workspace as it was.",
                ToolHints.OVERWRITES, List.of(Params.WORKSPACE), WorkspaceTools.INFO_SCHEMA,
                (pyro, args) -> info(pyro.startWorkspace(args.string(Params.WORKSPACE_ID)), "Started "));
    }

    private static PyroTool diskList() {
        return new PyroTool("workspace_disk_list", "List files of a stopped workspace offline; links are shown, not followed.",
                ToolHints.READ_ONLY, FileTools.LIST_PARAMS, FileTools.LIST_SCHEMA,
                (pyro, args) -> FileTools.listing(pyro.listWorkspaceDisk(args.string(Params.WORKSPACE_ID), args.string("path"),
                        args.bool("recursive"))));
    }

    private static PyroTool diskRead() {
        return new PyroTool("workspace_disk_read", "Read a text file of a stopped workspace offline; links are not followed.",
                ToolHints.READ_ONLY, FileTools.READ_PARAMS, FileTools.READ_SCHEMA,
                (pyro, args) -> FileTools.content(pyro.readWorkspaceDisk(args.string(Params.WORKSPACE_ID), args.string("path"),
                        args.integer("offset"), args.intValue("max_bytes"))));
    }

    private static PyroTool diskExport() {
        return new PyroTool("workspace_disk_export", "Write a stopped workspace's /workspace as an ext4 image to a new host file.",
                ToolHints.ADDITIVE,
                List.of(Params.WORKSPACE, ToolParam.string("output_path", "New host file (never overwritten).").required()),
                OutputSchema.object().string("output", "format").integer("size_bytes").build(),
                (pyro, args) -> {
                    WorkspaceDisk.Exported exported = pyro.exportWorkspaceDisk(args.string(Params.WORKSPACE_ID),
                            Path.of(args.string("output_path")));
                    return ToolOutput.of(exported, "Exported the disk of " + exported.workspaceId() + " to " + exported.output()
                            + " (" + exported.format() + ", " + exported.sizeBytes() + " bytes)");
                });
    }

    private static ToolOutput info(WorkspaceInfo info, String verb) {
        return ToolOutput.of(info, verb + WorkspaceTools.describe(info));
    }
}
