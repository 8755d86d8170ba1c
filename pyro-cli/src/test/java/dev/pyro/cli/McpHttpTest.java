package dev.pyro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyro.Pyro;
import dev.pyro.config.PyroPaths;
import dev.pyro.contract.ToolProfile;
import io.modelcontextprotocol.client.McpSyncClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `pyro mcp serve --transport http`: the same tools over Streamable HTTP, guarded by Origin, Host and token checks. */
class McpHttpTest {
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",\
            "capabilities":{},"clientInfo":{"name":"probe","version":"1"}}}""";

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() {
        Path home = dir.resolve("home");
        Pyro pyro = Pyro.create(new PyroPaths(home, home.resolve("cache")), null);
        pyro.listWorkspaces().forEach(w -> pyro.deleteWorkspace(w.workspaceId()));
    }

    @Test
    void theCoreLoopWorksOverHttp() throws Exception {
        try (var server = new McpServers.HttpServer(dir.resolve("home"))) {
            assertThat(server.endpoint.getHost()).isEqualTo("127.0.0.1");
            McpSyncClient client = McpServers.http(server.endpoint, null);
            try {
                new McpCoreLoop(client).run(dir);
            } finally {
                client.closeGracefully();
            }
        }
    }

    @Test
    void aForeignOriginIsForbiddenAndAForeignHostMisdirected() throws Exception {
        try (var server = new McpServers.HttpServer(dir.resolve("home"))) {
            assertThat(post(server.endpoint, null, "http://evil.example").statusCode()).isEqualTo(403);
            assertThat(post(server.endpoint, null, "http://127.0.0.1:" + server.endpoint.getPort()).statusCode()).isEqualTo(200);
            assertThat(rawStatus(server.endpoint, "evil.example:" + server.endpoint.getPort())).isEqualTo(421);
        }
    }

    @Test
    void withATokenFileEveryRequestNeedsTheToken() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), "s3cret-token\n");
        try (var server = new McpServers.HttpServer(dir.resolve("home"), "--auth-token-file", tokenFile.toString(),
                "--profile", "vm-run")) {
            assertThat(post(server.endpoint, null, null).statusCode()).isEqualTo(401);
            assertThat(post(server.endpoint, "wrong", null).statusCode()).isEqualTo(401);
            assertThat(post(server.endpoint, "s3cret-token", null).statusCode()).isEqualTo(200);
            McpSyncClient client = McpServers.http(server.endpoint, "s3cret-token");
            try {
                assertThat(client.listTools().tools()).hasSize(ToolProfile.VM_RUN.tools().size());
                var run = new McpCoreLoop(client).ok("vm_run", java.util.Map.of("command", "echo hi from $(hostname)"));
                assertThat(run.get("stdout")).isEqualTo("hi from pyro\n");
            } finally {
                client.closeGracefully();
            }
        }
    }

    @Test
    void boundBeyondLoopbackATokenIsGeneratedAndRequired() throws Exception {
        try (var server = new McpServers.HttpServer(dir.resolve("home"), "--host", "0.0.0.0")) {
            Matcher token = Pattern.compile("bearer token .*: (\\S+)").matcher(server.stderr());
            assertThat(token.find()).as(server.stderr()).isTrue();
            URI local = URI.create("http://127.0.0.1:" + server.endpoint.getPort() + server.endpoint.getPath());
            assertThat(post(local, null, null).statusCode()).isEqualTo(401);
            assertThat(post(local, token.group(1), null).statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> post(URI endpoint, String token, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The JDK client will not send a made-up Host header, so this speaks HTTP/1.1 by hand. */
    private static int rawStatus(URI endpoint, String host) throws Exception {
        byte[] body = INITIALIZE.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + endpoint.getPath() + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }
}
