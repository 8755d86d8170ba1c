package dev.pyro.tools;

import dev.pyro.contract.Contract;
import dev.pyro.workspace.WorkspaceChanges;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Changing /workspace by patch, and seeing what changed since the baseline. */
final class ChangeTools {
    private ChangeTools() {
    }

    static List<PyroTool> all() {
        return List.of(patchApply(), diff());
    }

    private static PyroTool patchApply() {
        return new PyroTool("workspace_patch_apply",
                "Apply a unified diff (git or plain; files added, modified or deleted) to /workspace, all or nothing, no fuzz.",
                ToolHints.MUTATES,
                List.of(Params.WORKSPACE, ToolParam.string("patch", "Unified diff text; paths relative to /workspace.").required()),
                OutputSchema.object().integer("files_changed").array("files").build(),
                (pyro, args) -> {
                    WorkspaceChanges.Patched patched = pyro.applyWorkspacePatch(args.string(Params.WORKSPACE_ID),
                            args.string("patch"));
                    String text = "Applied patch to " + patched.filesChanged() + " file(s):\n" + patched.files().stream()
                            .map(f -> "  " + f.status() + " " + f.path() + " (" + f.hunks() + " hunks)")
                            .collect(Collectors.joining("\n"));
                    return ToolOutput.of(patched, text);
                });
    }

    private static PyroTool diff() {
        return new PyroTool("workspace_diff",
                "Compare /workspace to its create-time baseline: changed paths and a unified patch, paged by offset.",
                ToolHints.READ_ONLY,
                List.of(Params.WORKSPACE, Params.OFFSET,
                        ToolParam.integer("max_chars", "Characters of patch text per page.", Contract.TOOL_PAGE_BYTES, 1,
                                Contract.MAX_DIFF_PATCH_BYTES)),
                OutputSchema.object().bool("changed").object("summary").array("entries").string("patch")
                        .optionalInteger("next_offset").build(),
                (pyro, args) -> {
                    WorkspaceChanges.Diff diff = pyro.diffWorkspace(args.string(Params.WORKSPACE_ID));
                    Pages page = Pages.of(diff.patch(), args.integer("offset"), args.integer("max_chars"));
                    Map<String, Object> result = ToolOutput.toMap(diff);
                    result.put("patch", page.text());
                    if (page.nextOffset() != null) {
                        result.put("next_offset", page.nextOffset());
                    }
                    return new ToolOutput(result, render(diff, page));
                });
    }

    private static String render(WorkspaceChanges.Diff diff, Pages page) {
        if (!diff.changed()) {
            return "No changes since the baseline.";
        }
        WorkspaceChanges.Summary s = diff.summary();
        StringBuilder text = new StringBuilder(page.text());
        if (!page.text().isEmpty() && !page.text().endsWith("\n")) {
            text.append('\n');
        }
        text.append('[').append(s.total()).append(" changed: ").append(s.added()).append(" added, ").append(s.modified())
                .append(" modified, ").append(s.removed()).append(" removed");
        if (s.binary() + s.typeChanged() + s.modeChanged() > 0) {
            text.append(", ").append(s.binary()).append(" binary, ").append(s.typeChanged()).append(" type, ")
                    .append(s.modeChanged()).append(" mode");
        }
        text.append(']');
        diff.entries().stream().filter(c -> c.binary() || !c.status().equals("modified") && !c.status().equals("added")
                        && !c.status().equals("removed"))
                .limit(50)
                .forEach(c -> text.append("\n  ").append(c.status()).append(' ').append(c.path()).append(c.binary() ? " (binary)" : ""));
        text.append(page.continuation("offset={offset}"));
        if (diff.patchTruncated()) {
            text.append("\n[patch text stops at the size cap; read remaining files with workspace_file_read]");
        }
        return text.toString();
    }
}
