package dev.pyro.tools;

import dev.pyro.workspace.WorkspaceSnapshots;
import java.util.List;
import java.util.stream.Collectors;

/** Named snapshots of /workspace to reset to. */
final class SnapshotTools {
    private static final ToolParam NAME = ToolParam.string("snapshot_name", "Snapshot name.").required();

    private SnapshotTools() {
    }

    static List<PyroTool> all() {
        return List.of(create(), list(), delete());
    }

    private static PyroTool create() {
        return new PyroTool("snapshot_create", "Save the current /workspace tree as a named snapshot that workspace_reset can restore.",
                ToolHints.ADDITIVE, List.of(Params.WORKSPACE, NAME),
                OutputSchema.object().string("name", "created_at").integer("entries", "bytes").build(),
                (pyro, args) -> {
                    WorkspaceSnapshots.Snapshot snapshot = pyro.createSnapshot(args.string(Params.WORKSPACE_ID),
                            args.string("snapshot_name"));
                    return ToolOutput.of(snapshot, "Saved snapshot " + snapshot.name() + " (" + snapshot.entries()
                            + " entries, " + snapshot.bytes() + " bytes)");
                });
    }

    private static PyroTool list() {
        return new PyroTool("snapshot_list", "List a workspace's snapshots, the baseline included.", ToolHints.READ_ONLY,
                List.of(Params.WORKSPACE),
                OutputSchema.object().string("workspace_id").integer("count").array("snapshots").build(),
                (pyro, args) -> {
                    WorkspaceSnapshots.Snapshots snapshots = pyro.listSnapshots(args.string(Params.WORKSPACE_ID));
                    return ToolOutput.of(snapshots, snapshots.snapshots().stream()
                            .map(s -> s.name() + " " + s.createdAt() + " " + s.entries() + " entries")
                            .collect(Collectors.joining("\n")));
                });
    }

    private static PyroTool delete() {
        return new PyroTool("snapshot_delete", "Delete a named snapshot.", ToolHints.OVERWRITES,
                List.of(Params.WORKSPACE, NAME),
                OutputSchema.object().string("workspace_id", "name").bool("deleted").build(),
                (pyro, args) -> {
                    WorkspaceSnapshots.Deleted deleted = pyro.deleteSnapshot(args.string(Params.WORKSPACE_ID),
                            args.string("snapshot_name"));
                    return ToolOutput.of(deleted, "Deleted snapshot " + deleted.name());
                });
    }
}
