package dev.pyro.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyro.Pyro;
import dev.pyro.PyroException;
import dev.pyro.TestPyro;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stop keeps /workspace and ends every process; the disk commands read it offline without following links; start brings it back. */
class WorkspaceStopStartDiskTest {
    @TempDir
    Path dir;
    Pyro pyro;

    @AfterEach
    void cleanUp() {
        TestPyro.deleteAllWorkspaces(pyro);
    }

    @Test
    void stopDiskStart() throws Exception {
        pyro = TestPyro.in(dir);
        String id = pyro.createWorkspace(CreateRequest.of("host").withName("disk")).workspaceId();
        var setup = pyro.execWorkspace(id, "mkdir -p src && printf 'hello disk\\n' > src/a.txt && ln -s /etc/passwd leak"
                + " && ln -s /etc linkdir && (sleep 300 &) && echo ok");
        assertThat(setup.stdout()).isEqualTo("ok\n");
        long sandboxPid = runningPid(id);

        WorkspaceInfo stopped = pyro.stopWorkspace("disk");
        assertThat(stopped.state()).isEqualTo("stopped");
        assertThat(stopped.sandboxRunning()).isFalse();
        assertThat(ProcessHandle.of(sandboxPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(pyro.stopWorkspace(id).state()).isEqualTo("stopped");
        assertThatThrownBy(() -> pyro.execWorkspace(id, "true")).isInstanceOf(PyroException.class)
                .hasMessageContaining("is stopped").satisfies(e -> assertThat(((PyroException) e).fix()).contains("workspace start"));

        WorkspaceFiles.Listing listing = pyro.listWorkspaceDisk(id, null, true);
        assertThat(listing.entries()).extracting(WorkspaceFiles.Entry::path)
                .containsExactly("/workspace/leak", "/workspace/linkdir", "/workspace/src", "/workspace/src/a.txt");
        assertThat(listing.entries().get(0).type()).isEqualTo("symlink");
        assertThat(listing.entries().get(0).linkTarget()).isEqualTo("/etc/passwd");

        WorkspaceFiles.Content content = pyro.readWorkspaceDisk(id, "src/a.txt", 0, 1024);
        assertThat(content.content()).isEqualTo("hello disk\n");
        assertThat(pyro.readWorkspaceDisk(id, "/workspace/src/a.txt", 6, 1024).content()).isEqualTo("disk\n");
        assertThatThrownBy(() -> pyro.readWorkspaceDisk(id, "leak", 0, 1024)).hasMessageContaining("do not follow links");
        assertThatThrownBy(() -> pyro.readWorkspaceDisk(id, "linkdir/passwd", 0, 1024)).hasMessageContaining("do not follow links");
        assertThat(pyro.listWorkspaceDisk(id, "linkdir/", false).entries()).singleElement()
                .satisfies(link -> assertThat(link.type()).isEqualTo("symlink"));
        assertThatThrownBy(() -> pyro.readWorkspaceDisk(id, "../../etc/passwd", 0, 1024)).hasMessageContaining("outside /workspace");
        assertThatThrownBy(() -> pyro.readWorkspaceDisk(id, "src", 0, 1024)).hasMessageContaining("a directory");

        Path image = dir.resolve("disk.ext4");
        WorkspaceDisk.Exported exported = pyro.exportWorkspaceDisk(id, image);
        assertThat(exported.format()).isEqualTo("ext4");
        assertThat(run("e2fsck", "-n", "-f", image.toString())).isZero();
        assertThat(output("debugfs", "-R", "cat /src/a.txt", image.toString())).isEqualTo("hello disk\n");
        assertThat(output("debugfs", "-R", "stat /leak", image.toString())).contains("Type: symlink").contains("/etc/passwd");
        assertThatThrownBy(() -> pyro.exportWorkspaceDisk(id, image)).hasMessageContaining("already exists");

        WorkspaceInfo started = pyro.startWorkspace(id);
        assertThat(started.state()).isEqualTo("started");
        assertThat(pyro.execWorkspace(id, "cat src/a.txt; pgrep -c sleep || true").stdout()).isEqualTo("hello disk\n0\n");
        assertThatThrownBy(() -> pyro.listWorkspaceDisk(id, null, false)).hasMessageContaining("inspect a stopped workspace");
        assertThat(pyro.startWorkspace(id).sandboxRunning()).isTrue();
    }

    private long runningPid(String id) throws Exception {
        return dev.pyro.json.JsonSupport.read(Files.readString(dir.resolve("home/workspaces").resolve(id).resolve("workspace.json")),
                WorkspaceRecord.class).sandbox().pid();
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(sbin(command)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    private static String output(String... command) throws Exception {
        Process process = new ProcessBuilder(sbin(command)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static List<String> sbin(String... command) {
        List<String> argv = new java.util.ArrayList<>(List.of(command));
        for (String dir : List.of("/usr/sbin/", "/sbin/")) {
            if (Files.isExecutable(Path.of(dir + command[0]))) {
                argv.set(0, dir + command[0]);
                break;
            }
        }
        return argv;
    }
}
