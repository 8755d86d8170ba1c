package dev.pyro.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyro.Pyro;
import dev.pyro.PyroException;
import dev.pyro.RunRequest;
import dev.pyro.TestPyro;
import dev.pyro.runtime.agent.AgentDistribution;
import dev.pyro.runtime.net.PortForwards;
import dev.pyro.workspace.CreateRequest;
import dev.pyro.workspace.WorkspaceServices;
import dev.pyro.workspace.WorkspaceServices.StartOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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
    void egressNeverReachesLinkLocalAddressesLikeCloudMetadata() throws Exception {
        try (TestNetworkHost metadataLike = TestNetworkHost.start(dir, "credentials", "169.254.77")) {
            assertThat(run(true, metadataLike.fetchScript() + " 2>/dev/null").stdout()).isEqualTo("unreachable\n");
            String workspace = pyro.createWorkspace(CreateRequest.of("host").withNetworkPolicy("egress")).workspaceId();
            assertThat(pyro.execWorkspace(workspace, metadataLike.fetchScript() + " 2>/dev/null").stdout()).isEqualTo("unreachable\n");
            assertThat(pyro.execWorkspace(workspace, "ip route del 169.254.0.0/16 2>&1 || echo refused").stdout())
                    .contains("refused");
            assertThat(pyro.execWorkspace(workspace, testHost.fetchScript()).stdout()).isEqualTo(PAGE + "\n");
        }
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

    /** The JDK's web server, which every sandbox has (bound in for the agent), serving /workspace. */
    private static String webServer(String address, int port) {
        return AgentDistribution.JDK_INSIDE + "/bin/jwebserver -b " + address + " -p " + port + " -d /workspace";
    }

    private static String fetchFromHost(int port) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/page.txt"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private static boolean answersOnHost(int port) {
        try {
            fetchFromHost(port);
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void publishedPortsAnswerOnTheHostsLoopbackAndFollowTheService() throws Exception {
        String id = pyro.createWorkspace(CreateRequest.of("host").withNetworkPolicy("egress+published-ports")).workspaceId();
        pyro.writeWorkspaceFile(id, "page.txt", "served from the sandbox\n");
        int chosenHostPort = PortForwards.freeLoopbackPort();

        // Bound to the sandbox's loopback only (many dev servers' default): relayed by the agent.
        WorkspaceServices.Service local = pyro.startService(id, "local", webServer("127.0.0.1", 8000),
                StartOptions.defaults().withPublish(List.of("8000")).withReadyIntervalMs(50));
        // Bound to every address: reached directly.
        WorkspaceServices.Service wide = pyro.startService(id, "wide", webServer("0.0.0.0", 8001),
                StartOptions.defaults().withPublish(List.of(chosenHostPort + ":8001")).withReadyIntervalMs(50));

        assertThat(local.publishedPorts()).singleElement().satisfies(p -> {
            assertThat(p.hostAddress()).isEqualTo("127.0.0.1");
            assertThat(p.guestPort()).isEqualTo(8000);
        });
        assertThat(wide.publishedPorts()).containsExactly(new WorkspaceServices.PublishedPort("127.0.0.1", chosenHostPort, 8001));
        int localHostPort = local.publishedPorts().get(0).hostPort();
        assertThat(fetchFromHost(localHostPort)).isEqualTo("served from the sandbox\n");
        assertThat(fetchFromHost(chosenHostPort)).isEqualTo("served from the sandbox\n");
        assertThat(pyro.statusService(id, "wide").publishedPorts()).isEqualTo(wide.publishedPorts());
        assertThatThrownBy(() -> pyro.startService(id, "dup", "sleep 60", StartOptions.defaults().withPublish(List.of("8001"))))
                .isInstanceOf(PyroException.class).hasMessageContaining("already published by service wide");

        pyro.stopService(id, "local");
        assertThat(answersOnHost(localHostPort)).isFalse();
        assertThat(pyro.listServices(id).services()).filteredOn(s -> s.serviceName().equals("local"))
                .singleElement().satisfies(s -> assertThat(s.publishedPorts()).isEmpty());
        assertThat(fetchFromHost(chosenHostPort)).isEqualTo("served from the sandbox\n");

        // A service that exits loses its ports on the next look.
        pyro.execWorkspace(id, "pkill -f 'jwebserver -b 0.0.0.0' || true");
        for (int i = 0; i < 100 && pyro.statusService(id, "wide").state().equals("running"); i++) {
            Thread.sleep(20); // the agent notices the exit on its own thread
        }
        assertThat(pyro.listServices(id).services()).allSatisfy(s -> assertThat(s.publishedPorts()).isEmpty());
        assertThat(answersOnHost(chosenHostPort)).isFalse();

        pyro.startService(id, "again", webServer("0.0.0.0", 8001),
                StartOptions.defaults().withPublish(List.of(chosenHostPort + ":8001")).withReadyIntervalMs(50));
        assertThat(fetchFromHost(chosenHostPort)).isEqualTo("served from the sandbox\n");
        pyro.resetWorkspace(id, null);
        assertThat(answersOnHost(chosenHostPort)).isFalse();
    }

    @Test
    void publishingIsRefusedClearlyWhenItCannotWork() throws IOException {
        String egressOnly = pyro.createWorkspace(CreateRequest.of("host").withNetworkPolicy("egress")).workspaceId();
        assertThatThrownBy(() -> pyro.startService(egressOnly, "web", "sleep 60", StartOptions.defaults().withPublish(List.of("8000"))))
                .isInstanceOf(PyroException.class).hasMessageContaining("network policy 'egress'")
                .hasMessageContaining("egress+published-ports");
        assertThat(pyro.listServices(egressOnly).count()).isZero();

        String id = pyro.createWorkspace(CreateRequest.of("host").withNetworkPolicy("egress+published-ports")).workspaceId();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> pyro.startService(id, "web", "sleep 60",
                    StartOptions.defaults().withPublish(List.of(taken.getLocalPort() + ":8000"))))
                    .isInstanceOf(PyroException.class).hasMessageContaining("already in use");
        }
        assertThatThrownBy(() -> StartOptions.defaults().withPublish(List.of("80:70000")))
                .hasMessageContaining("[HOST_PORT:]GUEST_PORT");
        assertThatThrownBy(() -> pyro.startService(id, "quiet", "exec sleep 60",
                StartOptions.defaults().withPublish(List.of("8000")).withReadyTimeoutSeconds(1).withReadyIntervalMs(50)))
                .isInstanceOf(PyroException.class).hasMessageContaining("nothing listens on published port 8000");
    }
}
