package dev.pyro.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyro.Pyro;
import dev.pyro.TestPyro;
import dev.pyro.contract.ToolProfile;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calls that never reach a sandbox: refusals and argument errors, each a clear message. */
class ToolBoxTest {
    @TempDir
    Path dir;

    private ToolResult call(ToolProfile profile, String tool, Map<String, Object> arguments) {
        Pyro pyro = TestPyro.in(dir);
        return new ToolBox(pyro, profile).call(tool, arguments);
    }

    @Test
    void aToolOutsideTheProfileIsRefusedWithWhereToFindIt() {
        ToolResult result = call(ToolProfile.WORKSPACE_CORE, "snapshot_create", Map.of());
        assertThat(result.error()).isTrue();
        assertThat(result.text()).contains("snapshot_create is not available in the workspace-core profile")
                .contains("--profile workspace-full");
        assertThat(call(ToolProfile.VM_RUN, "rm_rf", Map.of()).text()).contains("there is no such tool").contains("vm_run");
    }

    @Test
    void argumentsAreCheckedByNameTypeAndRange() {
        assertThat(call(ToolProfile.WORKSPACE_CORE, "workspace_create", Map.of("vcpu_count", 2)).text())
                .contains("workspace_create has no parameter 'vcpu_count'").contains("seed_path");
        assertThat(call(ToolProfile.WORKSPACE_CORE, "workspace_exec", Map.of("workspace_id", "w")).text())
                .contains("needs 'command'");
        assertThat(call(ToolProfile.WORKSPACE_CORE, "workspace_exec",
                Map.of("workspace_id", "w", "command", "true", "timeout_seconds", "soon")).text())
                .contains("'timeout_seconds' must be an integer; got \"soon\"");
        assertThat(call(ToolProfile.WORKSPACE_CORE, "workspace_exec",
                Map.of("workspace_id", "w", "command", "true", "timeout_seconds", 0)).text())
                .contains("'timeout_seconds' must be between 1 and 86400; got 0");
        assertThat(call(ToolProfile.WORKSPACE_CORE, "workspace_update", Map.of("workspace_id", "w", "labels", Map.of("a", 1))).text())
                .contains("'labels' must be an object of string values");
        // Found by fuzz/ToolArgumentsFuzzTest: numbers beyond a long used to turn into another value.
        assertThat(call(ToolProfile.WORKSPACE_FULL, "workspace_create", Map.of("ttl_seconds", 1.6e296)).text())
                .contains("'ttl_seconds' must be between");
        assertThat(call(ToolProfile.WORKSPACE_CORE, "workspace_exec", Map.of("workspace_id", "w", "command", "true",
                "timeout_seconds", java.math.BigInteger.TWO.pow(64).add(java.math.BigInteger.valueOf(30)))).text())
                .contains("'timeout_seconds' must be between");
        assertThat(call(ToolProfile.WORKSPACE_CORE, "workspace_exec", Map.of("workspace_id", "w", "command", "true",
                "timeout_seconds", 2.5)).text()).contains("'timeout_seconds' must be an integer; got 2.5");
    }

    @Test
    void anUnknownWorkspaceSaysSoAndWhatExists() {
        ToolResult result = call(ToolProfile.WORKSPACE_CORE, "workspace_status", Map.of("workspace_id", "nope"));
        assertThat(result.error()).isTrue();
        assertThat(result.text()).startsWith("Error (workspace_not_found): no workspace 'nope'; there are no workspaces")
                .contains("To fix: create one with workspace_create").doesNotContain("pyro workspace");
    }

    @Test
    void cliCommandsInHintsBecomeToolNames() {
        assertThat(CliHintsForTools.translate("run 'pyro workspace logs abc123' or 'pyro workspace snapshot list abc'"))
                .isEqualTo("run workspace_logs or snapshot_list");
        assertThat(CliHintsForTools.translate("see 'pyro workspace file list', 'pyro run', 'pyro doctor'"))
                .isEqualTo("see workspace_file_list, vm_run, 'pyro doctor'");
    }
}
