package dev.pyro.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyro.Pyro;
import dev.pyro.config.PyroPaths;
import dev.pyro.contract.ToolProfile;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Java application embeds pyro's MCP server with the factory and serves it in-process. */
class EmbeddedServerTest {
    @TempDir
    Path dir;

    @Test
    void anEmbeddedServerRunsToolsInRealSandboxes() {
        Pyro pyro = Pyro.create(new PyroPaths(dir.resolve("home"), dir.resolve("cache")), null);
        try (HttpMcpServer server = HttpMcpServer.start(pyro, ToolProfile.VM_RUN, "127.0.0.1", 0, null)) {
            var transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + server.endpoint().getPort())
                    .endpoint(server.endpoint().getPath()).build();
            McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build();
            try {
                client.initialize();
                assertThat(client.getServerInfo().name()).isEqualTo("pyro");
                McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder("vm_run")
                        .arguments(Map.of("command", "cat /etc/hostname; ls /workspace | wc -l; exit 7")).build());
                assertThat(result.isError()).isFalse();
                @SuppressWarnings("unchecked")
                Map<String, Object> structured = (Map<String, Object>) result.structuredContent();
                assertThat(structured).containsEntry("exit_code", 7).containsEntry("stdout", "pyro\n0\n");
                assertThat(((McpSchema.TextContent) result.content().get(0)).text()).contains("exit_code=7");
            } finally {
                client.closeGracefully();
            }
        }
    }
}
