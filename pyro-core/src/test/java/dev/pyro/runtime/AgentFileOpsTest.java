package dev.pyro.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyro.Pyro;
import dev.pyro.TestPyro;
import dev.pyro.common.tar.TarWriter;
import dev.pyro.env.EnvironmentCatalog;
import dev.pyro.protocol.ExecRequest;
import dev.pyro.protocol.Fields;
import dev.pyro.protocol.OutputMode;
import dev.pyro.runtime.agent.AgentClient;
import dev.pyro.runtime.agent.AgentClient.FileChange;
import dev.pyro.runtime.agent.AgentException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's file, archive and manifest operations, and the walls around them. */
class AgentFileOpsTest {
    @TempDir
    static Path dir;
    static Sandbox sandbox;
    static AgentClient agent;

    @BeforeAll
    static void start() throws IOException {
        Pyro pyro = TestPyro.in(dir);
        sandbox = pyro.sandboxRuntime().start(new SandboxSpec("ops", dir.resolve("state"),
                Files.createDirectories(dir.resolve("workspace")),
                new EnvironmentCatalog().require(EnvironmentCatalog.HOST), ResourceLimits.defaults()));
        agent = sandbox.agent();
    }

    @AfterAll
    static void stop() {
        sandbox.stop();
    }

    private static String sh(String script) {
        return new String(agent.exec(new ExecRequest(List.of("sh", "-c", script), "/workspace",
                SandboxEnvironment.defaults(), 10_000, OutputMode.CAPTURE, 65536, 65536), null).stdout(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesReadsAndListsFiles() {
        agent.apply(List.of(FileChange.write("src/app/main.py", bytes("print('hi')\n")),
                FileChange.write("/workspace/run.sh", bytes("#!/bin/sh\necho run\n"), 0755)));
        assertThat(sh("cat src/app/main.py; ./run.sh")).isEqualTo("print('hi')\nrun\n");

        AgentClient.FileContent content = agent.read("src/app/main.py", 0, 5);
        assertThat(new String(content.data(), StandardCharsets.UTF_8)).isEqualTo("print");
        assertThat(content.truncated()).isTrue();
        assertThat(content.size()).isEqualTo(12);

        AgentClient.Listing listing = agent.list("src", true, 100);
        assertThat(listing.entries()).extracting(e -> e.string("path") + ":" + e.string("type"))
                .containsExactly("/workspace/src/app:directory", "/workspace/src/app/main.py:file");
    }

    @Test
    void appliesAllChangesOrNone() {
        agent.apply(List.of(FileChange.write("keep.txt", bytes("original"))));
        assertThatThrownBy(() -> agent.apply(List.of(FileChange.write("keep.txt", bytes("changed")),
                FileChange.delete("does-not-exist.txt"))))
                .isInstanceOf(AgentException.class).hasMessageContaining("does not exist");
        assertThat(sh("cat keep.txt")).isEqualTo("original");
    }

    @Test
    void refusesPathsAndLinksThatLeaveTheWorkspace() {
        sh("ln -sf /etc/passwd passwd-link; ln -sfn /etc etc-link; ln -sfn /tmp tmp-link");
        assertThatThrownBy(() -> agent.read("passwd-link", 0, 100))
                .isInstanceOf(AgentException.class).hasMessageContaining("outside the workspace");
        assertThatThrownBy(() -> agent.read("../etc/passwd", 0, 100))
                .isInstanceOf(AgentException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> agent.apply(List.of(FileChange.write("tmp-link/planted", bytes("x")))))
                .isInstanceOf(AgentException.class).hasMessageContaining("outside the workspace");
        assertThat(sh("ls /tmp | grep -c planted || true")).isEqualTo("0\n");
        assertThatThrownBy(() -> agent.list("etc-link", false, 10))
                .isInstanceOf(AgentException.class).hasMessageContaining("outside the workspace");
        assertThatThrownBy(() -> agent.read("src", 0, 10)).isInstanceOf(AgentException.class);
    }

    @Test
    void exportsAndImportsArchivesAndRefusesBadOnes() throws IOException {
        agent.apply(List.of(FileChange.write("tree/a.txt", bytes("A")), FileChange.write("tree/sub/b.txt", bytes("B"))));
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        Fields result = agent.exportTar("tree", archive);
        assertThat(result.string("kind")).isEqualTo("directory");

        agent.importTar("copy", new ByteArrayInputStream(archive.toByteArray()));
        assertThat(sh("cat copy/a.txt copy/sub/b.txt")).isEqualTo("AB");

        ByteArrayOutputStream evil = new ByteArrayOutputStream();
        TarWriter writer = new TarWriter(evil);
        writer.symlink("escape", "/etc", 0);
        writer.finish();
        assertThatThrownBy(() -> agent.importTar("", new ByteArrayInputStream(evil.toByteArray())))
                .isInstanceOf(AgentException.class).hasMessageContaining("points outside the workspace");
        assertThat(sh("test -e escape && echo present || echo absent")).isEqualTo("absent\n");
        assertThat(agent.ping().bool("ok", false)).isTrue();
    }

    @Test
    void manifestsDescribeTheTreeAndNoticeChanges() {
        agent.apply(List.of(FileChange.write("m/one.txt", bytes("1"))));
        List<Fields> before = agent.manifest("m");
        assertThat(before).extracting(f -> f.string("path")).containsExactly("one.txt");
        String hash = before.get(0).string("sha256");
        assertThat(hash).isEqualTo("6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b");

        sh("sleep 0.01; printf 2 > m/one.txt; mkdir m/d; ln -s one.txt m/link");
        List<Fields> after = agent.manifest("m");
        assertThat(after).extracting(f -> f.string("path") + ":" + f.string("type"))
                .containsExactlyInAnyOrder("one.txt:file", "d:directory", "link:symlink");
        assertThat(after.stream().filter(f -> f.string("path").equals("one.txt")).findFirst().orElseThrow()
                .string("sha256")).isNotEqualTo(hash);
    }
}
