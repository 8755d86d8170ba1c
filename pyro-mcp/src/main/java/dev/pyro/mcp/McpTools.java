package dev.pyro.mcp;

import dev.pyro.contract.ToolProfile;
import dev.pyro.tools.PyroTool;
import dev.pyro.tools.ToolBox;
import dev.pyro.tools.ToolCatalog;
import dev.pyro.tools.ToolResult;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;

/** Turns pyro's tool definitions into MCP tools, and tool results into MCP results. */
public final class McpTools {
    private McpTools() {
    }

    /** The MCP tool list of {@code profile}, as {@code tools/list} returns it. */
    public static List<McpSchema.Tool> definitions(ToolProfile profile) {
        return ToolCatalog.forProfile(profile).stream().map(tool -> definition(tool, profile)).toList();
    }

    public static McpSchema.Tool definition(PyroTool tool, ToolProfile profile) {
        return McpSchema.Tool.builder(tool.name(), tool.inputSchema(profile))
                .description(tool.description())
                .outputSchema(tool.outputSchema())
                .annotations(McpSchema.ToolAnnotations.builder()
                        .readOnlyHint(tool.hints().readOnly())
                        .destructiveHint(tool.hints().destructive())
                        .idempotentHint(tool.hints().idempotent())
                        .openWorldHint(false)
                        .build())
                .build();
    }

    /** One tool specification per tool of the box's profile, each calling through the box. */
    public static List<SyncToolSpecification> specifications(ToolBox box) {
        return box.tools().stream()
                .map(tool -> SyncToolSpecification.builder()
                        .tool(definition(tool, box.profile()))
                        .callHandler((exchange, request) -> result(box.call(tool.name(), request.arguments())))
                        .build())
                .toList();
    }

    static CallToolResult result(ToolResult result) {
        CallToolResult.Builder builder = CallToolResult.builder().addTextContent(result.text()).isError(result.error());
        if (result.structured() != null) {
            builder.structuredContent(result.structured());
        }
        return builder.build();
    }
}
