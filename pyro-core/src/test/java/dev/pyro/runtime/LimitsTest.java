package dev.pyro.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyro.Pyro;
import dev.pyro.PyroException;
import dev.pyro.RunRequest;
import dev.pyro.TestPyro;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memory and process limits end the offending run, never the host or the test suite. */
class LimitsTest {
    private static final String MEMORY_HOG = "head -c 1500m /dev/zero | tail > /dev/null";
    @TempDir
    Path dir;

    @Test
    void memoryHogIsKilledAndReportedWithCgroups() {
        Pyro pyro = TestPyro.in(dir);
        RunResult result = pyro.run(RunRequest.of("sh", "-c", MEMORY_HOG).withMemMib(128).withTimeoutSeconds(60));
        assertThat(result.limits()).startsWith("cgroup");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.oomKilled()).isTrue();
        assertThat(pyro.run(RunRequest.of("true")).exitCode()).isZero();
    }

    @Test
    void forkBombEndsTheRunAndLeavesNothingBehind() {
        Pyro pyro = TestPyro.in(dir);
        RunResult result = pyro.run(RunRequest.of("sh", "-c", "f() { f | f; }; f", "forkbomb-7919")
                .withTimeoutSeconds(3));
        assertThat(result.timedOut() || result.exitCode() != 0).isTrue();
        assertThat(result.stderr()).contains("fork");
        assertThat(Processes.commandLinesContaining("forkbomb-7919")).isEmpty();
        assertThat(pyro.run(RunRequest.of("sh", "-c", "echo still fine")).stdout()).isEqualTo("still fine\n");
    }

    @Test
    void rlimitFallbackStillStopsAMemoryHog() {
        Pyro pyro = TestPyro.in(dir, "rlimit");
        RunResult result = pyro.run(RunRequest.of("sh", "-c", MEMORY_HOG + "; echo status=$?").withMemMib(128).withTimeoutSeconds(60));
        assertThat(result.limits()).isEqualTo("rlimit");
        assertThat(result.stdout()).startsWith("status=").isNotEqualTo("status=0\n");
        assertThat(result.stderr()).contains("memory exhausted");
    }

    @Test
    void unknownLimitsModeIsAClearError() {
        Pyro pyro = TestPyro.in(dir, "magic");
        assertThatThrownBy(() -> pyro.run(RunRequest.of("true")))
                .isInstanceOf(PyroException.class)
                .hasMessageContaining("unknown limits mode 'magic'");
    }
}
