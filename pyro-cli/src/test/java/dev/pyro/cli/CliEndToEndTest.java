package dev.pyro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyro.json.JsonSupport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as users run it: separate processes, real sandboxes, exit codes and streams. */
class CliEndToEndTest {
    private static final Map<String, String> NO_BWRAP = Map.of("PYRO_BWRAP", "/nonexistent/bwrap");

    @TempDir
    Path home;

    @Test
    void runStreamsOutputAndExitsWithTheCommandsCode() throws Exception {
        CliProcess.Result result = CliProcess.run(home, "run", "--", "sh", "-c", "echo hello; echo warn >&2; exit 3");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).isEqualTo("hello\n");
        assertThat(result.err()).isEqualTo("warn\n");
    }

    @Test
    void runTakesAnEnvironmentBeforeTheDashes() throws Exception {
        assertThat(CliProcess.run(home, "run", "host", "--", "echo", "ok").out()).isEqualTo("ok\n");
        assertThat(CliProcess.run(home, "run", "host", "echo", "ok").out()).isEqualTo("ok\n");
        assertThat(CliProcess.run(home, "run", "echo", "ok").out()).isEqualTo("ok\n");
    }

    @Test
    void timeoutExits124AndSaysSo() throws Exception {
        CliProcess.Result result = CliProcess.run(home, "run", "--timeout-seconds", "1", "--", "sh", "-c", "sleep 30 & sleep 30");
        assertThat(result.exitCode()).isEqualTo(124);
        assertThat(result.err()).contains("timed out after 1 s");
    }

    @Test
    void jsonCarriesTheResult() throws Exception {
        CliProcess.Result result = CliProcess.run(home, "run", "--json", "--max-output-bytes", "100", "--",
                "sh", "-c", "seq 1 10000; echo problem >&2; exit 5");
        assertThat(result.exitCode()).isEqualTo(5);
        JsonNode json = JsonSupport.mapper().readTree(result.out());
        assertThat(json.get("environment").asText()).isEqualTo("host");
        assertThat(json.get("execution_mode").asText()).isEqualTo("bwrap");
        assertThat(json.get("exit_code").asInt()).isEqualTo(5);
        assertThat(json.get("timed_out").asBoolean()).isFalse();
        assertThat(json.get("stdout_truncated").asBoolean()).isTrue();
        assertThat(json.get("stdout").asText()).startsWith("1\n2\n").endsWith("9999\n10000\n");
        assertThat(json.get("stderr").asText()).isEqualTo("problem\n");
        assertThat(json.get("duration_ms").isNumber()).isTrue();
    }

    @Test
    void badInputIsAUsageErrorWithAHint() throws Exception {
        CliProcess.Result noCommand = CliProcess.run(home, "run");
        assertThat(noCommand.exitCode()).isEqualTo(2);
        assertThat(noCommand.err()).contains("no command given").contains("pyro run --help").doesNotContain("Exception");

        CliProcess.Result badMemory = CliProcess.run(home, "run", "--mem-mib", "5", "--", "true");
        assertThat(badMemory.exitCode()).isEqualTo(2);
        assertThat(badMemory.err()).contains("memory must be between");

        CliProcess.Result unknownOption = CliProcess.run(home, "run", "--frobnicate", "--", "true");
        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.err()).contains("--frobnicate");

        CliProcess.Result unknownEnv = CliProcess.run(home, "run", "plan9", "--", "true");
        assertThat(unknownEnv.exitCode()).isEqualTo(125);
        assertThat(unknownEnv.err()).contains("unknown environment 'plan9'").contains("fix: run 'pyro env list'");
    }

    @Test
    void failsClosedWithoutBubblewrapUnlessHostCompatIsAllowed() throws Exception {
        CliProcess.Result refused = CliProcess.run(home, NO_BWRAP, "run", "--", "echo", "should-not-run");
        assertThat(refused.exitCode()).isEqualTo(125);
        assertThat(refused.out()).doesNotContain("should-not-run");
        assertThat(refused.err()).contains("bubblewrap").contains("never runs commands unsandboxed")
                .contains("--allow-host-compat");

        CliProcess.Result compat = CliProcess.run(home, NO_BWRAP, "run", "--allow-host-compat", "--json", "--", "echo", "ran");
        assertThat(compat.exitCode()).isZero();
        assertThat(JsonSupport.mapper().readTree(compat.out()).get("execution_mode").asText()).isEqualTo("host_compat");

        CliProcess.Result compatHuman = CliProcess.run(home, NO_BWRAP, "run", "--allow-host-compat", "--", "echo", "ran");
        assertThat(compatHuman.out()).isEqualTo("ran\n");
        assertThat(compatHuman.err()).contains("WITHOUT isolation");

        CliProcess.Result doctor = CliProcess.run(home, NO_BWRAP, "doctor");
        assertThat(doctor.exitCode()).isEqualTo(1);
        assertThat(doctor.out()).contains("Runtime: FAIL").contains("not installed").contains("fix: ");
    }

    @Test
    void failsClosedWhenUserNamespacesAreDisabled() throws Exception {
        // A child user namespace where creating further user namespaces is switched off, as on
        // hosts with user.max_user_namespaces=0; the real host is not touched.
        List<String> noUserNamespaces = List.of("unshare", "--user", "--map-root-user", "sh", "-c",
                "echo 0 > /proc/sys/user/max_user_namespaces && exec \"$@\"", "sh");
        CliProcess.Result probe = CliProcess.runWrapped(noUserNamespaces, home, Map.of(), "--version");
        Assumptions.assumeTrue(probe.exitCode() == 0, "cannot create a user namespace to simulate this: " + probe.err());

        CliProcess.Result result = CliProcess.runWrapped(noUserNamespaces, home, Map.of(), "run", "--", "echo", "should-not-run");
        assertThat(result.exitCode()).isEqualTo(125);
        assertThat(result.out()).doesNotContain("should-not-run");
        assertThat(result.err()).contains("cannot create the sandbox's user namespace")
                .contains("user.max_user_namespaces=0")
                .contains("fix: sudo sysctl -w user.max_user_namespaces=");
    }

    @Test
    void doctorReportsAWorkingHost() throws Exception {
        CliProcess.Result result = CliProcess.run(home, "doctor", "--json");
        assertThat(result.exitCode()).as(result.out()).isZero();
        JsonNode json = JsonSupport.mapper().readTree(result.out());
        assertThat(json.get("problems")).isEmpty();
        assertThat(json.get("capabilities").get("one_shot_run").asBoolean()).isTrue();
        assertThat(json.get("capabilities").get("persistent_sandbox").asBoolean()).isTrue();
        assertThat(json.get("bubblewrap").get("version").asText()).startsWith("bubblewrap");
        assertThat(json.get("runtime").get("isolation").asText()).isEqualTo("namespaces");
    }

    @Test
    void envListShowsHostInstalled() throws Exception {
        CliProcess.Result human = CliProcess.run(home, "env", "list");
        assertThat(human.out()).containsPattern("(?m)^host\\s+installed\\s");
        JsonNode json = JsonSupport.mapper().readTree(CliProcess.run(home, "env", "list", "--json").out());
        assertThat(json.get("environments").findValuesAsText("name")).contains("host", "debian:12");
    }

    @Test
    void helpAndVersion() throws Exception {
        assertThat(CliProcess.run(home, "--version").out()).startsWith("pyro ");
        CliProcess.Result help = CliProcess.run(home, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Zero to hero").contains("pyro run -- echo hello");
        for (String command : dev.pyro.contract.Contract.CLI_COMMANDS) {
            List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
            args.add("--help");
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            int code = PyroCli.execute(args.toArray(String[]::new), new java.io.PrintWriter(out), new java.io.PrintWriter(err));
            assertThat(code).as(command + " --help: " + err).isZero();
            assertThat(out.toString()).contains("Usage: pyro " + command);
        }
    }
}
