package dev.pyro.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short pass of the load run (docs/reliability.md has the long one's figures): one real
 * {@code pyro mcp serve}, several workspaces and clients, a fork bomb and a memory hog half-way.
 * It checks what must hold under load — every call answered correctly, every exec journalled
 * once, the hogs contained and their workspaces serving again — never how fast.
 */
class LoadTest {
    @TempDir
    Path dir;

    @Test
    void concurrentClientsLoseNothingWhileAForkBombAndAMemoryHogRun() throws Exception {
        List<String> pyro = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.pyro.cli.PyroCli");
        LoadRun.Report report = new LoadRun(pyro, Map.of("PYRO_HOME", dir.resolve("home").toString(),
                "PYRO_CACHE_DIR", dir.resolve("cache").toString()))
                .run(new LoadRun.Settings(8, 4, 10, 15, 1, 1));
        report.print();

        assertThat(report.problems()).isEmpty();
        assertThat(report.before().get("workspace_exec").count()).isPositive();
        assertThat(report.during().get("workspace_exec").count()).isPositive();
        // A hog ends (a fork bomb's shell may die of "Cannot fork"), runs to its timeout, or overruns
        // its sandbox so badly that pyro stops it: contained either way, with an answer.
        assertThat(report.hogOutcomes()).hasSize(2)
                .allSatisfy(outcome -> assertThat(outcome).containsPattern("exit_code \\d+|sandbox_overrun"));
        assertThat(report.hogOutcomes().get(1)).contains("memory hog").contains("timed_out true");
        assertThat(report.hostProcessesPeak() - report.hostProcessesBefore())
                .as("the fork bomb stays under its workspace's process limit").isLessThan(2 * 512);
    }
}
