package dev.pyro.examples;

import dev.pyro.json.JsonSupport;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * pyro's tools through {@code pyro mcp serve --profile P}, launched as a subprocess and spoken
 * to over stdio by the official MCP Java SDK client, as a chat host does it.
 */
public final class McpTools implements ChatTools {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private final McpSyncClient client;

    /**
     * @param pyro         how to run pyro, e.g. {@code ["/path/to/pyro"]}
     * @param profile      the profile to serve
     * @param environment  extra environment for the server (e.g. {@code PYRO_HOME})
     * @param serverStderr where the server's log lines go (never mixed into the protocol)
     */
    public McpTools(List<String> pyro, String profile, Map<String, String> environment, Consumer<String> serverStderr) {
        List<String> args = new ArrayList<>(pyro.subList(1, pyro.size()));
        args.addAll(List.of("mcp", "serve", "--profile", profile));
        ServerParameters server = ServerParameters.builder(pyro.get(0)).args(args).env(environment).build();
        StdioClientTransport transport = new StdioClientTransport(server, McpJsonDefaults.getMapper());
        transport.setStdErrorHandler(serverStderr);
        client = McpClient.sync(transport).requestTimeout(REQUEST_TIMEOUT).build();
        client.initialize();
    }

    @Override
    public List<Tool> list() {
        return client.listTools().tools().stream()
                .map(tool -> new Tool(tool.name(), tool.description(), tool.inputSchema()))
                .toList();
    }

    @Override
    public Reply call(String name, Map<String, Object> arguments) {
        McpSchema.CallToolResult result;
        try {
            result = client.callTool(McpSchema.CallToolRequest.builder(name).arguments(arguments).build());
        } catch (McpError e) {
            // A tool outside the served profile is refused as a protocol error; its data names the tool.
            Object data = e.getJsonRpcError() == null ? null : e.getJsonRpcError().data();
            return new Reply(true, "Error: the server refused " + name + ": " + e.getMessage() + (data == null ? "" : " (" + data + ")")
                    + ". Use only the tools you were given.");
        }
        if (Boolean.TRUE.equals(result.isError()) || result.structuredContent() == null) {
            return new Reply(Boolean.TRUE.equals(result.isError()), text(result));
        }
        return new Reply(false, JsonSupport.line(result.structuredContent()));
    }

    private static String text(McpSchema.CallToolResult result) {
        StringBuilder text = new StringBuilder();
        for (McpSchema.Content content : result.content()) {
            if (content instanceof McpSchema.TextContent part) {
                text.append(part.text());
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        client.closeGracefully();
    }
}
