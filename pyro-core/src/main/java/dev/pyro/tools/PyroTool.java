package dev.pyro.tools;

import dev.pyro.contract.ToolProfile;
import java.util.List;
import java.util.Map;

/**
 * One model-facing tool: name, a one-line description, parameters, output schema, hints and
 * the handler that runs it. The MCP server and any other tool-calling loop use these same
 * definitions.
 */
public record PyroTool(String name, String description, ToolHints hints, List<ToolParam> params,
                       Map<String, Object> outputSchema, ToolHandler handler) {

    public PyroTool {
        params = List.copyOf(params);
    }

    /** The parameters {@code profile} exposes. */
    public List<ToolParam> params(ToolProfile profile) {
        return profile == ToolProfile.WORKSPACE_FULL ? params : params.stream().filter(p -> !p.fullProfileOnly()).toList();
    }

    public Map<String, Object> inputSchema(ToolProfile profile) {
        return ToolParam.objectSchema(params(profile));
    }
}
