package dev.pyro.bench;

import dev.pyro.Pyro;
import dev.pyro.RunRequest;
import dev.pyro.workspace.CreateRequest;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Round trips through {@code ./pyro mcp serve}, per transport: {@code vm_run true} against a
 * one-shot through the Java API, and {@code workspace_exec true} against an exec through the
 * Java API, measured interleaved in the same run.
 */
final class McpBench {
    private final Pyro pyro;
    private final Path launcher;
    private final Path home;
    private final int rounds;

    McpBench(Pyro pyro, Path launcher, Path home, int rounds) {
        this.pyro = pyro;
        this.launcher = launcher;
        this.home = home;
        this.rounds = rounds;
    }

    void run() throws Exception {
        String floorWorkspace = pyro.createWorkspace(CreateRequest.of("host")).workspaceId();
        Samples runFloor = new Samples("one-shot true (Java API, floor)");
        Samples execFloor = new Samples("workspace exec true (Java API)");
        Samples stdioRun = new Samples("stdio vm_run true");
        Samples stdioExec = new Samples("stdio workspace_exec true");
        Samples httpRun = new Samples("http vm_run true");
        Samples httpExec = new Samples("http workspace_exec true");

        McpSyncClient stdio = stdioClient();
        int port = freePort();
        ProcessBuilder serve = new ProcessBuilder(launcher.toString(), "mcp", "serve", "--transport", "http", "--port",
                String.valueOf(port), "--profile", "workspace-full")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        serve.environment().putAll(environment());
        Process httpServer = serve.start();
        httpServer.getOutputStream().close();
        try {
            McpSyncClient http = httpClient(port, Duration.ofSeconds(60));
            String stdioWorkspace = workspace(stdio);
            String httpWorkspace = workspace(http);
            for (int i = 0; i < rounds + 5; i++) {
                boolean warm = i >= 5;
                time(warm, runFloor, () -> pyro.run(RunRequest.of("true")));
                time(warm, execFloor, () -> pyro.execWorkspace(floorWorkspace, "true"));
                time(warm, stdioRun, () -> call(stdio, "vm_run", Map.of("command", "true")));
                time(warm, stdioExec, () -> call(stdio, "workspace_exec", Map.of("workspace_id", stdioWorkspace, "command", "true")));
                time(warm, httpRun, () -> call(http, "vm_run", Map.of("command", "true")));
                time(warm, httpExec, () -> call(http, "workspace_exec", Map.of("workspace_id", httpWorkspace, "command", "true")));
            }
            call(stdio, "workspace_delete", Map.of("workspace_id", stdioWorkspace));
            call(http, "workspace_delete", Map.of("workspace_id", httpWorkspace));
            http.closeGracefully();
        } finally {
            stdio.closeGracefully();
            httpServer.destroy();
            httpServer.waitFor(10, TimeUnit.SECONDS);
            pyro.deleteWorkspace(floorWorkspace);
        }

        System.out.println();
        System.out.println("MCP server (./pyro mcp serve, workspace-full), round trips:");
        Bench.print(runFloor, null, "");
        Bench.print(stdioRun, runFloor, overhead(stdioRun, runFloor));
        Bench.print(httpRun, runFloor, overhead(httpRun, runFloor));
        Bench.print(execFloor, null, "");
        Bench.print(stdioExec, execFloor, overhead(stdioExec, execFloor));
        Bench.print(httpExec, execFloor, overhead(httpExec, execFloor));
    }

    private static void time(boolean record, Samples samples, Samples.Action action) throws Exception {
        if (record) {
            samples.time(action);
        } else {
            action.run();
        }
    }

    private static String overhead(Samples samples, Samples floor) {
        return String.format(Locale.ROOT, "protocol overhead %.2f ms", samples.median() - floor.median());
    }

    private McpSyncClient stdioClient() {
        ServerParameters server = ServerParameters.builder(launcher.toString())
                .args(List.of("mcp", "serve", "--profile", "workspace-full"))
                .env(environment())
                .build();
        var transport = new StdioClientTransport(server, McpJsonDefaults.getMapper());
        transport.setStdErrorHandler(line -> { });
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build();
        client.initialize();
        return client;
    }

    static McpSyncClient httpClient(int port, Duration requestTimeout) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            var transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port).endpoint("/mcp").build();
            McpSyncClient client = McpClient.sync(transport).requestTimeout(requestTimeout).build();
            try {
                client.initialize();
                return client;
            } catch (RuntimeException notUpYet) {
                client.close();
                if (attempt > 100) {
                    throw notUpYet;
                }
                Thread.sleep(100);
            }
        }
    }

    private Map<String, String> environment() {
        return Map.of("PYRO_HOME", home.resolve("home").toString(), "PYRO_CACHE_DIR", home.resolve("cache").toString());
    }

    private static String workspace(McpSyncClient client) {
        @SuppressWarnings("unchecked")
        Map<String, Object> created = (Map<String, Object>) call(client, "workspace_create", Map.of()).structuredContent();
        return (String) created.get("workspace_id");
    }

    static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build());
        if (Boolean.TRUE.equals(result.isError())) {
            throw new IllegalStateException(tool + " failed: " + result.content());
        }
        return result;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
