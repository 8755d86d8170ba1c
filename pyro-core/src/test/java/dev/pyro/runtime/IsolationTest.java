package dev.pyro.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyro.Pyro;
import dev.pyro.RunRequest;
import dev.pyro.TestPyro;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a sandboxed command must not be able to see or do. */
class IsolationTest {
    @TempDir
    static Path dir;
    static Pyro pyro;

    @BeforeAll
    static void setUp() {
        pyro = TestPyro.in(dir);
    }

    private static RunResult sh(String script) {
        return pyro.run(RunRequest.of("sh", "-c", script).withTimeoutSeconds(20));
    }

    @Test
    void systemIsReadOnlyAndOnlyWorkspaceAndTmpAreWritable() {
        RunResult result = sh("""
                for p in /usr/pyro-x /etc/pyro-x /pyro-x /bin/pyro-x /var/pyro-x; do
                  if touch $p 2>/dev/null; then echo "WROTE $p"; fi
                done
                touch /workspace/ok /tmp/ok /var/tmp/ok /root/ok && echo writable
                """);
        assertThat(result.stdout()).doesNotContain("WROTE").contains("writable");
    }

    @Test
    void hostFilesOutsideTheRootAreInvisible() throws IOException {
        String marker = "pyro-isolation-" + UUID.randomUUID();
        Path inHome = Path.of(System.getProperty("user.home")).resolve("." + marker);
        Path inTmp = dir.resolve(marker);
        Files.writeString(inHome, "secret");
        Files.writeString(inTmp, "secret");
        try {
            RunResult result = sh("for p in '" + inHome + "' '" + inTmp + "' /etc/shadow /etc/ssh /etc/ssl/private"
                    + " /home /run/user /var/lib;"
                    + " do if [ -e \"$p\" ]; then echo \"SEEN $p\"; fi; done; ls -A /root | wc -l; cut -d: -f1 /etc/passwd");
            assertThat(result.stdout()).doesNotContain("SEEN");
            assertThat(result.stdout().lines().toList()).containsExactly("0", "root", "nobody");
        } finally {
            Files.deleteIfExists(inHome);
        }
    }

    @Test
    void hostProcessesAreInvisible() {
        RunResult result = sh("ls /proc | grep -c '^[0-9]'; cat /proc/*/cmdline 2>/dev/null | tr '\\0' ' '");
        String[] lines = result.stdout().split("\n", 2);
        assertThat(Integer.parseInt(lines[0].trim())).isLessThanOrEqualTo(4);
        assertThat(lines[1]).doesNotContain("surefire").doesNotContain(Long.toString(ProcessHandle.current().pid()) + " ");
    }

    @Test
    void hostLoopbackServicesAreUnreachableAndOnlyLoExists() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(200);
            RunResult result = sh("if bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + server.getLocalPort() + "' 2>/dev/null;"
                    + " then echo CONNECTED; else echo refused; fi; tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '");
            assertThat(result.stdout().lines().toList()).containsExactly("refused", "lo");
            try {
                server.accept().close();
                throw new AssertionError("the sandbox reached a host loopback server");
            } catch (SocketTimeoutException expected) {
                // Nothing arrived.
            }
        }
    }

    @Test
    void noCapabilitiesNoNestedUserNamespacesOwnHostname() {
        RunResult result = sh("grep CapEff /proc/self/status; hostname; id -u;"
                + " if unshare -U true 2>/dev/null; then echo NESTED; else echo no-nesting; fi");
        assertThat(result.stdout().lines().toList())
                .containsExactly("CapEff:\t0000000000000000", "pyro", "0", "no-nesting");
    }

    @Test
    void hostEnvironmentVariablesDoNotLeak() {
        RunResult result = sh("env");
        assertThat(System.getenv()).isNotEmpty();
        for (String name : System.getenv().keySet()) {
            if (!name.equals("PATH") && !name.equals("HOME") && !name.equals("LANG")
                    && !name.equals("USER") && !name.equals("LOGNAME") && !name.equals("SHELL") && !name.equals("PWD")) {
                assertThat(result.stdout()).as(name).doesNotContain(name + "=");
            }
        }
    }
}
