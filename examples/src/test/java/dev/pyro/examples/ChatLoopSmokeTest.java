package dev.pyro.examples;

import static dev.pyro.examples.ScriptedModel.call;
import static dev.pyro.examples.ScriptedModel.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pyro.Pyro;
import dev.pyro.config.PyroPaths;
import dev.pyro.contract.ToolProfile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canonical chat loop end to end: a scripted model on loopback speaks the Responses API to
 * the real OpenAI SDK, and its tool calls run in real sandboxes, through the Java SDK and
 * through {@code pyro mcp serve}. The model sees only its profile's tools, a call outside the
 * profile is refused, and the answer carries what the sandbox really printed.
 */
@org.junit.jupiter.api.Tag("smoke")
class ChatLoopSmokeTest {
    @TempDir
    Path dir;

    private Pyro pyro() {
        return Pyro.create(new PyroPaths(dir.resolve("home"), dir.resolve("cache")), null);
    }

    private McpTools mcp(String profile) {
        List<String> pyro = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.pyro.cli.PyroCli");
        return new McpTools(pyro, profile, Map.of("PYRO_HOME", dir.resolve("home").toString(),
                "PYRO_CACHE_DIR", dir.resolve("cache").toString()), line -> { });
    }

    @Test
    void oneShotProfileRunsACommandAndAnswersFromItsOutput() throws Exception {
        try (ScriptedModel model = oneShotScript(); ChatTools tools = new InProcessTools(pyro(), ToolProfile.VM_RUN)) {
            ResponsesLoop.Outcome outcome = new ResponsesLoop(model.client(), "scripted", tools, 10, line -> { })
                    .run("What is six times seven? Compute it in a sandbox.");
            assertThat(outcome.answer()).isEqualTo("The sandbox printed 42.");
            assertThat(model.requests().get(0).toolNames()).containsExactly("vm_run");
            assertThat(outcome.calls()).extracting(ResponsesLoop.Call::name).containsExactly("vm_run");
        }
    }

    @Test
    void coreProfileLoopThroughTheJavaSdk() throws Exception {
        try (ChatTools tools = new InProcessTools(pyro(), ToolProfile.WORKSPACE_CORE)) {
            runCoreLoop(tools);
        }
    }

    @Test
    void coreProfileLoopThroughPyroMcpServe() throws Exception {
        try (ChatTools tools = mcp(ToolProfile.WORKSPACE_CORE.id())) {
            runCoreLoop(tools);
        }
    }

    private static ScriptedModel oneShotScript() throws Exception {
        return new ScriptedModel(
                request -> List.of(call("vm_run", Map.of("command", "echo $((6*7))"))),
                request -> List.of(message("The sandbox printed "
                        + request.outputJson("call_vm_run").path("stdout").asText().trim() + ".")));
    }

    /** create → write → exec → a tool outside the profile (refused) → delete → answer. */
    private void runCoreLoop(ChatTools tools) throws Exception {
        try (ScriptedModel model = new ScriptedModel(
                request -> List.of(call("workspace_create", Map.of("name", "smoke"))),
                request -> {
                    assertThat(request.outputJson("call_workspace_create").path("state").asText()).isEqualTo("started");
                    return List.of(call("workspace_file_write",
                            Map.of("workspace_id", "smoke", "path", "answer.txt", "text", "forty-two\n")));
                },
                request -> List.of(call("workspace_exec", Map.of("workspace_id", "smoke", "command", "wc -c < answer.txt"))),
                request -> List.of(call("shell_open", Map.of("workspace_id", "smoke"))),
                request -> {
                    assertThat(request.output("call_shell_open")).contains("shell_open");
                    return List.of(call("workspace_delete", Map.of("workspace_id", "smoke")));
                },
                request -> List.of(message("answer.txt holds "
                        + request.outputJson("call_workspace_exec").path("stdout").asText().trim() + " bytes.")))) {
            ResponsesLoop.Outcome outcome = new ResponsesLoop(model.client(), "scripted", tools, 10, line -> { })
                    .run("Write forty-two into a file in a workspace and tell me its size.");

            assertThat(outcome.answer()).isEqualTo("answer.txt holds 10 bytes.");
            assertThat(model.requests().get(0).toolNames()).containsExactlyInAnyOrderElementsOf(ToolProfile.WORKSPACE_CORE.tools());
            assertThat(outcome.calls()).extracting(ResponsesLoop.Call::name).containsExactly("workspace_create",
                    "workspace_file_write", "workspace_exec", "shell_open", "workspace_delete");
            ResponsesLoop.Call refused = outcome.calls().get(3);
            assertThat(refused.reply().error()).isTrue();
            assertThat(refused.reply().content()).contains("shell_open");
            assertThat(outcome.calls()).filteredOn(call -> !call.name().equals("shell_open"))
                    .allSatisfy(call -> assertThat(call.reply().error()).as(call.reply().content()).isFalse());
            assertThat(pyro().listWorkspaces()).isEmpty();
        }
    }
}
