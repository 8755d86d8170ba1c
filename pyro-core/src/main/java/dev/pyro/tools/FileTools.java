package dev.pyro.tools;

import dev.pyro.contract.Contract;
import dev.pyro.workspace.WorkspaceFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Model-native file tools, and the two that cross to the host: export and sync push. */
final class FileTools {
    private static final ToolParam PATH = ToolParam.string("path", "Path, absolute or relative to /workspace.").required();
    /** Shared with the disk tools, which list and read the same way on a stopped workspace. */
    static final List<ToolParam> LIST_PARAMS = List.of(Params.WORKSPACE,
            ToolParam.string("path", "Directory to list.").withDefault(Contract.WORKSPACE_GUEST_PATH),
            ToolParam.bool("recursive", "Include subdirectories."));
    static final Map<String, Object> LIST_SCHEMA = OutputSchema.object().bool("truncated").array("entries").build();
    static final List<ToolParam> READ_PARAMS = List.of(Params.WORKSPACE, PATH, Params.OFFSET,
            ToolParam.integer("max_bytes", "Bytes to read.", Contract.DEFAULT_FILE_READ_MAX_BYTES, 1, Contract.MAX_FILE_BYTES));
    static final Map<String, Object> READ_SCHEMA = OutputSchema.object().integer("size_bytes").bool("truncated", "binary")
            .optionalString("content").optionalInteger("next_offset").build();

    private FileTools() {
    }

    static List<PyroTool> all() {
        return List.of(list(), read(), write(), edit(), export(), syncPush());
    }

    private static PyroTool list() {
        return new PyroTool("workspace_file_list", "List files under a workspace path with type, size and link target.",
                ToolHints.READ_ONLY, LIST_PARAMS, LIST_SCHEMA,
                (pyro, args) -> listing(pyro.listWorkspaceFiles(args.string(Params.WORKSPACE_ID), args.string("path"),
                        args.bool("recursive"))));
    }

    /** A listing within the model's entry budget, and its text. */
    static ToolOutput listing(WorkspaceFiles.Listing listing) {
        List<WorkspaceFiles.Entry> entries = listing.entries();
        boolean truncated = listing.truncated() || entries.size() > Contract.TOOL_LIST_ENTRIES;
        if (entries.size() > Contract.TOOL_LIST_ENTRIES) {
            entries = entries.subList(0, Contract.TOOL_LIST_ENTRIES);
        }
        var shown = new WorkspaceFiles.Listing(listing.workspaceId(), listing.path(), listing.recursive(),
                entries.size(), truncated, entries);
        String text = entries.isEmpty() ? "No entries under " + listing.path() + "."
                : entries.stream().map(FileTools::line).collect(Collectors.joining("\n"));
        if (truncated) {
            text += "\n[truncated at " + entries.size() + " entries: list a subdirectory, or without recursive]";
        }
        return ToolOutput.of(shown, text);
    }

    private static String line(WorkspaceFiles.Entry entry) {
        return entry.path() + " [" + entry.type() + "]" + (entry.type().equals("file") ? " " + entry.sizeBytes() + "B" : "")
                + (entry.linkTarget() == null ? "" : " -> " + entry.linkTarget());
    }

    private static PyroTool read() {
        return new PyroTool("workspace_file_read", "Read a text file from the workspace; page through large files with offset.",
                ToolHints.READ_ONLY, READ_PARAMS, READ_SCHEMA,
                (pyro, args) -> content(pyro.readWorkspaceFile(args.string(Params.WORKSPACE_ID), args.string("path"),
                        args.integer("offset"), args.intValue("max_bytes"))));
    }

    /** A file's content with where to continue, or a note that it is binary. */
    static ToolOutput content(WorkspaceFiles.Content content) {
        Map<String, Object> result = ToolOutput.toMap(content);
        long next = content.offset() + content.bytesRead();
        String text;
        if (content.binary()) {
            text = "[" + content.path() + " is a binary file of " + content.sizeBytes() + " bytes; not shown]";
        } else {
            text = content.content();
            if (content.truncated()) {
                result.put("next_offset", next);
                text += "\n[truncated: bytes " + content.offset() + ".." + next + " of " + content.sizeBytes()
                        + "; continue with offset=" + next + "]";
            }
        }
        return new ToolOutput(result, text);
    }

    private static PyroTool write() {
        return new PyroTool("workspace_file_write", "Create or overwrite a workspace file with the given text, creating parent directories.",
                ToolHints.OVERWRITES,
                List.of(Params.WORKSPACE, PATH, ToolParam.string("text", "The whole new content (UTF-8).").required()),
                OutputSchema.object().integer("bytes").build(),
                (pyro, args) -> {
                    WorkspaceFiles.Written written = pyro.writeWorkspaceFile(args.string(Params.WORKSPACE_ID),
                            args.string("path"), args.string("text"));
                    return ToolOutput.of(written, "Wrote " + written.bytes() + " bytes to " + written.path());
                });
    }

    private static PyroTool edit() {
        return new PyroTool("workspace_file_edit",
                "Replace an exact string in a workspace file; fails if it is missing, or not unique without replace_all.",
                ToolHints.MUTATES,
                List.of(Params.WORKSPACE, PATH, ToolParam.string("old_text", "Exact text to find.").required(),
                        ToolParam.string("new_text", "Replacement.").required(),
                        ToolParam.bool("replace_all", "Replace every occurrence.")),
                OutputSchema.object().integer("replacements").build(),
                (pyro, args) -> {
                    WorkspaceFiles.Edited edited = pyro.editWorkspaceFile(args.string(Params.WORKSPACE_ID), args.string("path"),
                            args.string("old_text"), args.string("new_text"), args.bool("replace_all"));
                    return ToolOutput.of(edited, "Replaced " + edited.replacements() + " occurrence(s) in " + edited.path());
                });
    }

    private static PyroTool export() {
        return new PyroTool("workspace_export", "Copy a workspace file or directory out to a new path on the host.",
                ToolHints.ADDITIVE,
                List.of(Params.WORKSPACE,
                        ToolParam.string("path", "What to export.").withDefault(Contract.WORKSPACE_GUEST_PATH),
                        ToolParam.string("output_path", "New host path to create (never overwritten).").required()),
                OutputSchema.object().string("output", "kind").integer("entries", "bytes").build(),
                (pyro, args) -> {
                    WorkspaceFiles.Exported exported = pyro.exportWorkspace(args.string(Params.WORKSPACE_ID),
                            args.string("path"), Path.of(args.string("output_path")));
                    String text = "Exported " + exported.path() + " to " + exported.output() + " (" + exported.entries()
                            + " entries, " + exported.bytes() + " bytes)"
                            + (exported.skippedLinks().isEmpty() ? "" : "; skipped links leading outside: " + exported.skippedLinks())
                            + (exported.redactedFiles().isEmpty() ? "" : "; secrets redacted in: " + exported.redactedFiles());
                    return ToolOutput.of(exported, text);
                });
    }

    private static PyroTool syncPush() {
        return new PyroTool("workspace_sync_push",
                "Copy a host directory or archive into the workspace, overwriting files of the same name.",
                ToolHints.OVERWRITES,
                List.of(Params.WORKSPACE, ToolParam.string("source_path", "Host directory or .tar/.tar.gz.").required(),
                        ToolParam.string("dest", "Directory in the workspace.").withDefault(Contract.WORKSPACE_GUEST_PATH)),
                OutputSchema.object().string("workspace_id", "source", "dest").integer("entries", "files", "bytes").build(),
                (pyro, args) -> {
                    WorkspaceFiles.Synced synced = pyro.pushWorkspaceSync(args.string(Params.WORKSPACE_ID),
                            Path.of(args.string("source_path")), args.string("dest"));
                    return ToolOutput.of(synced, "Pushed " + synced.files() + " files (" + synced.bytes() + " bytes) into "
                            + synced.dest());
                });
    }
}
