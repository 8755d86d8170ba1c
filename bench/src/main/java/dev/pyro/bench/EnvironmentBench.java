package dev.pyro.bench;

import dev.pyro.Pyro;
import dev.pyro.RunRequest;
import dev.pyro.runtime.HostSystem;
import dev.pyro.workspace.CreateRequest;
import java.util.ArrayList;
import java.util.List;

/** A Debian environment against host: the pull itself, one-shot runs, workspace create and reset. */
final class EnvironmentBench {
    private static final String DEBIAN = "debian:12-base";

    private final Pyro pyro;
    private final int rounds;

    EnvironmentBench(Pyro pyro, int rounds) {
        this.pyro = pyro;
        this.rounds = rounds;
    }

    static boolean possible() {
        return HostSystem.findExecutable("mmdebstrap") != null && HostSystem.currentUid() == 0;
    }

    void run() throws Exception {
        Samples pull = new Samples("env pull " + DEBIAN);
        pull.time(() -> pyro.environments().pull(DEBIAN, true, line -> { }));

        Samples hostRun = new Samples("one-shot true (host)");
        Samples debianRun = new Samples("one-shot true (" + DEBIAN + ")");
        for (int i = 0; i < rounds; i++) {
            hostRun.time(() -> pyro.run(RunRequest.of("true")));
            debianRun.time(() -> pyro.run(RunRequest.of("true").withEnvironment(DEBIAN)));
        }
        List<String> created = new ArrayList<>();
        Samples hostCreate = new Samples("create (host)");
        Samples debianCreate = new Samples("create (" + DEBIAN + ")");
        Samples debianReset = new Samples("reset (" + DEBIAN + ", new root layer)");
        for (int i = 0; i < Math.max(3, rounds / 4); i++) {
            hostCreate.time(() -> created.add(pyro.createWorkspace(CreateRequest.of("host")).workspaceId()));
            debianCreate.time(() -> created.add(pyro.createWorkspace(CreateRequest.of(DEBIAN)).workspaceId()));
        }
        String debian = created.get(created.size() - 1);
        for (int i = 0; i < Math.max(3, rounds / 4); i++) {
            debianReset.time(() -> pyro.resetWorkspace(debian, null));
        }
        created.forEach(pyro::deleteWorkspace);

        System.out.println();
        System.out.println("environments:");
        Bench.print(pull, null, "mmdebstrap from the Debian archive, once");
        Bench.print(hostRun, null, "");
        Bench.print(debianRun, hostRun, "read-only pulled root");
        Bench.print(hostCreate, null, "");
        Bench.print(debianCreate, hostCreate, "overlay root layer");
        Bench.print(debianReset, null, "");
    }
}
