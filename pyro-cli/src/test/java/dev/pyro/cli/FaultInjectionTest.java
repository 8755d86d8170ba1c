package dev.pyro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyro.json.JsonSupport;
import io.modelcontextprotocol.client.McpSyncClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults a user's machine will have: the MCP server, the CLI or the agent killed in the middle
 * of a call, and pyro's state directory turning read-only or full. After each, the records are
 * consistent, {@code status} says where things stand, the next call works (or says what to do),
 * and /workspace holds what it held. The CLI runs as a real process throughout; nothing is faked.
 */
class FaultInjectionTest {
    @TempDir
    Path dir;
    Path home;
    /** Mounts this test made, newest last; undone in reverse. */
    private final java.util.Deque<Path> mounts = new java.util.ArrayDeque<>();

    @AfterEach
    void cleanUp() throws Exception {
        while (mounts.size() > 1) {
            run("umount", mounts.removeLast().toString());
        }
        if (home != null && Files.isDirectory(home)) {
            for (JsonNode workspace : json("workspace", "list", "--json").path("workspaces")) {
                pyro("workspace", "delete", workspace.path("workspace_id").asText());
            }
        }
        while (!mounts.isEmpty()) {
            run("umount", "-l", mounts.removeLast().toString());
        }
    }

    private CliProcess.Result pyro(String... args) throws IOException, InterruptedException {
        return CliProcess.run(home, args);
    }

    private JsonNode json(String... args) throws IOException, InterruptedException {
        CliProcess.Result result = pyro(args);
        assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isZero();
        return JsonSupport.mapper().readTree(result.out());
    }

    private String createWorkspace() throws IOException, InterruptedException {
        CliProcess.Result created = pyro("workspace", "create", "--id-only");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String id = created.out().trim();
        assertThat(pyro("workspace", "file", "write", id, "kept.txt", "--text", "kept\n").exitCode()).isZero();
        return id;
    }

    /** A CLI call that runs `sleep 4247` in the workspace, started in the background. */
    private Process longExec(String id) throws IOException {
        List<String> command = new ArrayList<>(McpServers.pyroCommand());
        command.addAll(List.of("workspace", "exec", id, "--", "sh", "-c", "touch started; exec sleep 4247"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("long-exec.err").toFile());
        builder.environment().putAll(McpServers.environment(home));
        return builder.start();
    }

    private void awaitStarted(String id) throws InterruptedException {
        Path started = home.resolve("workspaces").resolve(id).resolve("workspace/started");
        for (int i = 0; i < 600 && !Files.exists(started); i++) {
            Thread.sleep(50);
        }
        assertThat(started).exists();
    }

    /** What a user checks after a fault: a started workspace whose files are there and whose journal adds up. */
    private void assertRecovered(String id) throws Exception {
        JsonNode status = json("workspace", "status", id, "--json");
        assertThat(status.path("state").asText()).isEqualTo("started");
        CliProcess.Result exec = pyro("workspace", "exec", id, "--", "cat", "kept.txt");
        assertThat(exec.exitCode()).as(exec.err()).isZero();
        assertThat(exec.out()).isEqualTo("kept\n");
        String processes = "";
        for (int i = 0; i < 100 && (processes.isEmpty() || processes.contains("sleep 4247")); i++) {
            processes = pyro("workspace", "exec", id, "--", "sh", "-c", "cat /proc/[0-9]*/cmdline | tr '\\0' ' '").out();
        }
        assertThat(processes).as("the interrupted command does not live on").doesNotContain("sleep 4247");
        JsonNode logs = json("workspace", "logs", id, "--json");
        JsonNode after = json("workspace", "status", id, "--json");
        assertThat(after.path("command_count").asInt()).isEqualTo(logs.path("count").asInt());
        List<Long> sequences = new ArrayList<>();
        logs.path("entries").forEach(e -> sequences.add(e.path("sequence").asLong()));
        assertThat(sequences).doesNotHaveDuplicates().isSorted();
        try (var journal = Files.list(home.resolve("workspaces").resolve(id).resolve("journal"))) {
            assertThat(journal.map(p -> p.getFileName().toString())).as("no output files of interrupted commands are left")
                    .noneMatch(name -> name.startsWith(".running-"));
        }
    }

    @Test
    void aCliKilledMidExecLeavesAWorkspaceThatCarriesOn() throws Exception {
        home = dir.resolve("home");
        String id = createWorkspace();
        Process cli = longExec(id);
        awaitStarted(id);
        cli.destroyForcibly();
        assertThat(cli.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertRecovered(id);
    }

    @Test
    void anMcpServerKilledMidCallLeavesAWorkspaceTheNextServerCarriesOn() throws Exception {
        home = dir.resolve("home");
        String id = createWorkspace();
        McpServers.HttpServer server = new McpServers.HttpServer(home, "--profile", "workspace-full");
        McpSyncClient client = McpServers.http(server.endpoint, null);
        McpCoreLoop tools = new McpCoreLoop(client);
        CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> tools.call("workspace_exec",
                Map.of("workspace_id", id, "command", "touch started; exec sleep 4247")));
        awaitStarted(id);
        server.process.destroyForcibly();
        assertThat(server.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(call).failsWithin(30, TimeUnit.SECONDS);
        client.closeGracefully();

        try (McpServers.HttpServer next = new McpServers.HttpServer(home, "--profile", "workspace-full")) {
            McpCoreLoop again = new McpCoreLoop(McpServers.http(next.endpoint, null));
            Map<String, Object> status = again.ok("workspace_status", Map.of("workspace_id", id));
            assertThat(status).containsEntry("state", "started");
            Map<String, Object> read = again.ok("workspace_file_read", Map.of("workspace_id", id, "path", "kept.txt"));
            assertThat(read.get("content")).isEqualTo("kept\n");
        }
        assertRecovered(id);
    }

    @Test
    void anAgentKilledMidExecFailsThatCallClearlyAndTheNextCallGetsANewSandbox() throws Exception {
        home = dir.resolve("home");
        String id = createWorkspace();
        Process cli = longExec(id);
        awaitStarted(id);
        JsonNode record = JsonSupport.mapper().readTree(home.resolve("workspaces").resolve(id).resolve("workspace.json").toFile());
        ProcessHandle agent = ProcessHandle.of(record.path("sandbox").path("pid").asLong()).orElseThrow().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("dev.pyro.agent.AgentMain"))
                .findFirst().orElseThrow(() -> new AssertionError("no agent process under the sandbox"));
        agent.destroyForcibly();
        assertThat(cli.waitFor(30, TimeUnit.SECONDS)).as("the CLI call ends when its agent dies").isTrue();
        assertThat(cli.exitValue()).isNotZero();
        String err = Files.readString(dir.resolve("long-exec.err"));
        assertThat(err).contains("pyro: error:").contains("fix:").doesNotContain("Exception").doesNotContain("\tat ");
        assertRecovered(id);
    }

    private static void assumeRoot() {
        assumeThat(new com.sun.security.auth.module.UnixSystem().getUid()).as("mounting a filesystem needs root").isZero();
    }

    /** A tmpfs of {@code size} as PYRO_HOME, so the test can fill it. */
    private void homeOnItsOwnFilesystem(String size) throws Exception {
        assumeRoot();
        home = Files.createDirectories(dir.resolve("home"));
        assertThat(run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "pyro-fault", home.toString())).isZero();
        mounts.add(home);
    }

    /**
     * PYRO_HOME read-only from here on, as after the kernel remounts a failing disk: a read-only
     * bind mount over it (the sandbox keeps the writable mount it started with, as a running
     * process keeps its open files).
     */
    private void homeBecomesReadOnly() throws Exception {
        assertThat(run("mount", "--bind", home.toString(), home.toString())).isZero();
        mounts.add(home);
        assertThat(run("mount", "-o", "remount,bind,ro", home.toString())).isZero();
    }

    private static int run(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    /** The user-facing shape of a refusal: pyro's error and fix lines, no stack trace, no internal error. */
    private static void assertClearRefusal(CliProcess.Result result, String expected) {
        assertThat(result.exitCode()).as(result.out()).isNotZero();
        assertThat(result.err()).contains("pyro: error:").containsIgnoringCase(expected).contains("fix:")
                .doesNotContain("internal error").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aReadOnlyStateDirectoryRefusesChangesClearlyAndLosesNothing() throws Exception {
        assumeRoot();
        home = dir.resolve("home");
        String id = createWorkspace();
        assertThat(pyro("workspace", "exec", id, "--", "echo", "before").exitCode()).isZero();
        homeBecomesReadOnly();

        assertThat(json("workspace", "status", id, "--json").path("state").asText()).isEqualTo("started");
        assertClearRefusal(pyro("workspace", "exec", id, "--", "echo", "during"), "read-only");
        assertClearRefusal(pyro("workspace", "file", "write", id, "new.txt", "--text", "x"), "read-only");
        assertClearRefusal(pyro("workspace", "create"), "read-only");
        assertThat(pyro("workspace", "file", "read", id, "kept.txt").out()).isEqualTo("kept\n");

        assertThat(run("umount", mounts.removeLast().toString())).isZero();
        assertRecovered(id);
        assertThat(json("workspace", "list", "--json").path("workspaces")).hasSize(1);
    }

    @Test
    void aFullStateDirectoryRefusesChangesClearlyAndLosesNothing() throws Exception {
        homeOnItsOwnFilesystem("64m");
        String id = createWorkspace();
        assertThat(pyro("workspace", "exec", id, "--", "echo", "before").exitCode()).isZero();
        Path filler = home.resolve("filler");
        try (var out = Files.newOutputStream(filler)) {
            byte[] block = new byte[1 << 20];
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // no space left: exactly the state wanted
        }

        assertThat(json("workspace", "status", id, "--json").path("state").asText()).isEqualTo("started");
        assertClearRefusal(pyro("workspace", "exec", id, "--", "sh", "-c", "head -c 4M /dev/zero"), "no space left");
        assertClearRefusal(pyro("workspace", "file", "write", id, "new.txt", "--text", "x".repeat(1 << 16)), "no space left");
        assertThat(pyro("workspace", "file", "read", id, "kept.txt").out()).isEqualTo("kept\n");

        Files.delete(filler);
        assertRecovered(id);
        assertThat(pyro("workspace", "exec", id, "--", "echo", "after").out()).isEqualTo("after\n");
    }
}
