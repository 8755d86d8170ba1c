package dev.pyro.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyro.Pyro;
import dev.pyro.RunRequest;
import dev.pyro.TestPyro;
import dev.pyro.workspace.CreateRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Network policy against a real network: a test host in a network namespace of its own (veth),
 * and a server on the host's loopback that no sandbox may reach, whatever its policy.
 */
class NetworkPolicyTest {
    private static final String PAGE = "hello from the test host";
    @TempDir
    static Path dir;
    static Pyro pyro;
    static TestNetworkHost testHost;

    @BeforeAll
    static void setUp() throws Exception {
        pyro = TestPyro.in(dir);
        testHost = TestNetworkHost.start(dir, PAGE);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (testHost != null) {
            testHost.close();
        }
    }

    @AfterEach
    void deleteWorkspaces() {
        TestPyro.deleteAllWorkspaces(pyro);
    }

    private static RunResult run(boolean network, String script) {
        return pyro.run(RunRequest.of("bash", "-c", script).withTimeoutSeconds(20).withNetwork(network));
    }

    @Test
    void oneShotEgressReachesTheTestHostAndOffDoesNot() {
        RunResult egress = run(true, testHost.fetchScript() + "; tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort");
        assertThat(egress.stdout().lines().toList()).as(egress.stderr()).containsExactly(PAGE, "lo", "tap0");

        RunResult off = run(false, testHost.fetchScript() + " 2>/dev/null");
        assertThat(off.stdout()).isEqualTo("unreachable\n");
    }

    @Test
    void noPolicyReachesTheHostsLoopback() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(300);
            int port = server.getLocalPort();
            String probe = "for a in 127.0.0.1 10.0.2.2; do if timeout 3 bash -c \"exec 3<>/dev/tcp/$a/" + port + "\" 2>/dev/null;"
                    + " then echo \"CONNECTED $a\"; else echo \"refused $a\"; fi; done";
            assertThat(run(true, probe).stdout()).isEqualTo("refused 127.0.0.1\nrefused 10.0.2.2\n");
            assertThat(run(false, probe).stdout()).isEqualTo("refused 127.0.0.1\nrefused 10.0.2.2\n");
            String workspace = pyro.createWorkspace(CreateRequest.of("host").withNetworkPolicy("egress")).workspaceId();
            assertThat(pyro.execWorkspace(workspace, probe).stdout()).isEqualTo("refused 127.0.0.1\nrefused 10.0.2.2\n");
            try {
                server.accept().close();
                throw new AssertionError("a sandbox reached a server on the host's loopback");
            } catch (SocketTimeoutException expected) {
                // Nothing connected.
            }
        }
    }

    @Test
    void workspaceEgressSurvivesResetAndStopStartWhileOffStaysOff() {
        String egress = pyro.createWorkspace(CreateRequest.of("host").withName("out").withNetworkPolicy("egress")).workspaceId();
        String off = pyro.createWorkspace(CreateRequest.of("host").withName("in")).workspaceId();
        assertThat(pyro.statusWorkspace(egress).networkPolicy()).isEqualTo("egress");
        assertThat(pyro.statusWorkspace(off).networkPolicy()).isEqualTo("off");

        assertThat(pyro.execWorkspace(egress, testHost.fetchScript()).stdout()).isEqualTo(PAGE + "\n");
        assertThat(pyro.execWorkspace(off, testHost.fetchScript() + " 2>/dev/null").stdout()).isEqualTo("unreachable\n");

        pyro.resetWorkspace(egress, null);
        assertThat(pyro.execWorkspace(egress, testHost.fetchScript()).stdout()).isEqualTo(PAGE + "\n");
        pyro.stopWorkspace(egress);
        pyro.startWorkspace(egress);
        assertThat(pyro.execWorkspace(egress, testHost.fetchScript()).stdout()).isEqualTo(PAGE + "\n");
    }
}
