package dev.pyro.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyro.Pyro;
import dev.pyro.PyroException;
import dev.pyro.RunRequest;
import dev.pyro.TestPyro;
import dev.pyro.config.PyroPaths;
import dev.pyro.runtime.RunResult;
import dev.pyro.workspace.CreateRequest;
import dev.pyro.workspace.WorkspaceCommands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian environments built from the Debian archive: one-shot runs on a read-only root, and
 * workspaces whose copy-on-write root takes {@code apt-get install} privately, keeps it across
 * stop/start and drops it on reset. The base environment is pulled once for all tests.
 */
class DebianEnvironmentTest {
    @TempDir
    Path dir;
    Pyro pyro;

    @AfterEach
    void cleanUp() {
        TestPyro.deleteAllWorkspaces(pyro);
    }

    private static WorkspaceCommands.ExecOptions slow() {
        return WorkspaceCommands.ExecOptions.defaults().withTimeoutSeconds(300);
    }

    @Test
    void oneShotsRunOnTheReadOnlyPulledRoot() {
        pyro = TestEnvironments.pyroWith(dir, TestEnvironments.BASE);
        RunResult result = pyro.run(RunRequest.of("sh", "-c", "cat /etc/debian_version; touch /usr/pyro-x 2>/dev/null || echo read-only;"
                + " test -e /etc/shadow && echo debian-shadow; ls /home | wc -l").withEnvironment(TestEnvironments.BASE));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<String> lines = result.stdout().lines().toList();
        assertThat(lines.get(0)).startsWith("12.");
        assertThat(lines.subList(1, lines.size())).containsExactly("read-only", "debian-shadow", "0");
        assertThat(pyro.run(RunRequest.of("no-such-tool").withEnvironment(TestEnvironments.BASE)).exitCode()).isEqualTo(127);
    }

    @Test
    void aWorkspaceInstallsPackagesIntoItsOwnLayerWhichResetDrops() {
        pyro = TestEnvironments.pyroWith(dir, TestEnvironments.BASE);
        String id = pyro.createWorkspace(CreateRequest.of(TestEnvironments.BASE).withName("apt").withNetworkPolicy("egress"))
                .workspaceId();
        String other = pyro.createWorkspace(CreateRequest.of(TestEnvironments.BASE).withName("other")).workspaceId();

        var install = pyro.execWorkspace(id, "apt-get update -q >/dev/null && apt-get install -y -q hello >/dev/null && hello", slow());
        assertThat(install.exitCode()).as(install.stderr()).isZero();
        assertThat(install.stdout()).isEqualTo("Hello, world!\n");
        assertThat(pyro.execWorkspace(other, "command -v hello || echo absent").stdout()).isEqualTo("absent\n");
        assertThat(pyro.diffWorkspace(id).changed()).as("the root is not /workspace").isFalse();

        pyro.stopWorkspace(id);
        pyro.startWorkspace(id);
        assertThat(pyro.execWorkspace(id, "hello").stdout()).isEqualTo("Hello, world!\n");

        pyro.writeWorkspaceFile(id, "kept.txt", "in /workspace\n");
        pyro.createSnapshot(id, "with-file");
        pyro.resetWorkspace(id, "with-file");
        assertThat(pyro.execWorkspace(id, "command -v hello || echo absent; cat kept.txt").stdout())
                .isEqualTo("absent\nin /workspace\n");
        assertThat(pyro.environments().inspect(TestEnvironments.BASE).usedBy()).contains("workspace " + id, "workspace " + other);
    }

    @Test
    void theManifestDescribesWhatWasBuilt() {
        pyro = TestEnvironments.pyroWith(dir, TestEnvironments.BASE);
        Environments.Details details = pyro.environments().inspect(TestEnvironments.BASE);
        EnvironmentManifest manifest = details.manifest();
        assertThat(details.environment().installed()).isTrue();
        assertThat(manifest.debianVersion()).startsWith("12.");
        assertThat(manifest.suite()).isEqualTo("bookworm");
        assertThat(manifest.packages()).anyMatch(p -> p.startsWith("apt=")).anyMatch(p -> p.startsWith("bash="));
        assertThat(manifest.packageCount()).isEqualTo(manifest.packages().size());
        assertThat(manifest.contentDigest()).matches("sha256:[0-9a-f]{64}");
        assertThat(manifest.sizeBytes()).isGreaterThan(50L << 20);
        assertThat(pyro.environments().pull(TestEnvironments.BASE, false, line -> { }).built()).isFalse();
        assertThatThrownBy(() -> pyro.run(RunRequest.of("true").withEnvironment("debian:12-build")))
                .isInstanceOf(PyroException.class).hasMessageContaining("not installed")
                .satisfies(e -> assertThat(((PyroException) e).fix()).isEqualTo("pull it once with 'pyro env pull debian:12-build' (or pass --pull)"));
        assertThatThrownBy(() -> pyro.environments().pull("debian:99", false, line -> { }))
                .hasMessageContaining("unknown environment 'debian:99'");
    }

    @Test
    void aPullKilledHalfWayIsNeverUsedAndTheNextPullSucceeds() throws Exception {
        TestEnvironments.assumePullable();
        Path cache = dir.resolve("cache");
        Process pull = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PullMain.class.getName(),
                dir.resolve("home").toString(), cache.toString(), TestEnvironments.BASE)
                .redirectErrorStream(true).redirectOutput(dir.resolve("pull.log").toFile()).start();
        Path environments = cache.resolve("environments");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (staging(environments).stream().noneMatch(s -> Files.isDirectory(s.resolve("rootfs/usr"))) && pull.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(pull.isAlive()).as(Files.readString(dir.resolve("pull.log"))).isTrue();
        pull.destroyForcibly().waitFor();

        pyro = Pyro.create(new PyroPaths(dir.resolve("home"), cache), null);
        assertThat(pyro.environments().inspect(TestEnvironments.BASE).environment().installed()).isFalse();
        assertThat(staging(environments)).isNotEmpty();

        EnvironmentPuller.Pulled pulled = pyro.environments().pull(TestEnvironments.BASE, false, line -> { });
        assertThat(pulled.built()).isTrue();
        assertThat(staging(environments)).isEmpty();
        assertThat(pyro.run(RunRequest.of("cat", "/etc/debian_version").withEnvironment(TestEnvironments.BASE)).stdout())
                .startsWith("12.");

        Environments.Pruned pruned = pyro.environments().prune();
        assertThat(pruned.removed()).containsExactly(TestEnvironments.BASE);
        assertThat(pyro.environments().inspect(TestEnvironments.BASE).environment().installed()).isFalse();
    }

    private static List<Path> staging(Path environments) throws IOException {
        if (!Files.isDirectory(environments)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(environments)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(".pull-")).toList();
        }
    }
}
