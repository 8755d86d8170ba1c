package dev.pyro.cli;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Real `pyro mcp serve` processes, and the official SDK client talking to them. */
final class McpServers {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private McpServers() {
    }

    static List<String> pyroCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PyroCli.class.getName());
    }

    static Map<String, String> environment(Path home) {
        return Map.of("PYRO_HOME", home.toString(), "PYRO_CACHE_DIR", home.resolve("cache").toString());
    }

    /** A client connected over stdio to {@code pyro mcp serve ARGS}, which it launches. */
    static McpSyncClient stdio(Path home, StringBuilder serverStderr, String... serveArgs) {
        List<String> command = pyroCommand();
        List<String> args = new ArrayList<>(command.subList(1, command.size()));
        args.addAll(List.of("mcp", "serve"));
        args.addAll(List.of(serveArgs));
        ServerParameters parameters = ServerParameters.builder(command.get(0)).args(args).env(environment(home)).build();
        StdioClientTransport transport = new StdioClientTransport(parameters, McpJsonDefaults.getMapper());
        transport.setStdErrorHandler(line -> {
            synchronized (serverStderr) {
                serverStderr.append(line).append('\n');
            }
        });
        McpSyncClient client = McpClient.sync(transport).requestTimeout(REQUEST_TIMEOUT).build();
        client.initialize();
        return client;
    }

    static McpSyncClient http(URI endpoint, String token) {
        var builder = HttpClientStreamableHttpTransport.builder(endpoint.resolve("/").toString())
                .endpoint(endpoint.getPath());
        if (token != null) {
            builder.requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token));
        }
        McpSyncClient client = McpClient.sync(builder.build()).requestTimeout(REQUEST_TIMEOUT).build();
        client.initialize();
        return client;
    }

    /** {@code pyro mcp serve --transport http ...} as a process; close() stops it. */
    static final class HttpServer implements AutoCloseable {
        private static final Pattern LISTENING = Pattern.compile("listening on (\\S+),");
        final Process process;
        final URI endpoint;
        final StringBuilder stderr = new StringBuilder();

        HttpServer(Path home, String... serveArgs) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(pyroCommand());
            command.addAll(List.of("mcp", "serve", "--transport", "http", "--port", "0"));
            command.addAll(List.of(serveArgs));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment(home));
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            process = builder.start();
            CompletableFuture<URI> found = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        synchronized (stderr) {
                            stderr.append(line).append('\n');
                        }
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) {
                            found.complete(URI.create(m.group(1)));
                        }
                    }
                } catch (IOException e) {
                    // process ended
                }
                found.completeExceptionally(new AssertionError("server exited: " + stderr));
            });
            reader.setDaemon(true);
            reader.start();
            try {
                endpoint = found.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
                throw new AssertionError("pyro mcp serve --transport http did not start: " + stderr, e);
            }
        }

        String stderr() {
            synchronized (stderr) {
                return stderr.toString();
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
