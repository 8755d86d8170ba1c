package dev.pyro.bench;

import dev.pyro.Pyro;
import dev.pyro.RunRequest;
import dev.pyro.runtime.RunResult;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * {@code bench/run}: medians of pyro operations next to the raw floor, measured in the same
 * run with rounds interleaved so machine noise hits both alike.
 *
 * <p>One-shot: a {@code true} through the Java API (JVM warm) against the bare {@code bwrap
 * --unshare-all ... true} floor spawned from the same JVM. MCP: tool calls through {@code ./pyro
 * mcp serve} per transport against the same calls through the Java API. Start-up: {@code
 * ./pyro --version}.
 */
public final class Bench {
    private static final List<String> BARE_BWRAP = List.of("bwrap", "--unshare-all", "--die-with-parent",
            "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib",
            "--symlink", "usr/lib64", "/lib64", "--proc", "/proc", "--dev", "/dev", "true");

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 40;
        int warmup = 10;
        Path launcher = null;
        boolean load = false;
        int[] loadSettings = {50, 8, 60, 60, 1, 1};
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--launcher" -> launcher = Path.of(args[++i]);
                case "--load" -> load = true;
                case "--workspaces" -> loadSettings[0] = Integer.parseInt(args[++i]);
                case "--clients" -> loadSettings[1] = Integer.parseInt(args[++i]);
                case "--calm-seconds" -> loadSettings[2] = Integer.parseInt(args[++i]);
                case "--stress-seconds" -> loadSettings[3] = Integer.parseInt(args[++i]);
                case "--fork-bombs" -> loadSettings[4] = Integer.parseInt(args[++i]);
                case "--memory-hogs" -> loadSettings[5] = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: bench [--rounds N] [--warmup N] [--launcher PATH/TO/pyro]\n"
                            + "       bench --load --launcher PATH/TO/pyro [--workspaces 50] [--clients 8] [--calm-seconds 60]\n"
                            + "             [--stress-seconds 60] [--fork-bombs 1] [--memory-hogs 1]");
                    System.exit(2);
                }
            }
        }
        Path home = Files.createTempDirectory("pyro-bench-");
        if (load) {
            if (launcher == null) {
                System.err.println("bench --load needs --launcher PATH/TO/pyro (bench/run passes it)");
                System.exit(2);
            }
            LoadRun.Report report = new LoadRun(List.of(launcher.toString()), Map.of("PYRO_HOME", home.resolve("home").toString(),
                    "PYRO_CACHE_DIR", home.resolve("cache").toString()))
                    .run(new LoadRun.Settings(loadSettings[0], loadSettings[1], loadSettings[2], loadSettings[3], loadSettings[4],
                            loadSettings[5]));
            report.print();
            dev.pyro.io.FileTrees.deleteQuietly(home);
            System.exit(report.problems().isEmpty() ? 0 : 1);
        }
        Pyro pyro = Pyro.create(new dev.pyro.config.PyroPaths(home.resolve("home"), home.resolve("cache")), null);

        Samples floor = new Samples("bare bwrap true (floor)");
        Samples oneShot = new Samples("pyro one-shot true (Java API)");
        for (int i = 0; i < warmup; i++) {
            spawn(BARE_BWRAP);
            check(pyro.run(RunRequest.of("true")));
        }
        for (int i = 0; i < rounds; i++) {
            floor.time(() -> spawn(BARE_BWRAP));
            oneShot.time(() -> check(pyro.run(RunRequest.of("true"))));
        }

        System.out.printf(Locale.ROOT, "pyro benchmark: %d rounds after %d warm-up, limits=%s%n%n",
                rounds, warmup, pyro.sandboxRuntime().limitsMode());
        print(floor, null, "");
        print(oneShot, floor, String.format(Locale.ROOT, "goal <= 1.5 x floor"));
        if (pyro.sandboxRuntime().network().availability().isEmpty()) {
            Samples networked = new Samples("pyro one-shot true --network");
            RunRequest withNetwork = RunRequest.of("true").withNetwork(true);
            check(pyro.run(withNetwork));
            for (int i = 0; i < Math.min(rounds, 20); i++) {
                networked.time(() -> check(pyro.run(withNetwork)));
            }
            print(networked, floor, "slirp4netns attached and configured first");
        }

        new WorkspaceBench(pyro, home.resolve("scratch"), rounds).run();
        if (EnvironmentBench.possible()) {
            new EnvironmentBench(pyro, rounds).run();
        }

        if (launcher != null) {
            new McpBench(pyro, launcher, home, rounds).run();

            Samples version = new Samples("./pyro --version (wall)");
            List<String> versionCommand = List.of(launcher.toString(), "--version");
            spawn(versionCommand);
            for (int i = 0; i < Math.min(rounds, 15); i++) {
                version.time(() -> spawn(versionCommand));
            }
            System.out.println();
            print(version, null, "");
        }
        dev.pyro.io.FileTrees.deleteQuietly(home);
    }

    static void print(Samples samples, Samples floor, String note) {
        String ratio = floor == null ? "" : String.format(Locale.ROOT, "  x%.2f floor", samples.median() / floor.median());
        System.out.printf(Locale.ROOT, "%-34s median %7.2f ms   p90 %7.2f ms   n=%-3d%s%s%n",
                samples.name(), samples.median(), samples.percentile(90), samples.count(), ratio,
                note.isEmpty() ? "" : "  (" + note + ")");
    }

    private static void spawn(List<String> command) throws Exception {
        Process process = new ProcessBuilder(new ArrayList<>(command))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(command + " exited " + process.exitValue());
        }
    }

    private static void check(RunResult result) {
        if (result.exitCode() != 0) {
            throw new IllegalStateException("pyro run failed: " + result);
        }
    }
}
