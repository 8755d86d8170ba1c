package dev.pyro.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyro.Pyro;
import dev.pyro.TestPyro;
import dev.pyro.io.JsonLines;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several callers on one workspace at once, callers killed mid-call, sandboxes that vanish. */
class WorkspaceConcurrencyTest {
    @TempDir
    Path dir;
    Pyro pyro;

    @org.junit.jupiter.api.AfterEach
    void cleanUp() {
        TestPyro.deleteAllWorkspaces(pyro);
    }

    private static Process child(Class<?> main, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    @Test
    void concurrentCallersFromThreadsAndProcessesKeepOneConsistentRecord() throws Exception {
        pyro = TestPyro.in(dir);
        String id = pyro.createWorkspace(CreateRequest.of("host").withName("busy")).workspaceId();
        Process other = child(WorkspaceExecMain.class, dir.resolve("home").toString(), id, "5", "echo from-child");
        List<CompletableFuture<Void>> threads = IntStream.range(0, 4).mapToObj(t -> CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 5; i++) {
                pyro.execWorkspace(id, "echo thread-" + t + "-" + i);
                pyro.updateWorkspace(id, null, Map.of("t" + t, String.valueOf(i)), List.of());
            }
        })).toList();
        threads.forEach(CompletableFuture::join);
        assertThat(other.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(other.exitValue()).isZero();

        WorkspaceInfo info = pyro.statusWorkspace("busy");
        assertThat(info.commandCount()).isEqualTo(25);
        assertThat(info.labels()).containsEntry("t0", "4").containsEntry("t3", "4");
        List<JournalEntry> journal = pyro.logsWorkspace(id).entries();
        assertThat(journal).hasSize(25);
        assertThat(journal.stream().map(JournalEntry::sequence).distinct().count()).isEqualTo(25);
        pyro.deleteWorkspace(id);
    }

    @Test
    void aCallerKilledMidExecLeavesAConsistentWorkspace() throws Exception {
        pyro = TestPyro.in(dir);
        String id = pyro.createWorkspace(CreateRequest.of("host")).workspaceId();
        Process caller = child(WorkspaceExecMain.class, dir.resolve("home").toString(), id, "1", "echo go; exec sleep 4247");
        assertThat(new BufferedReader(new InputStreamReader(caller.getInputStream())).readLine()).isEqualTo("streaming");
        caller.destroyForcibly();
        assertThat(caller.waitFor(10, TimeUnit.SECONDS)).isTrue();

        String processes = "";
        for (int i = 0; i < 200 && (processes.isEmpty() || processes.contains("sleep 4247")); i++) {
            processes = pyro.execWorkspace(id, "cat /proc/[0-9]*/cmdline | tr '\\0' ' '").stdout();
            Thread.sleep(10);
        }
        assertThat(processes).doesNotContain("sleep 4247");
        WorkspaceInfo info = pyro.statusWorkspace(id);
        assertThat(info.state()).isEqualTo("started");
        assertThat(pyro.execWorkspace(id, "echo fine").stdout()).isEqualTo("fine\n");
        pyro.deleteWorkspace(id);
    }

    @Test
    void aCreatorKilledAtAnyPointLeavesAStatedWorkspaceAndNoOrphanSandbox() throws Exception {
        Path seed = dir.resolve("seed");
        for (int i = 0; i < 2000; i++) {
            Path file = seed.resolve("d" + (i % 40)).resolve("f" + i + ".txt");
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, "content " + i + "\n");
        }
        pyro = TestPyro.in(dir);
        Path home = dir.resolve("home");
        for (long delayMs : List.of(300L, 500L, 700L, 900L, 1200L)) {
            Process creator = child(WorkspaceCreateMain.class, home.toString(), seed.toString());
            Thread.sleep(delayMs);
            creator.destroyForcibly();
            assertThat(creator.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        List<WorkspaceInfo> left = pyro.listWorkspaces();
        assertThat(left).allSatisfy(w -> assertThat(w.state()).isIn("started", "failed"));
        left.forEach(w -> pyro.deleteWorkspace(w.workspaceId()));
        assertThat(pyro.listWorkspaces()).isEmpty();
        assertThat(dev.pyro.runtime.ProcessesView.commandLinesContaining(home.toString())).isEmpty();
    }

    @Test
    void aVanishedSandboxComesBackWithItsFiles() throws Exception {
        pyro = TestPyro.in(dir);
        String id = pyro.createWorkspace(CreateRequest.of("host")).workspaceId();
        pyro.writeWorkspaceFile(id, "notes.txt", "kept\n");
        WorkspaceRecord record = dev.pyro.json.JsonSupport.read(
                java.nio.file.Files.readString(dir.resolve("home/workspaces/" + id + "/workspace.json")), WorkspaceRecord.class);
        ProcessHandle supervisor = ProcessHandle.of(record.sandbox().pid()).orElseThrow();
        supervisor.descendants().forEach(ProcessHandle::destroyForcibly);
        supervisor.destroyForcibly();
        supervisor.onExit().get(10, TimeUnit.SECONDS);

        assertThat(pyro.statusWorkspace(id).sandboxRunning()).isFalse();
        assertThat(pyro.execWorkspace(id, "cat notes.txt").stdout()).isEqualTo("kept\n");
        assertThat(pyro.statusWorkspace(id).sandboxRunning()).isTrue();
        List<WorkspaceEvent> events = JsonLines.read(dir.resolve("home/workspaces/" + id + "/events.jsonl"), WorkspaceEvent.class);
        assertThat(events).extracting(WorkspaceEvent::kind).contains("sandbox_restarted");
        pyro.deleteWorkspace(id);
    }
}
