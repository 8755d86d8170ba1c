package dev.pyro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The core loop a model runs, through a real MCP client and server: create, exec, read, patch,
 * exec, diff, export, reset, delete. Every result is checked against its tool's output schema.
 */
final class McpCoreLoop {
    static final String FIX = """
            --- a/calc.sh
            +++ b/calc.sh
            @@ -1,3 +1,3 @@
             add() {
            -    echo $(($1 - $2))
            +    echo $(($1 + $2))
             }
            """;
    static final String BROKEN = "add() {\n    echo $(($1 - $2))\n}\n";

    private final McpSyncClient client;
    private final Map<String, Map<String, Object>> outputSchemas = new HashMap<>();

    McpCoreLoop(McpSyncClient client) {
        this.client = client;
        client.listTools().tools().forEach(tool -> outputSchemas.put(tool.name(), tool.outputSchema()));
    }

    /** Calls a tool that must succeed; returns its structured content, checked against the schema. */
    Map<String, Object> ok(String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build());
        assertThat(result.isError()).as(tool + ": " + text(result)).isNotEqualTo(Boolean.TRUE);
        assertThat(result.structuredContent()).as(tool).isNotNull();
        var validation = McpJsonDefaults.getSchemaValidator().validate(outputSchemas.get(tool), result.structuredContent());
        assertThat(validation.valid()).as(tool + " output vs schema: " + validation.errorMessage()).isTrue();
        assertThat(text(result)).as(tool + " text").isNotBlank();
        @SuppressWarnings("unchecked")
        Map<String, Object> structured = (Map<String, Object>) result.structuredContent();
        return structured;
    }

    /** Calls a tool that must fail as a tool error; returns the error text. */
    String error(String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build());
        assertThat(result.isError()).as(tool + " should fail: " + text(result)).isTrue();
        return text(result);
    }

    McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build());
    }

    static String text(McpSchema.CallToolResult result) {
        StringBuilder text = new StringBuilder();
        result.content().forEach(c -> {
            if (c instanceof McpSchema.TextContent t) {
                text.append(t.text());
            }
        });
        return text.toString();
    }

    static Path seedRepo(Path dir) throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("calc.sh"), BROKEN);
        Files.writeString(repo.resolve("test.sh"), ". ./calc.sh\n[ \"$(add 2 3)\" = 5 ] && echo PASS || { echo FAIL; exit 1; }\n");
        return repo;
    }

    void run(Path dir) throws Exception {
        Path repo = seedRepo(dir);
        Map<String, Object> created = ok("workspace_create", Map.of("seed_path", repo.toString(), "name", "calc"));
        String id = (String) created.get("workspace_id");
        assertThat(created.get("state")).isEqualTo("started");

        Map<String, Object> failing = ok("workspace_exec", Map.of("workspace_id", "calc", "command", "sh test.sh"));
        assertThat(failing.get("exit_code")).isEqualTo(1);
        assertThat(failing.get("stdout")).isEqualTo("FAIL\n");

        Map<String, Object> read = ok("workspace_file_read", Map.of("workspace_id", id, "path", "calc.sh"));
        assertThat(read.get("content")).isEqualTo(BROKEN);

        Map<String, Object> patched = ok("workspace_patch_apply", Map.of("workspace_id", id, "patch", FIX));
        assertThat(patched.get("files_changed")).isEqualTo(1);

        Map<String, Object> passing = ok("workspace_exec", Map.of("workspace_id", id, "command", "sh test.sh"));
        assertThat(passing.get("exit_code")).isEqualTo(0);
        assertThat(passing.get("stdout")).isEqualTo("PASS\n");
        assertThat(passing.get("sequence")).isEqualTo(2);

        Map<String, Object> diff = ok("workspace_diff", Map.of("workspace_id", id));
        assertThat(diff.get("changed")).isEqualTo(true);
        assertThat((String) diff.get("patch")).contains("+    echo $(($1 + $2))").contains("-    echo $(($1 - $2))");

        Path exported = dir.resolve("exported");
        Map<String, Object> export = ok("workspace_export", Map.of("workspace_id", id, "output_path", exported.toString()));
        assertThat(export.get("kind")).isEqualTo("directory");
        assertThat(Files.readString(exported.resolve("calc.sh"))).contains("$(($1 + $2))");

        Map<String, Object> reset = ok("workspace_reset", Map.of("workspace_id", id));
        assertThat(reset.get("reset_count")).isEqualTo(1);
        assertThat(ok("workspace_file_read", Map.of("workspace_id", id, "path", "calc.sh")).get("content")).isEqualTo(BROKEN);
        assertThat(ok("workspace_diff", Map.of("workspace_id", id)).get("changed")).isEqualTo(false);

        Map<String, Object> deleted = ok("workspace_delete", Map.of("workspace_id", "calc"));
        assertThat(deleted.get("deleted")).isEqualTo(true);
        assertThat(ok("workspace_list", Map.of()).get("count")).isEqualTo(0);
    }
}
