package dev.pyro.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyro.Pyro;
import dev.pyro.PyroException;
import dev.pyro.TestPyro;
import dev.pyro.runtime.agent.AgentDistribution;
import dev.pyro.workspace.WorkspaceServices.StartOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Services in a real sandbox: typed readiness, logs outside /workspace, failure with why, stop, and reset. */
class WorkspaceServiceTest {
    /** An HTTP server every sandbox has: the JDK's own, bound in for the agent. */
    private static final String WEB_SERVER = AgentDistribution.JDK_INSIDE + "/bin/jwebserver -b 127.0.0.1 -p 8080 -d /workspace/site";

    @TempDir
    Path dir;
    Pyro pyro;

    @AfterEach
    void cleanUp() {
        TestPyro.deleteAllWorkspaces(pyro);
    }

    @Test
    void twoServicesGetReadyLogStopAndLeaveTheDiffAlone() {
        pyro = TestPyro.in(dir);
        String id = pyro.createWorkspace(CreateRequest.of("host").withName("svc")).workspaceId();
        pyro.writeWorkspaceFile(id, "site/index.html", "hello from the service\n");
        WorkspaceChanges.Diff before = pyro.diffWorkspace(id);

        WorkspaceServices.Service worker = pyro.startService(id, "worker",
                "echo starting; sleep 0.3; echo warmed >&2; touch /tmp/worker.ready; exec sleep 600",
                StartOptions.defaults().withReadiness("file", "/tmp/worker.ready").withReadyIntervalMs(50));
        assertThat(worker.state()).isEqualTo("running");
        assertThat(worker.readyAt()).isNotNull();
        assertThat(worker.readiness()).containsEntry("type", "file").containsEntry("path", "/tmp/worker.ready");

        WorkspaceServices.Service web = pyro.startService(id, "web", WEB_SERVER,
                StartOptions.defaults().withReadiness("http", "http://127.0.0.1:8080/index.html"));
        assertThat(web.state()).isEqualTo("running");

        WorkspaceServices.Services listed = pyro.listServices(id);
        assertThat(listed.count()).isEqualTo(2);
        assertThat(listed.runningCount()).isEqualTo(2);
        WorkspaceInfo status = pyro.statusWorkspace(id);
        assertThat(status.serviceCount()).isEqualTo(2);
        assertThat(status.runningServiceCount()).isEqualTo(2);

        WorkspaceServices.Logs logs = pyro.logsService(id, "worker", 20, false);
        assertThat(logs.stdout()).isEqualTo("starting\n");
        assertThat(logs.stderr()).isEqualTo("warmed\n");
        assertThat(pyro.logsService(id, "worker", 0, false).stdout()).isEmpty();

        WorkspaceServices.Service stopped = pyro.stopService(id, "web");
        assertThat(stopped.state()).isEqualTo("stopped");
        assertThat(stopped.exitCode()).isNotNull();
        assertThat(pyro.statusService(id, "web").state()).isEqualTo("stopped");
        assertThat(pyro.listServices(id).runningCount()).isEqualTo(1);
        assertThat(pyro.diffWorkspace(id).entries()).isEqualTo(before.entries());

        pyro.resetWorkspace(id, null);
        assertThat(pyro.listServices(id).count()).isZero();
        assertThat(pyro.execWorkspace(id, "pgrep -x sleep || echo none").stdout()).isEqualTo("none\n");
    }

    @Test
    void aServiceThatNeverGetsReadyOrExitsFailsWithWhyAndItsLogTail() {
        pyro = TestPyro.in(dir);
        String id = pyro.createWorkspace(CreateRequest.of("host")).workspaceId();

        assertThatThrownBy(() -> pyro.startService(id, "slow", "echo booting; echo 'cannot bind' >&2; exec sleep 600",
                StartOptions.defaults().withReadiness("tcp", "9").withReadyTimeoutSeconds(1).withReadyIntervalMs(100)))
                .isInstanceOf(PyroException.class)
                .hasMessageContaining("service slow failed: not ready within 1.0 s (readiness: tcp 9)")
                .hasMessageContaining("booting").hasMessageContaining("cannot bind")
                .satisfies(e -> assertThat(((PyroException) e).code()).isEqualTo("service_failed"));
        assertThat(pyro.statusService(id, "slow").state()).isEqualTo("failed");
        assertThat(pyro.execWorkspace(id, "pgrep -x sleep || echo none").stdout()).isEqualTo("none\n");

        assertThatThrownBy(() -> pyro.startService(id, "crash", "echo bye; exit 3",
                StartOptions.defaults().withReadiness("command", "test -f never")))
                .hasMessageContaining("exited with code 3 before it was ready").hasMessageContaining("bye");
        WorkspaceServices.Service crashed = pyro.statusService(id, "crash");
        assertThat(crashed.exitCode()).isEqualTo(3);
        assertThat(crashed.failure()).contains("exited with code 3");
    }

    @Test
    void badRequestsAreRefusedClearly() {
        pyro = TestPyro.in(dir);
        String id = pyro.createWorkspace(CreateRequest.of("host")).workspaceId();
        pyro.startService(id, "once", "exec sleep 600", StartOptions.defaults());

        assertThatThrownBy(() -> pyro.startService(id, "once", "sleep 1", StartOptions.defaults()))
                .hasMessageContaining("already running").satisfies(e -> assertThat(((PyroException) e).code()).isEqualTo("service_running"));
        assertThatThrownBy(() -> pyro.statusService(id, "nope")).hasMessageContaining("no service 'nope'").hasMessageContaining("once")
                .satisfies(e -> assertThat(((PyroException) e).code()).isEqualTo("service_not_found"));
        assertThatThrownBy(() -> pyro.startService(id, "../escape", "true", StartOptions.defaults()))
                .hasMessageContaining("service names are");
        assertThatThrownBy(() -> StartOptions.defaults().withReadiness("socket", "x")).hasMessageContaining("file, tcp, http, command");
        assertThatThrownBy(() -> pyro.startService(id, "web", "true", StartOptions.defaults().withReadiness("http", "https://x/")))
                .hasMessageContaining("http:// URL");
        assertThatThrownBy(() -> pyro.startService(id, "web", "true", StartOptions.defaults().withReadiness("tcp", "host:port")))
                .hasMessageContaining("HOST:PORT");
        assertThat(pyro.stopService(id, "once").state()).isEqualTo("stopped");
        assertThat(pyro.startService(id, "once", "exec sleep 600", StartOptions.defaults()).state()).isEqualTo("running");
    }
}
