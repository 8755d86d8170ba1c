package dev.pyro.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyro.Pyro;
import dev.pyro.RunRequest;
import dev.pyro.TestPyro;
import dev.pyro.workspace.CreateRequest;
import dev.pyro.workspace.WorkspaceCommands;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What sandboxed code tries and must not achieve, each attempt made for real from inside a
 * workspace: reading what the host did not give it, writing outside /workspace, escaping
 * through links, devices, /proc or new namespaces, touching host processes, reaching the
 * network with policy off, and finding other workspaces.
 */
class AdversarialTest {
    @TempDir
    static Path dir;
    static Pyro pyro;
    static String workspace;
    static String neighbour;
    static final String MARKER = "pyro-adversarial-" + UUID.randomUUID();

    @BeforeAll
    static void setUp() {
        pyro = TestPyro.in(dir);
        workspace = pyro.createWorkspace(CreateRequest.of("host").withName("attacker").withSecret("TOKEN", "adv-secret-551"))
                .workspaceId();
        neighbour = pyro.createWorkspace(CreateRequest.of("host").withName("victim")).workspaceId();
        pyro.writeWorkspaceFile(neighbour, MARKER + ".txt", "the neighbour's data\n");
    }

    @AfterAll
    static void tearDown() {
        TestPyro.deleteAllWorkspaces(pyro);
    }

    private static String inside(String script) {
        return pyro.execWorkspace(workspace, script, WorkspaceCommands.ExecOptions.defaults().withTimeoutSeconds(60)).stdout();
    }

    @Test
    void aForkBombLeftRunningIsEndedWithItsSandboxAndTheWorkspaceComesBack() {
        String bombed = pyro.createWorkspace(CreateRequest.of("host").withName("bombed")).workspaceId();
        pyro.writeWorkspaceFile(bombed, "kept.txt", "kept\n");
        // Relit whenever it burns out, then left behind in the background when the command returns.
        String bomb = "bomb() { bomb | bomb & }; (while :; do bomb 2>/dev/null; sleep 0.1; done) & sleep 3; exit 0";
        try {
            pyro.execWorkspace(bombed, bomb, WorkspaceCommands.ExecOptions.defaults().withTimeoutSeconds(20));
        } catch (dev.pyro.PyroException overrun) {
            assertThat(overrun.code()).isEqualTo("sandbox_overrun");
        }
        assertThat(afterOverrun(() -> pyro.execWorkspace(bombed, "cat kept.txt")).stdout()).isEqualTo("kept\n");
        // Within a few calls (one that finds the process table full ends the sandbox and is retried), no bomb is left.
        String count = "";
        for (int i = 0; i < 3 && !count.matches("\\d+"); i++) {
            count = afterOverrun(() -> pyro.execWorkspace(bombed, "ls /proc | grep -c '^[0-9]'")).stdout().trim();
        }
        assertThat(Integer.parseInt(count)).as("processes left in the sandbox").isLessThan(10);
        assertThat(inside("echo neighbour-fine")).isEqualTo("neighbour-fine\n");
        pyro.deleteWorkspace(bombed);
    }

    /**
     * The first call after a bomb may be the one that finds its sandbox overrun (the agent had
     * no thread left for it, or went down with it): it fails as an unresponsive sandbox, and the
     * next call gets a fresh one.
     */
    private static <T> T afterOverrun(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (dev.pyro.PyroException e) {
            assertThat(e.code()).isEqualTo("sandbox_unresponsive");
            return call.get();
        }
    }

    @Test
    void runningOutOfMemoryKillsTheCommandNotTheAgent() throws IOException {
        String hungry = pyro.createWorkspace(CreateRequest.of("host").withName("hungry").withMemMib(256)).workspaceId();
        var result = pyro.execWorkspace(hungry, "head -c 2G /dev/zero | tail > /dev/null; echo survived-$?",
                WorkspaceCommands.ExecOptions.defaults().withTimeoutSeconds(60));
        assertThat(result.exitCode()).as("the shell outlives the OOM kill of tail").isZero();
        assertThat(result.stdout()).startsWith("survived-");
        assertThat(pyro.execWorkspace(hungry, "echo fine").stdout()).isEqualTo("fine\n");
        java.util.List<dev.pyro.workspace.WorkspaceEvent> events = dev.pyro.io.JsonLines.read(
                dir.resolve("home/workspaces/" + hungry + "/events.jsonl"), dev.pyro.workspace.WorkspaceEvent.class);
        assertThat(events).extracting(dev.pyro.workspace.WorkspaceEvent::kind)
                .as("the agent was not the one killed, so its sandbox never had to start again").doesNotContain("sandbox_restarted");
        pyro.deleteWorkspace(hungry);
    }

    @Test
    void hostFilesSocketsAndOtherWorkspacesAreOutOfSight() throws IOException {
        Path hostSocketDir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "ssh-" + MARKER));
        Path homeFile = Path.of(System.getProperty("user.home"), "." + MARKER);
        Files.writeString(homeFile, "host secret");
        try (ServerSocketChannel agentSocket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            agentSocket.bind(UnixDomainSocketAddress.of(hostSocketDir.resolve("agent.sock")));
            String found = inside("find / \\( -path /proc -o -path /sys \\) -prune -o \\( -name '*" + MARKER + "*' -o -type s \\)"
                    + " -print 2>/dev/null; ls -A /root | wc -l; ls /home 2>&1; cat /proc/1/root/etc/shadow 2>&1 | head -1");
            assertThat(found.lines().toList()).containsExactly("/run/pyro-agent/agent.sock", "0",
                    "ls: cannot access '/home': No such file or directory",
                    "cat: /proc/1/root/etc/shadow: No such file or directory");
        } finally {
            Files.deleteIfExists(homeFile);
            Files.deleteIfExists(hostSocketDir.resolve("agent.sock"));
            Files.deleteIfExists(hostSocketDir);
        }
    }

    @Test
    void nothingOutsideTheWorkspaceIsWritable() {
        String script = """
                for p in /usr/bin/pyro-x /etc/pyro-x /opt/pyro/jdk/pyro-x /opt/pyro/agent/pyro-x /run/pyro-secrets/pyro-x \
                         /run/pyro-agent/../pyro-x /pyro-x /proc/sys/kernel/hostname /proc/sysrq-trigger /sys/pyro-x; do
                  if (echo x > "$p") 2>/dev/null; then echo "WROTE $p"; fi
                done
                if (echo x > /workspace/ok) 2>/dev/null; then echo workspace-writable; fi
                """;
        assertThat(inside(script)).isEqualTo("workspace-writable\n");
        assertThat(inside("hostname")).isEqualTo("pyro\n");
    }

    @Test
    void linksDevicesAndNewNamespacesGoNowhere() {
        String script = """
                ln /etc/passwd /workspace/hard 2>/dev/null && echo HARDLINK-ETC
                ln /opt/pyro/jdk/release /workspace/hard2 2>/dev/null && echo HARDLINK-JDK
                mknod /workspace/mem c 1 1 2>/dev/null && echo MKNOD
                mknod /tmp/disk b 8 0 2>/dev/null && echo MKNOD-BLOCK
                ls /dev | grep -E '^(sd|vd|nvme|kvm|mem|kmem|port|loop|dm-)' && echo HOST-DEVICES
                unshare -U true 2>/dev/null && echo USERNS
                unshare -m true 2>/dev/null && echo MOUNTNS
                unshare -n true 2>/dev/null && echo NETNS
                mount -t tmpfs none /tmp 2>/dev/null && echo MOUNT
                chroot / true 2>/dev/null && echo CHROOT
                [ "$(readlink /proc/self/root)" = / ] && [ "$(ls /proc/1/root/ | sort | tr '\\n' ' ')" = "$(ls / | sort | tr '\\n' ' ')" ] && echo same-root
                grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status | tr -s '\\t' ' '
                ulimit -c
                """;
        assertThat(inside(script).lines().toList()).containsExactly("same-root", "CapEff: 0000000000000000",
                "CapBnd: 0000000000000000", "NoNewPrivs: 1", "0");
    }

    @Test
    void hostProcessesCannotBeSeenOrSignalled() {
        long self = ProcessHandle.current().pid();
        String script = "kill -0 " + self + " 2>/dev/null && echo SIGNALLED; ls /proc | grep -c '^[0-9]'";
        assertThat(Integer.parseInt(inside(script).trim())).isLessThanOrEqualTo(6);
        // Killing everything it can see only takes down its own sandbox (the call loses its agent), which comes back.
        try {
            pyro.execWorkspace(workspace, "kill -9 -1; sleep 1");
        } catch (dev.pyro.PyroException expected) {
            assertThat(expected.code()).isEqualTo("sandbox_unresponsive");
        }
        assertThat(ProcessHandle.current().isAlive()).isTrue();
        // Its sandbox ends with its agent; the next call after that starts a new one.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (pyro.statusWorkspace(workspace).sandboxRunning() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(pyro.statusWorkspace(workspace).sandboxRunning()).isFalse();
        assertThat(inside("echo back")).isEqualTo("back\n");
    }

    @Test
    void withNetworkOffNothingIsReachableNotEvenTheHostsIpv6Loopback() throws IOException {
        try (ServerSocket v4 = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             ServerSocket v6 = new ServerSocket()) {
            v6.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            String script = "for a in 127.0.0.1/" + v4.getLocalPort() + " ::1/" + v6.getLocalPort() + " 10.0.2.2/" + v4.getLocalPort()
                    + "; do bash -c \"exec 3<>/dev/tcp/$a\" 2>/dev/null && echo \"REACHED $a\"; done;"
                    + " tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '; grep -c '@' /proc/net/unix";
            assertThat(inside(script).lines().toList()).containsExactly("lo", "0");
        }
    }

    @Test
    void theAgentHoldsNoSecretInItsEnvironmentAndOutputIsRedacted() {
        String agentEnv = inside("for p in /proc/[0-9]*; do tr '\\0' '\\n' < $p/environ 2>/dev/null; done | grep -c 'adv-secret-[5]51' || true");
        assertThat(agentEnv).isEqualTo("0\n");
        String leaked = pyro.execWorkspace(workspace, "cat /run/pyro-secrets/TOKEN; echo; echo $T >&2",
                WorkspaceCommands.ExecOptions.defaults().withSecretEnv(Map.of("TOKEN", "T"))).stdout();
        assertThat(leaked).isEqualTo("[REDACTED]\n");
        var run = pyro.run(RunRequest.of("sh", "-c", "cat /proc/1/cmdline | tr '\\0' ' '"));
        assertThat(run.stdout()).doesNotContain("adv-secret");
        assertThat(List.of(pyro.statusWorkspace(workspace).secrets())).doesNotContain(List.of("adv-secret-551"));
    }
}
