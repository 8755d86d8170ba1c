package dev.pyro.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyro.Pyro;
import dev.pyro.RunRequest;
import dev.pyro.TestPyro;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One-shot runs through a real bubblewrap sandbox. */
class OneShotRunTest {
    @TempDir
    static Path dir;
    static Pyro pyro;

    @BeforeAll
    static void setUp() {
        pyro = TestPyro.in(dir);
    }

    @Test
    void passesOutputAndExitCodeThrough() {
        RunResult result = pyro.run(RunRequest.of("sh", "-c", "echo hello; echo oops >&2; exit 3"));
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("hello\n");
        assertThat(result.stderr()).isEqualTo("oops\n");
        assertThat(result.executionMode()).isEqualTo("bwrap");
        assertThat(result.environment()).isEqualTo("host");
        assertThat(result.timedOut()).isFalse();
    }

    @Test
    void timeoutKillsTheWholeTreeAndReports124() {
        RunResult result = pyro.run(RunRequest.of("sh", "-c", "sleep 3141 & sleep 3142").withTimeoutSeconds(1));
        assertThat(result.exitCode()).isEqualTo(124);
        assertThat(result.timedOut()).isTrue();
        assertThat(Processes.commandLinesContaining("sleep 314")).isEmpty();
    }

    @Test
    void backgroundProcessesEndWithTheCommand() {
        RunResult result = pyro.run(RunRequest.of("sh", "-c", "sleep 2718 & echo started"));
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("started\n");
        assertThat(Processes.commandLinesContaining("sleep 2718")).isEmpty();
    }

    @Test
    void missingCommandIs127WithAMessage() {
        RunResult result = pyro.run(RunRequest.of("no-such-command-xyz", "arg"));
        assertThat(result.exitCode()).isEqualTo(127);
        assertThat(result.stderr()).contains("command not found").contains("no-such-command-xyz");
    }

    @Test
    void signalDeathIs128PlusSignal() {
        assertThat(pyro.run(RunRequest.of("sh", "-c", "kill -TERM $$")).exitCode()).isEqualTo(128 + 15);
    }

    @Test
    void stdinIsDevNull() {
        RunResult result = pyro.run(RunRequest.of("sh", "-c", "readlink /proc/self/fd/0; cat; echo end").withTimeoutSeconds(10));
        assertThat(result.stdout()).isEqualTo("/dev/null\nend\n");
    }

    @Test
    void outputBeyondTheBudgetKeepsHeadAndTail() {
        RunResult result = pyro.run(RunRequest.of("sh", "-c", "echo FIRST; seq 1 200000; echo LAST")
                .withMaxOutputBytes(1000));
        assertThat(result.stdoutTruncated()).isTrue();
        assertThat(result.stdout()).startsWith("FIRST\n").endsWith("199999\n200000\nLAST\n").contains("bytes omitted");
        assertThat(result.stdoutBytes()).isGreaterThan(1_000_000);
        assertThat(result.stderrTruncated()).isFalse();
    }

    @Test
    void runsInAnEmptyWritableWorkspaceWithACleanEnvironment() {
        RunResult result = pyro.run(RunRequest.of("sh", "-c",
                "pwd; ls -A; echo data > f && cat f; env | sort | cut -d= -f1 | tr '\\n' ' '"));
        assertThat(result.exitCode()).isZero();
        List<String> lines = result.stdout().lines().toList();
        assertThat(lines.get(0)).isEqualTo("/workspace");
        assertThat(lines.get(1)).isEqualTo("data");
        assertThat(lines.get(2).trim().split(" ")).containsExactly(
                "HOME", "LANG", "LOGNAME", "PATH", "PWD", "PYRO_SANDBOX", "PYRO_WORKSPACE", "SHELL", "USER");
    }

    @Test
    void eachRunStartsFresh() {
        pyro.run(RunRequest.of("sh", "-c", "echo x > /workspace/left-behind; echo y > /tmp/left-behind"));
        RunResult result = pyro.run(RunRequest.of("sh", "-c", "ls -A /workspace /tmp"));
        assertThat(result.stdout()).doesNotContain("left-behind");
    }
}
