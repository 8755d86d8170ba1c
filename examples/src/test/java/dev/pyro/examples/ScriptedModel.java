package dev.pyro.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pyro.json.JsonSupport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A model that follows a script, served on loopback as the OpenAI Responses API
 * ({@code POST /v1/responses}): each request gets the next turn of the script, which sees the
 * request (and so the results of the tool calls it made) and answers with function calls or a
 * final message. Every request is kept for the test to inspect.
 */
final class ScriptedModel implements AutoCloseable {
    private final HttpServer server;
    private final List<Function<Request, List<Map<String, Object>>>> turns;
    private final List<Request> requests = new ArrayList<>();
    private static final java.util.concurrent.atomic.AtomicInteger IDS = new java.util.concurrent.atomic.AtomicInteger();
    private int next;

    /** One request as the model received it. */
    record Request(JsonNode body) {
        List<String> toolNames() {
            List<String> names = new ArrayList<>();
            body.path("tools").forEach(tool -> names.add(tool.path("name").asText()));
            return names;
        }

        /** The output handed back for the call with this id, parsed when it is JSON. */
        String output(String callId) {
            for (JsonNode item : body.path("input")) {
                if (item.path("type").asText().equals("function_call_output") && item.path("call_id").asText().equals(callId)) {
                    return item.path("output").asText();
                }
            }
            throw new AssertionError("no output for " + callId + " in " + body);
        }

        JsonNode outputJson(String callId) {
            try {
                return JsonSupport.mapper().readTree(output(callId));
            } catch (IOException e) {
                throw new AssertionError("the output of " + callId + " is not JSON: " + output(callId), e);
            }
        }
    }

    @SafeVarargs
    ScriptedModel(Function<Request, List<Map<String, Object>>>... turns) throws IOException {
        this.turns = List.of(turns);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/responses", this::answer);
        server.start();
    }

    OpenAIClient client() {
        return OpenAIOkHttpClient.builder().apiKey("scripted")
                .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1").maxRetries(0).build();
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    private synchronized void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            Request request = new Request(JsonSupport.mapper().readTree(exchange.getRequestBody().readAllBytes()));
            requests.add(request);
            byte[] body;
            int status = 200;
            if (next >= turns.size()) {
                status = 500;
                body = "{\"error\": {\"message\": \"the script has no more turns\"}}".getBytes(StandardCharsets.UTF_8);
            } else {
                try {
                    body = JsonSupport.write(response(turns.get(next++).apply(request))).getBytes(StandardCharsets.UTF_8);
                } catch (AssertionError e) {
                    status = 500;
                    body = JsonSupport.write(Map.of("error", Map.of("message", "script failed: " + e.getMessage())))
                            .getBytes(StandardCharsets.UTF_8);
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    /** A function call the model makes; its call id is {@code call_<name>}. */
    static Map<String, Object> call(String name, Map<String, Object> arguments) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", "function_call");
        item.put("id", "fc_" + IDS.incrementAndGet());
        item.put("call_id", "call_" + name);
        item.put("name", name);
        item.put("arguments", JsonSupport.line(arguments));
        item.put("status", "completed");
        return item;
    }

    static Map<String, Object> message(String text) {
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("type", "output_text");
        part.put("text", text);
        part.put("annotations", List.of());
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", "message");
        item.put("id", "msg_" + IDS.incrementAndGet());
        item.put("role", "assistant");
        item.put("status", "completed");
        item.put("content", List.of(part));
        return item;
    }

    private Map<String, Object> response(List<Map<String, Object>> output) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", "resp_" + IDS.incrementAndGet());
        response.put("object", "response");
        response.put("created_at", System.currentTimeMillis() / 1000);
        response.put("model", "scripted");
        response.put("status", "completed");
        response.put("output", output);
        response.put("parallel_tool_calls", true);
        response.put("tool_choice", "auto");
        response.put("tools", List.of());
        response.put("temperature", 1.0);
        response.put("top_p", 1.0);
        response.put("metadata", Map.of());
        return response;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
