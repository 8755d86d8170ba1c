package dev.pyro.workspace;

import java.util.Map;

/** A review event: something that changed the workspace besides a command (for summaries). */
public record WorkspaceEvent(String at, String kind, Map<String, Object> details) {
}
