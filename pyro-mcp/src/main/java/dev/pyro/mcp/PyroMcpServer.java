package dev.pyro.mcp;

import dev.pyro.Pyro;
import dev.pyro.contract.Contract;
import dev.pyro.contract.ToolProfile;
import dev.pyro.tools.ToolBox;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;

/**
 * Builds pyro's MCP server for one profile on a transport, for {@code pyro mcp serve} and for
 * Java applications that embed it:
 *
 * <pre>{@code
 * var transport = new StdioServerTransportProvider(McpJsonDefaults.getMapper(), in, out);
 * McpSyncServer server = PyroMcpServer.create(Pyro.create(), ToolProfile.WORKSPACE_CORE, transport);
 * }</pre>
 *
 * To add pyro's tools to a server of your own, use {@link McpTools#specifications(ToolBox)}.
 */
public final class PyroMcpServer {
    private PyroMcpServer() {
    }

    public static McpSyncServer create(Pyro pyro, ToolProfile profile, McpServerTransportProvider transport) {
        return configure(McpServer.sync(transport), pyro, profile);
    }

    public static McpSyncServer create(Pyro pyro, ToolProfile profile, McpStreamableServerTransportProvider transport) {
        return configure(McpServer.sync(transport), pyro, profile);
    }

    private static McpSyncServer configure(McpServer.SyncSpecification<?> spec, Pyro pyro, ToolProfile profile) {
        return spec.serverInfo(Contract.MCP_SERVER_NAME, Pyro.version())
                .instructions(instructions(profile))
                .capabilities(capabilities())
                .tools(McpTools.specifications(new ToolBox(pyro, profile)))
                .build();
    }

    private static McpSchema.ServerCapabilities capabilities() {
        return McpSchema.ServerCapabilities.builder().tools(false).build();
    }

    /** What the server tells the model about itself when a session starts. */
    static String instructions(ToolProfile profile) {
        return profile == ToolProfile.VM_RUN
                ? "pyro runs commands in isolated, throwaway sandboxes. Use vm_run for each command; nothing persists."
                : "pyro gives you isolated workspaces: create one (optionally seeded from a host directory), then run "
                + "commands, read and edit files, apply patches, diff against the start, reset, export and delete. "
                + "Refer to a workspace by id or name. Delete workspaces you no longer need.";
    }
}
