package dev.pyro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyro.Pyro;
import dev.pyro.config.PyroPaths;
import dev.pyro.contract.ToolProfile;
import dev.pyro.json.JsonSupport;
import dev.pyro.tools.PyroTool;
import dev.pyro.tools.ToolCatalog;
import dev.pyro.mcp.ToolBudget;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** `pyro mcp serve` over stdio, driven by the official MCP Java SDK client as a chat host would. */
class McpStdioTest {
    @TempDir
    Path dir;

    private final StringBuilder serverStderr = new StringBuilder();
    private McpSyncClient client;

    private McpSyncClient serve(String... args) {
        client = McpServers.stdio(dir.resolve("home"), serverStderr, args);
        return client;
    }

    @AfterEach
    void cleanUp() {
        if (client != null) {
            client.closeGracefully();
        }
        Path home = dir.resolve("home");
        Pyro pyro = Pyro.create(new PyroPaths(home, home.resolve("cache")), null);
        pyro.listWorkspaces().forEach(w -> pyro.deleteWorkspace(w.workspaceId()));
    }

    @ParameterizedTest
    @EnumSource(ToolProfile.class)
    void eachProfileListsExactlyItsContractTools(ToolProfile profile) throws Exception {
        McpSchema.ListToolsResult listed = serve("--profile", profile.id()).listTools();

        assertThat(listed.tools()).extracting(McpSchema.Tool::name).containsExactlyElementsOf(profile.tools());
        assertThat(McpJsonDefaults.getMapper().writeValueAsString(listed).length())
                .as("what pyro mcp budget reports is what the client receives")
                .isEqualTo(ToolBudget.measure(profile).bytes());
        Map<String, PyroTool> catalog = ToolCatalog.all().stream().collect(Collectors.toMap(PyroTool::name, t -> t));
        for (McpSchema.Tool tool : listed.tools()) {
            PyroTool expected = catalog.get(tool.name());
            assertThat(tool.description()).isEqualTo(expected.description());
            assertThat(JsonSupport.line(tool.inputSchema())).isEqualTo(JsonSupport.line(expected.inputSchema(profile)));
            assertThat(tool.outputSchema()).as(tool.name()).isNotNull().containsEntry("type", "object");
            assertThat(tool.annotations().readOnlyHint()).isEqualTo(expected.hints().readOnly());
            assertThat(tool.annotations().destructiveHint()).isEqualTo(expected.hints().destructive());
            assertThat(tool.annotations().idempotentHint()).isEqualTo(expected.hints().idempotent());
        }
    }

    @Test
    void coreNarrowsWorkspaceCreateAndFullDoesNot() {
        McpSchema.Tool core = createTool(serve());
        client.closeGracefully();
        McpSchema.Tool full = createTool(serve("--profile", "workspace-full"));

        assertThat(properties(core)).containsOnlyKeys("environment", "seed_path", "name", "labels");
        assertThat(properties(full)).containsKeys("environment", "seed_path", "name", "labels", "vcpu_count", "mem_mib",
                "ttl_seconds", "secrets", "network_policy");
    }

    @Test
    void theCoreLoopWorksOverStdio() throws Exception {
        new McpCoreLoop(serve()).run(dir);
    }

    @Test
    void aToolOutsideTheProfileIsRefusedByNameAndTheSessionGoesOn() {
        McpSyncClient core = serve();
        assertThatThrownBy(() -> core.callTool(McpSchema.CallToolRequest.builder("snapshot_create")
                .arguments(Map.of("workspace_id", "x", "snapshot_name", "s")).build()))
                .isInstanceOf(McpError.class)
                .satisfies(e -> assertThat(e.getMessage() + ((McpError) e).getJsonRpcError().data()).contains("snapshot_create"));
        assertThat(core.listTools().tools()).hasSize(ToolProfile.WORKSPACE_CORE.tools().size());
    }

    @Test
    void badInputGetsClearToolErrorsAndTheServerKeepsServing() throws Exception {
        McpCoreLoop loop = new McpCoreLoop(serve());
        loop.ok("workspace_create", Map.of("name", "alpha"));

        assertThat(loop.error("workspace_exec", Map.of("workspace_id", "alpha", "command", "true", "timeout_seconds", "soon")))
                .contains("timeout_seconds");
        assertThat(loop.error("workspace_exec", Map.of("workspace_id", "alpha"))).contains("command");
        assertThat(loop.error("workspace_create", Map.of("vcpu_count", 4))).contains("vcpu_count");
        assertThat(loop.error("workspace_status", Map.of("workspace_id", "alpah")))
                .contains("no workspace 'alpah'").contains("alpha");
        assertThat(loop.error("workspace_patch_apply", Map.of("workspace_id", "alpha", "patch", "this is not a diff")))
                .containsIgnoringCase("patch");
        assertThat(loop.error("workspace_file_read", Map.of("workspace_id", "alpha", "path", "../../etc/passwd")))
                .contains("Error");

        assertThat(loop.ok("workspace_list", Map.of()).get("count")).isEqualTo(1);
    }

    @Test
    void fullRunsTheStandaloneSandboxLifecycle() {
        McpCoreLoop loop = new McpCoreLoop(serve("--profile", "workspace-full"));
        String vm = (String) loop.ok("vm_create", Map.of("mem_mib", 256, "ttl_seconds", 60)).get("vm_id");
        assertThat(loop.ok("vm_start", Map.of("vm_id", vm)).get("state")).isEqualTo("started");
        assertThat(loop.ok("vm_network_info", Map.of("vm_id", vm)).get("interfaces")).isEqualTo(java.util.List.of("lo"));
        assertThat(loop.ok("vm_stop", Map.of("vm_id", vm)).get("state")).isEqualTo("stopped");
        Map<String, Object> exec = loop.ok("vm_exec", Map.of("vm_id", vm, "command", "echo hi; exit 2"));
        assertThat(exec).containsEntry("exit_code", 2).containsEntry("stdout", "hi\n").containsEntry("vm_deleted", true);
        assertThat(loop.error("vm_status", Map.of("vm_id", vm))).contains("no VM '" + vm + "'");
        assertThat(loop.ok("vm_reap_expired", Map.of()).get("count")).isEqualTo(0);
        assertThat((Integer) loop.ok("vm_list_environments", Map.of()).get("count")).isPositive();
    }

    @Test
    void fullStopsAWorkspaceInspectsItsDiskAndStartsIt() {
        McpCoreLoop loop = new McpCoreLoop(serve("--profile", "workspace-full"));
        loop.ok("workspace_create", Map.of("name", "disk"));
        loop.ok("workspace_file_write", Map.of("workspace_id", "disk", "path", "notes/a.txt", "text", "kept\n"));
        assertThat(loop.ok("workspace_stop", Map.of("workspace_id", "disk")).get("state")).isEqualTo("stopped");
        assertThat(loop.error("workspace_exec", Map.of("workspace_id", "disk", "command", "true")))
                .contains("is stopped").contains("workspace_start");
        assertThat(loop.ok("workspace_disk_list", Map.of("workspace_id", "disk", "recursive", true)).get("entries").toString())
                .contains("/workspace/notes/a.txt");
        assertThat(loop.ok("workspace_disk_read", Map.of("workspace_id", "disk", "path", "notes/a.txt")).get("content"))
                .isEqualTo("kept\n");
        Path image = dir.resolve("disk.img");
        assertThat(loop.ok("workspace_disk_export", Map.of("workspace_id", "disk", "output_path", image.toString())).get("format"))
                .isEqualTo("ext4");
        assertThat(image).isRegularFile();
        assertThat(loop.ok("workspace_start", Map.of("workspace_id", "disk")).get("state")).isEqualTo("started");
        assertThat(loop.ok("workspace_exec", Map.of("workspace_id", "disk", "command", "cat notes/a.txt")).get("stdout"))
                .isEqualTo("kept\n");
        assertThat(loop.error("workspace_disk_list", Map.of("workspace_id", "disk"))).contains("workspace_stop");
    }

    @Test
    void fullDrivesAShellAndCoreDoesNotOfferOne() {
        McpCoreLoop loop = new McpCoreLoop(serve("--profile", "workspace-full"));
        loop.ok("workspace_create", Map.of("name", "tty"));
        String shell = (String) loop.ok("shell_open", Map.of("workspace_id", "tty", "cols", 80)).get("shell_id");
        loop.ok("shell_write", Map.of("workspace_id", "tty", "shell_id", shell,
                "input", "printf '\\033[1mbold\\033[0m\\r\\033[Kgone\\n'; sleep 100"));
        StringBuilder seen = new StringBuilder();
        long cursor = 0;
        for (int attempt = 0; attempt < 50 && !seen.toString().contains("gone\n"); attempt++) {
            Map<String, Object> read = loop.ok("shell_read", Map.of("workspace_id", "tty", "shell_id", shell, "cursor", cursor,
                    "plain", true, "wait_for_idle_ms", 300));
            seen.append((String) read.get("output"));
            cursor = ((Number) read.get("next_cursor")).longValue();
        }
        assertThat(seen.toString()).contains("\ngone\n").doesNotContain("\u001b");
        assertThat(loop.ok("shell_signal", Map.of("workspace_id", "tty", "shell_id", shell)).get("state")).isEqualTo("running");
        assertThat(loop.error("shell_signal", Map.of("workspace_id", "tty", "shell_id", shell, "signal", "STOP")))
                .contains("signal").contains("\"KILL\"");
        assertThat(loop.ok("shell_list", Map.of("workspace_id", "tty")).get("count")).isEqualTo(1);
        assertThat(loop.ok("shell_close", Map.of("workspace_id", "tty", "shell_id", shell)).get("shell_id")).isEqualTo(shell);
        assertThat(loop.error("shell_read", Map.of("workspace_id", "tty", "shell_id", shell))).contains("no shell");
        client.closeGracefully();

        assertThat(serve().listTools().tools()).extracting(McpSchema.Tool::name).noneMatch(name -> name.startsWith("shell_"));
    }

    @Test
    void fullRunsServicesAndCoreDoesNotOfferThem() {
        McpCoreLoop loop = new McpCoreLoop(serve("--profile", "workspace-full"));
        loop.ok("workspace_create", Map.of("name", "svc"));
        Map<String, Object> started = loop.ok("service_start", Map.of("workspace_id", "svc", "service_name", "worker",
                "command", "echo hello; touch /tmp/up; exec sleep 600",
                "readiness", Map.of("type", "file", "path", "/tmp/up"), "ready_interval_ms", 50));
        assertThat(started).containsEntry("state", "running").containsKey("ready_at");
        assertThat(loop.ok("service_list", Map.of("workspace_id", "svc"))).containsEntry("running_count", 1);
        assertThat(loop.ok("service_logs", Map.of("workspace_id", "svc", "service_name", "worker"))).containsEntry("stdout", "hello\n");
        assertThat(loop.error("service_start", Map.of("workspace_id", "svc", "service_name", "bad", "command", "exit 4",
                "readiness", Map.of("type", "command", "command", "false")))).contains("exited with code 4 before it was ready");
        assertThat(loop.error("service_start", Map.of("workspace_id", "svc", "service_name", "odd", "command", "true",
                "readiness", Map.of("type", "socket")))).contains("file, tcp, http, command");
        assertThat(loop.ok("service_status", Map.of("workspace_id", "svc", "service_name", "bad"))).containsEntry("state", "failed")
                .containsEntry("exit_code", 4);
        assertThat(loop.ok("service_stop", Map.of("workspace_id", "svc", "service_name", "worker"))).containsEntry("state", "stopped");
        assertThat(loop.ok("workspace_status", Map.of("workspace_id", "svc"))).containsEntry("service_count", 2)
                .containsEntry("running_service_count", 0);
        client.closeGracefully();

        assertThat(serve().listTools().tools()).extracting(McpSchema.Tool::name).noneMatch(name -> name.startsWith("service_"));
    }

    @Test
    void fullTakesSecretsAndRedactsThemWhileCoreDoesNotOfferThem() {
        McpCoreLoop loop = new McpCoreLoop(serve("--profile", "workspace-full"));
        Map<String, Object> created = loop.ok("workspace_create", Map.of("name", "sec", "secrets", Map.of("TOKEN", "mcp-secret-5521")));
        assertThat(created.get("secrets")).isEqualTo(java.util.List.of("TOKEN"));
        Map<String, Object> exec = loop.ok("workspace_exec", Map.of("workspace_id", "sec", "command", "echo got=$T",
                "secret_env", Map.of("TOKEN", "T")));
        assertThat(exec).containsEntry("stdout", "got=[REDACTED]\n");
        assertThat(loop.error("workspace_exec", Map.of("workspace_id", "sec", "command", "true",
                "secret_env", Map.of("NOPE", "X")))).contains("no secret 'NOPE'");
        client.closeGracefully();

        McpCoreLoop core = new McpCoreLoop(serve());
        assertThat(core.error("workspace_exec", Map.of("workspace_id", "sec", "command", "true",
                "secret_env", Map.of("TOKEN", "T")))).contains("secret_env");
    }

    @Test
    void fullPublishesAServicePortWhileVmRunAndCoreOfferNoNetwork() throws Exception {
        McpCoreLoop loop = new McpCoreLoop(serve("--profile", "workspace-full"));
        loop.ok("workspace_create", Map.of("name", "net", "network_policy", "egress+published-ports"));
        assertThat(loop.ok("workspace_status", Map.of("workspace_id", "net"))).containsEntry("network_policy", "egress+published-ports");
        loop.ok("workspace_file_write", Map.of("workspace_id", "net", "path", "hello.txt", "text", "over mcp"));
        Map<String, Object> started = loop.ok("service_start", Map.of("workspace_id", "net", "service_name", "web",
                "command", "/opt/pyro/jdk/bin/jwebserver -b 0.0.0.0 -p 8080 -d /workspace", "published_ports", List.of("8080"),
                "ready_interval_ms", 50));
        @SuppressWarnings("unchecked")
        Map<String, Object> port = ((List<Map<String, Object>>) started.get("published_ports")).get(0);
        assertThat(port).containsEntry("host_address", "127.0.0.1").containsEntry("guest_port", 8080);
        java.net.http.HttpResponse<String> page = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port.get("host_port") + "/hello.txt"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).isEqualTo("over mcp");
        assertThat(loop.ok("vm_run", Map.of("command", "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort",
                "network", true))).containsEntry("stdout", "lo\ntap0\n");
        loop.ok("workspace_create", Map.of("name", "closed"));
        assertThat(loop.error("service_start", Map.of("workspace_id", "closed", "service_name", "web", "command", "true",
                "published_ports", List.of("8080")))).contains("network policy 'off'").contains("egress+published-ports");
        client.closeGracefully();

        assertThat(properties(tool(serve("--profile", "vm-run"), "vm_run"))).doesNotContainKey("network");
        client.closeGracefully();
        McpCoreLoop core = new McpCoreLoop(serve());
        assertThat(core.error("workspace_create", Map.of("network_policy", "egress"))).contains("network_policy");
    }

    @Test
    void hugeOutputIsCutToTheBudgetAndReadableInFull() {
        McpCoreLoop loop = new McpCoreLoop(serve());
        loop.ok("workspace_create", Map.of("name", "big"));
        int total = 200_000;
        Map<String, Object> exec = loop.ok("workspace_exec", Map.of("workspace_id", "big",
                "command", "i=0; while [ $i -lt 20000 ]; do printf 'line%05d\\n' $i; i=$((i+1)); done"));
        assertThat(exec.get("stdout_truncated")).isEqualTo(true);
        assertThat(((String) exec.get("stdout")).length()).isLessThan(20_000);
        assertThat((String) exec.get("stdout")).startsWith("line00000\n").endsWith("line19999\n");
        McpSchema.CallToolResult raw = loop.call("workspace_exec", Map.of("workspace_id", "big", "command", "true"));
        assertThat(McpCoreLoop.text(raw)).contains("sequence=2");

        StringBuilder all = new StringBuilder();
        long offset = 0;
        for (int page = 0; page < 20; page++) {
            Map<String, Object> logs = loop.ok("workspace_logs", Map.of("workspace_id", "big", "sequence", 1, "offset", offset));
            all.append((String) logs.get("stdout"));
            if (logs.get("next_offset") == null) {
                break;
            }
            offset = ((Number) logs.get("next_offset")).longValue();
        }
        assertThat(all.length()).isEqualTo(total);
        assertThat(all.toString()).contains("line10000\n");
    }

    private static McpSchema.Tool createTool(McpSyncClient client) {
        return tool(client, "workspace_create");
    }

    private static McpSchema.Tool tool(McpSyncClient client, String name) {
        return client.listTools().tools().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(McpSchema.Tool tool) {
        return (Map<String, Object>) tool.inputSchema().get("properties");
    }
}
