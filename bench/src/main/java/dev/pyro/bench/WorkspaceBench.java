package dev.pyro.bench;

import dev.pyro.Pyro;
import dev.pyro.protocol.ExecRequest;
import dev.pyro.protocol.OutputMode;
import dev.pyro.runtime.SandboxEnvironment;
import dev.pyro.runtime.agent.AgentClient;
import dev.pyro.workspace.CreateRequest;
import dev.pyro.workspace.WorkspaceInfo;
import dev.pyro.workspace.WorkspaceServices;
import dev.pyro.workspace.WorkspaceShells;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Medians of workspace operations, with goals from the workspace issue next to them. */
final class WorkspaceBench {
    private final Pyro pyro;
    private final Path scratch;
    private final int rounds;

    WorkspaceBench(Pyro pyro, Path scratch, int rounds) {
        this.pyro = pyro;
        this.scratch = scratch;
        this.rounds = rounds;
    }

    void run() throws Exception {
        Path tree = seedTree(scratch.resolve("tree"), 2000);
        List<String> created = new ArrayList<>();

        Samples createEmpty = new Samples("create (empty)");
        Samples createSeeded = new Samples("create (2,000-file seed)");
        for (int i = 0; i < Math.max(3, rounds / 4); i++) {
            createEmpty.time(() -> created.add(pyro.createWorkspace(CreateRequest.of("host")).workspaceId()));
            createSeeded.time(() -> created.add(pyro.createWorkspace(CreateRequest.of("host").withSeedPath(tree)).workspaceId()));
        }
        String id = created.get(created.size() - 1);
        AgentClient agent = pyro.sandboxRuntime().attach(
                dev.pyro.json.JsonSupport.read(Files.readString(pyro.paths().home().resolve("workspaces/" + id + "/workspace.json")),
                        dev.pyro.workspace.WorkspaceRecord.class).sandbox()).agent();

        Samples floor = new Samples("agent exec true (floor)");
        Samples exec = new Samples("workspace exec true");
        Samples write = new Samples("file write");
        Samples read = new Samples("file read");
        Samples patch = new Samples("patch apply (1 file)");
        ExecRequest bare = new ExecRequest(List.of("true"), "/workspace", SandboxEnvironment.defaults(), 10_000,
                OutputMode.CAPTURE, 1024, 1024);
        for (int i = 0; i < rounds; i++) {
            floor.time(() -> agent.exec(bare, null));
            exec.time(() -> pyro.execWorkspace(id, "true"));
            int n = i;
            write.time(() -> pyro.writeWorkspaceFile(id, "bench/note.txt", "line one\nline " + n + "\n"));
            read.time(() -> pyro.readWorkspaceFile(id, "bench/note.txt"));
            patch.time(() -> pyro.applyWorkspacePatch(id, "--- a/bench/note.txt\n+++ b/bench/note.txt\n@@ -1,2 +1,2 @@\n line one\n-line "
                    + n + "\n+line patched\n"));
        }

        for (int i = 0; i < 10; i++) {
            pyro.writeWorkspaceFile(id, "dir" + i + "/file" + i + ".txt", "changed " + i + "\n");
        }
        Samples diff = new Samples("diff (2,000 files, 10 changed)");
        Samples snapshot = new Samples("snapshot create");
        Samples reset = new Samples("reset to baseline");
        for (int i = 0; i < Math.max(3, rounds / 4); i++) {
            diff.time(() -> pyro.diffWorkspace(id));
            int n = i;
            snapshot.time(() -> pyro.createSnapshot(id, "s" + n));
        }
        for (int i = 0; i < Math.max(3, rounds / 4); i++) {
            reset.time(() -> pyro.resetWorkspace(id, null));
            for (int j = 0; j < 10; j++) {
                pyro.writeWorkspaceFile(id, "dir" + j + "/file" + j + ".txt", "changed again\n");
            }
        }
        Samples stop = new Samples("stop");
        Samples start = new Samples("start (stopped -> exec ready)");
        for (int i = 0; i < Math.max(3, rounds / 4); i++) {
            stop.time(() -> pyro.stopWorkspace(id));
            start.time(() -> pyro.startWorkspace(id));
        }
        Samples shellOpen = new Samples("shell open");
        Samples shellRoundTrip = new Samples("shell write -> output read");
        String shell = pyro.openShell(id).shellId();
        for (int i = 0; i < Math.max(3, rounds / 4); i++) {
            shellOpen.time(() -> pyro.closeShell(id, pyro.openShell(id).shellId()));
        }
        long[] cursor = {0};
        for (int i = 0; i < rounds; i++) {
            int n = i;
            String marker = "ok-" + n + "\r\n";   // the output line; the typed line shows ok-$((n))
            shellRoundTrip.time(() -> {
                pyro.writeShell(id, shell, "echo ok-$((" + n + "))");
                StringBuilder seen = new StringBuilder();
                while (seen.indexOf(marker) < 0) {
                    WorkspaceShells.Output chunk = pyro.readShell(id, shell, WorkspaceShells.ReadOptions.defaults().withCursor(cursor[0]));
                    seen.append(chunk.output());
                    cursor[0] = chunk.nextCursor();
                }
            });
        }
        Samples serviceReady = new Samples("service start -> ready (file)");
        Samples serviceStop = new Samples("service stop");
        WorkspaceServices.StartOptions fileReady = WorkspaceServices.StartOptions.defaults()
                .withReadiness("file", "/tmp/bench.ready").withReadyIntervalMs(10);
        for (int i = 0; i < Math.max(3, rounds / 4); i++) {
            serviceReady.time(() -> pyro.startService(id, "bench", "touch /tmp/bench.ready; exec sleep 600", fileReady));
            serviceStop.time(() -> pyro.stopService(id, "bench"));
            pyro.execWorkspace(id, "rm -f /tmp/bench.ready");
        }
        WorkspaceInfo idle = pyro.statusWorkspace(created.get(0));
        // Idle means after the agent's idle trim: 2 s without requests, checked every 2 s.
        Thread.sleep(5000);
        long rssKiB = treeRssKiB(idle);

        System.out.println();
        System.out.println("workspaces:");
        Bench.print(createEmpty, null, "goal <= 300 ms");
        Bench.print(createSeeded, null, "");
        Bench.print(floor, null, "");
        Bench.print(exec, floor, String.format(Locale.ROOT, "overhead %.2f ms (goal <= 5 ms)", exec.median() - floor.median()));
        Bench.print(write, null, "goal <= 5 ms");
        Bench.print(read, null, "goal <= 5 ms");
        Bench.print(patch, null, "");
        Bench.print(diff, null, "goal <= 300 ms");
        Bench.print(snapshot, null, "");
        Bench.print(reset, null, "goal <= 400 ms");
        Bench.print(stop, null, "");
        Bench.print(start, null, "");
        Bench.print(shellOpen, null, "open + close");
        Bench.print(shellRoundTrip, null, "echo typed, its output seen");
        Bench.print(serviceReady, null, "readiness checked every 10 ms");
        Bench.print(serviceStop, null, "TERM, process gone");
        System.out.printf(Locale.ROOT, "%-34s %7.1f MiB (goal <= 48 MiB; all processes of the sandbox)%n", "idle workspace RSS", rssKiB / 1024.0);

        for (String workspace : created) {
            pyro.deleteWorkspace(workspace);
        }
    }

    private long treeRssKiB(WorkspaceInfo info) throws IOException {
        dev.pyro.workspace.WorkspaceRecord record = dev.pyro.json.JsonSupport.read(
                Files.readString(pyro.paths().home().resolve("workspaces/" + info.workspaceId() + "/workspace.json")),
                dev.pyro.workspace.WorkspaceRecord.class);
        ProcessHandle root = ProcessHandle.of(record.sandbox().pid()).orElseThrow();
        long total = rss(root.pid());
        for (ProcessHandle child : (Iterable<ProcessHandle>) root.descendants()::iterator) {
            total += rss(child.pid());
        }
        return total;
    }

    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    /** A tree like a small repository: directories of text files. */
    static Path seedTree(Path root, int files) throws IOException {
        for (int i = 0; i < files; i++) {
            Path file = root.resolve("dir" + (i % 50)).resolve("file" + i + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "file " + i + "\n".repeat(1 + i % 20));
        }
        return root;
    }
}
