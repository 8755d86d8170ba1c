package dev.pyro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyro.json.JsonSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workspace loop where every step is a separate pyro process, as a user or an agent drives it. */
class WorkspaceCliTest {
    private static final String FIX = """
            --- a/calc.sh
            +++ b/calc.sh
            @@ -1,3 +1,3 @@
             add() {
            -    echo $(($1 - $2))
            +    echo $(($1 + $2))
             }
            """;

    @TempDir
    Path dir;

    private CliProcess.Result pyro(String... args) throws Exception {
        return CliProcess.run(dir.resolve("home"), args);
    }

    private JsonNode json(String... args) throws Exception {
        CliProcess.Result result = pyro(args);
        return JsonSupport.mapper().readTree(result.out());
    }

    @Test
    void everyStepIsItsOwnProcess() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("calc.sh"), "add() {\n    echo $(($1 - $2))\n}\n");
        Files.writeString(repo.resolve("test.sh"), ". ./calc.sh\n[ \"$(add 2 3)\" = 5 ] && echo PASS || { echo FAIL; exit 1; }\n");
        Files.writeString(dir.resolve("fix.patch"), FIX);

        CliProcess.Result created = pyro("workspace", "create", "--seed-path", repo.toString(), "--name", "calc",
                "--label", "issue=42", "--id-only");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String id = created.out().trim();
        assertThat(id).matches("[0-9a-f]{12}");

        CliProcess.Result failing = pyro("workspace", "exec", "calc", "--", "sh", "test.sh");
        assertThat(failing.exitCode()).isEqualTo(1);
        assertThat(failing.out()).isEqualTo("FAIL\n");
        assertThat(failing.err()).contains("[workspace-exec] workspace_id=" + id + " sequence=1 exit_code=1");

        CliProcess.Result read = pyro("workspace", "file", "read", id, "calc.sh", "--content-only");
        assertThat(read.out()).isEqualTo("add() {\n    echo $(($1 - $2))\n}\n");

        CliProcess.Result patched = pyro("workspace", "patch", "apply", id, "--patch-file", dir.resolve("fix.patch").toString());
        assertThat(patched.exitCode()).as(patched.err()).isZero();
        assertThat(patched.out()).isEqualTo("modified /workspace/calc.sh (1 hunk)\n");

        assertThat(pyro("workspace", "exec", id, "--", "sh test.sh").out()).isEqualTo("PASS\n");

        CliProcess.Result diff = pyro("workspace", "diff", id);
        assertThat(diff.out()).contains("-    echo $(($1 - $2))").contains("+    echo $(($1 + $2))");
        JsonNode diffJson = json("workspace", "diff", id, "--json");
        assertThat(diffJson.get("changed").asBoolean()).isTrue();
        assertThat(diffJson.get("entries").get(0).get("path").asText()).isEqualTo("calc.sh");

        Path exported = dir.resolve("calc.sh");
        assertThat(pyro("workspace", "export", id, "calc.sh", "--output", exported.toString()).exitCode()).isZero();
        assertThat(Files.readString(exported)).contains("$1 + $2");

        JsonNode summary = json("workspace", "summary", id, "--json");
        assertThat(summary.get("commands").get("count").asInt()).isEqualTo(2);
        assertThat(summary.get("files").get("modified").asInt()).isEqualTo(1);

        assertThat(pyro("workspace", "reset", "calc").out()).contains("to baseline (reset #1)");
        assertThat(json("workspace", "diff", id, "--json").get("changed").asBoolean()).isFalse();
        assertThat(json("workspace", "logs", id, "--json").get("count").asInt()).isZero();

        JsonNode status = json("workspace", "status", "calc", "--json");
        assertThat(status.get("labels").get("issue").asText()).isEqualTo("42");
        assertThat(status.get("reset_count").asInt()).isEqualTo(1);

        assertThat(pyro("workspace", "delete", "calc").out()).isEqualTo("Deleted workspace " + id + " (calc)\n");
        assertThat(json("workspace", "list", "--json").get("count").asInt()).isZero();
    }

    @Test
    void fileAndSnapshotCommandsAndTheirErrors() throws Exception {
        String id = pyro("workspace", "create", "--id-only").out().trim();
        assertThat(pyro("workspace", "file", "write", id, "notes/todo.md", "--text", "- fix add\n").out())
                .isEqualTo("Wrote 10 bytes to /workspace/notes/todo.md\n");
        assertThat(pyro("workspace", "file", "edit", id, "notes/todo.md", "--old", "fix add", "--new", "fixed add").out())
                .isEqualTo("Replaced 1 occurrence in /workspace/notes/todo.md\n");
        assertThat(pyro("workspace", "file", "list", id, "--recursive").out())
                .contains("/workspace/notes [directory]", "/workspace/notes/todo.md [file] size=12");
        assertThat(pyro("workspace", "snapshot", "create", id, "noted").exitCode()).isZero();
        assertThat(pyro("workspace", "snapshot", "list", id).out()).contains("baseline").contains("noted");

        CliProcess.Result miss = pyro("workspace", "file", "edit", id, "notes/todo.md", "--old", "nope", "--new", "x");
        assertThat(miss.exitCode()).isEqualTo(1);
        assertThat(miss.err()).contains("pyro: error: the text to replace was not found").contains("fix: ");

        CliProcess.Result unknown = pyro("workspace", "status", id.substring(0, 5) + "zzz");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no workspace '" + id.substring(0, 5) + "zzz'; closest: " + id);

        CliProcess.Result both = pyro("workspace", "file", "write", id, "x", "--text", "a", "--text-file", "b");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");

        CliProcess.Result noCommand = pyro("workspace", "exec", id);
        assertThat(noCommand.exitCode()).isEqualTo(2);
        assertThat(noCommand.err()).contains("no command given");
        pyro("workspace", "delete", id);
    }

    @Test
    void stopDiskStartFromTheShell() throws Exception {
        assertThat(pyro("workspace", "create", "--name", "offline").exitCode()).isZero();
        assertThat(pyro("workspace", "file", "write", "offline", "a.txt", "--text", "kept\n").exitCode()).isZero();
        assertThat(pyro("workspace", "stop", "offline").out()).contains("State: stopped");

        CliProcess.Result refused = pyro("workspace", "exec", "offline", "--", "true");
        assertThat(refused.exitCode()).isEqualTo(125);
        assertThat(refused.err()).contains("is stopped").contains("fix: start it with 'pyro workspace start");
        assertThat(pyro("workspace", "disk", "list", "offline").out()).contains("/workspace/a.txt [file] size=5");
        assertThat(pyro("workspace", "disk", "read", "offline", "a.txt", "--content-only").out()).isEqualTo("kept\n");
        CliProcess.Result exported = pyro("workspace", "disk", "export", "offline", "--output", dir.resolve("d.img").toString());
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        assertThat(exported.out()).contains("(ext4, ");

        assertThat(pyro("workspace", "start", "offline").out()).contains("State: started");
        assertThat(pyro("workspace", "exec", "offline", "--", "cat", "a.txt").out()).isEqualTo("kept\n");
        CliProcess.Result notStopped = pyro("workspace", "disk", "list", "offline");
        assertThat(notStopped.exitCode()).isEqualTo(1);
        assertThat(notStopped.err()).contains("inspect a stopped workspace");
        assertThat(pyro("workspace", "delete", "offline").exitCode()).isZero();
    }

    @Test
    void aShellOpenedByOneProcessIsUsedByOthers() throws Exception {
        assertThat(pyro("workspace", "create", "--name", "term").exitCode()).isZero();
        CliProcess.Result opened = pyro("workspace", "shell", "open", "term", "--id-only");
        assertThat(opened.exitCode()).as(opened.err()).isZero();
        String shell = opened.out().trim();

        assertThat(pyro("workspace", "shell", "write", "term", shell, "--input", "sleep 120").exitCode()).isZero();
        CliProcess.Result interrupted = pyro("workspace", "shell", "signal", "term", shell, "--signal", "int");
        assertThat(interrupted.out()).isEqualTo("Sent INT to shell " + shell + "\n");
        pyro("workspace", "shell", "write", "term", shell, "--input", "echo \"after $?\" > /workspace/status.txt");
        String status = "";
        for (int attempt = 0; attempt < 50 && !status.contains("after"); attempt++) {
            pyro("workspace", "shell", "read", "term", shell, "--wait-for-idle-ms", "200");
            status = pyro("workspace", "exec", "term", "--", "cat", "status.txt").out();
        }
        assertThat(status).isEqualTo("after 130\n");

        CliProcess.Result read = pyro("workspace", "shell", "read", "term", shell, "--plain");
        assertThat(read.out()).contains("sleep 120").contains("echo \"after $?\"").doesNotContain("\u001b");
        assertThat(read.err()).contains("[workspace-shell-read] workspace_id=").contains("shell_id=" + shell)
                .contains("state=running").contains("cursor=0 next_cursor=");
        JsonNode page = json("workspace", "shell", "read", "term", shell, "--max-chars", "3", "--json");
        assertThat(page.get("output").asText()).hasSize(3);
        assertThat(page.get("next_cursor").asLong()).isEqualTo(3);
        assertThat(page.get("truncated").asBoolean()).isTrue();

        assertThat(pyro("workspace", "shell", "list", "term").out()).contains(shell).contains("running").contains("/workspace");
        assertThat(pyro("workspace", "shell", "close", "term", shell).out()).isEqualTo("Closed shell " + shell + "\n");
        CliProcess.Result gone = pyro("workspace", "shell", "read", "term", shell);
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).contains("no shell '" + shell + "'").contains("fix: list shells with 'pyro workspace shell list");
        CliProcess.Result badSignal = pyro("workspace", "shell", "signal", "term", shell, "--signal", "STOP");
        assertThat(badSignal.err()).contains("unknown signal 'STOP'");
        assertThat(pyro("workspace", "delete", "term").exitCode()).isZero();
    }

    @Test
    void servicesStartedByOneProcessAreWatchedAndStoppedByOthers() throws Exception {
        assertThat(pyro("workspace", "create", "--name", "svc").exitCode()).isZero();
        CliProcess.Result started = pyro("workspace", "service", "start", "svc", "worker", "--ready-file", "ready.flag",
                "--ready-interval-ms", "50", "--", "sh", "-c", "echo up; touch ready.flag; exec sleep 600");
        assertThat(started.exitCode()).as(started.err()).isZero();
        assertThat(started.out()).startsWith("Service worker is running (pid ");

        assertThat(pyro("workspace", "service", "list", "svc").out()).contains("worker").contains("running");
        assertThat(pyro("workspace", "service", "status", "svc", "worker").out()).contains("State: running")
                .contains("Readiness: {type=file, path=ready.flag}");
        assertThat(pyro("workspace", "service", "logs", "svc", "worker").out()).isEqualTo("up\n");
        assertThat(pyro("workspace", "status", "svc").out()).contains("Services: 1 (1 running)");

        CliProcess.Result failed = pyro("workspace", "service", "start", "svc", "never", "--ready-tcp", "127.0.0.1:9",
                "--ready-timeout-seconds", "1", "--", "sh", "-c", "echo trying; exec sleep 600");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("service never failed: not ready within 1.0 s").contains("trying")
                .contains("fix: read its logs with 'pyro workspace service logs");
        CliProcess.Result both = pyro("workspace", "service", "start", "svc", "x", "--ready-file", "a", "--ready-tcp", "1", "--", "true");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");

        assertThat(pyro("workspace", "service", "stop", "svc", "worker").out()).startsWith("Service worker is stopped");
        JsonNode status = json("workspace", "service", "status", "svc", "worker", "--json");
        assertThat(status.get("state").asText()).isEqualTo("stopped");
        assertThat(pyro("workspace", "delete", "svc").exitCode()).isZero();
    }

    @Test
    void secretsAreDeclaredAtCreateAndOnlyEverPrintedRedacted() throws Exception {
        CliProcess.Result created = pyro("workspace", "create", "--name", "sec", "--secret", "API_KEY=cli-secret-7781");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("Secrets: API_KEY (values never shown)").doesNotContain("cli-secret-7781");
        CliProcess.Result exec = pyro("workspace", "exec", "sec", "--secret-env", "API_KEY=K", "--", "echo key=$K");
        assertThat(exec.out()).isEqualTo("key=[REDACTED]\n");
        CliProcess.Result badForm = pyro("workspace", "create", "--secret", "just-a-value");
        assertThat(badForm.exitCode()).isEqualTo(2);
        assertThat(badForm.err()).contains("expected --secret NAME=VALUE").doesNotContain("just-a-value");
        assertThat(pyro("workspace", "delete", "sec").exitCode()).isZero();
    }

    @Test
    void aPublishedServicePortAnswersOnTheHostAndNetworkIsOffUnlessAskedFor() throws Exception {
        CliProcess.Result created = pyro("workspace", "create", "--name", "site", "--network-policy", "egress+published-ports");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("Network: egress+published-ports");
        assertThat(pyro("workspace", "file", "write", "site", "index.html", "--text", "from the sandbox").exitCode()).isZero();

        CliProcess.Result started = pyro("workspace", "service", "start", "site", "web", "--publish", "8080",
                "--ready-interval-ms", "50", "--", "/opt/pyro/jdk/bin/jwebserver", "-b", "127.0.0.1", "-p", "8080", "-d", "/workspace");
        assertThat(started.exitCode()).as(started.err()).isZero();
        assertThat(started.out()).containsPattern("Published: 127\\.0\\.0\\.1:\\d+ -> 8080");
        JsonNode status = json("workspace", "service", "status", "site", "web", "--json");
        int hostPort = status.get("published_ports").get(0).get("host_port").asInt();
        java.net.http.HttpResponse<String> page = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + hostPort + "/index.html")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).isEqualTo("from the sandbox");

        CliProcess.Result refused = pyro("workspace", "service", "start", "site", "web2", "--publish", "99999", "--", "true");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("[HOST_PORT:]GUEST_PORT");
        CliProcess.Result badPolicy = pyro("workspace", "create", "--network-policy", "everything");
        assertThat(badPolicy.exitCode()).isEqualTo(2);
        assertThat(badPolicy.err()).contains("network policy must be one of off, egress, egress+published-ports");
        assertThat(pyro("workspace", "delete", "site").exitCode()).isZero();

        assertThat(pyro("run", "--network", "--", "sh", "-c", "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort").out())
                .isEqualTo("lo\ntap0\n");
        assertThat(pyro("run", "--", "sh", "-c", "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '").out()).isEqualTo("lo\n");
    }
}
