package dev.pyro.bench;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Load through one {@code pyro mcp serve --transport http}: many workspaces, concurrent clients
 * each in its own MCP session running exec, file write, file read and diff on random
 * workspaces. Half-way, a fork bomb and a memory hog start in workspaces of their own. Reports
 * each operation's p50 and p99 before and during, and checks that nothing was lost: every call
 * answered, every write read back, every workspace's command count equal to the calls made.
 */
public final class LoadRun {
    /** What to run: counts, and seconds before and during the hogs. */
    public record Settings(int workspaces, int clients, int calmSeconds, int stressSeconds, int forkBombs, int memoryHogs) {
        int hogs() {
            return forkBombs + memoryHogs;
        }
    }

    /** What happened. {@code problems} is empty when nothing was lost or refused. */
    public record Report(Settings settings, Map<String, Samples> before, Map<String, Samples> during, List<String> problems,
                         List<String> hogOutcomes, int hostProcessesBefore, int hostProcessesPeak, long minAvailableMib,
                         int calls) {
        public void print() {
            System.out.printf(Locale.ROOT, "load: %d workspaces, %d clients, %d s calm (the first third warm-up) then %d s with %d fork bomb(s) and %d memory hog(s)%n",
                    settings.workspaces, settings.clients, settings.calmSeconds, settings.stressSeconds, settings.forkBombs,
                    settings.memoryHogs);
            System.out.printf(Locale.ROOT, "  %-22s %10s %10s %10s %10s %8s%n", "operation (ms)", "p50 before", "p99 before",
                    "p50 during", "p99 during", "calls");
            for (String op : before.keySet()) {
                Samples b = before.get(op);
                Samples d = during.get(op);
                System.out.printf(Locale.ROOT, "  %-22s %10.1f %10.1f %10.1f %10.1f %8d%n", op, b.median(), b.percentile(99),
                        d.median(), d.percentile(99), b.count() + d.count());
            }
            System.out.printf(Locale.ROOT, "  host processes: %d before, peak %d during; lowest MemAvailable %d MiB%n",
                    hostProcessesBefore, hostProcessesPeak, minAvailableMib);
            hogOutcomes.forEach(outcome -> System.out.println("  " + outcome));
            System.out.printf(Locale.ROOT, "  %d calls, %d problems%n", calls, problems.size());
            problems.stream().limit(20).forEach(problem -> System.out.println("  PROBLEM: " + problem));
        }
    }

    private static final List<String> OPERATIONS = List.of("workspace_exec", "workspace_file_write", "workspace_file_read",
            "workspace_diff");
    /** In bash, whose fork() retries when the process limit is reached: it presses on the limit for the whole phase. */
    private static final String FORK_BOMB = "exec bash -c 'bomb() { bomb | bomb & }; bomb; wait' 2>/dev/null";
    private static final String MEMORY_HOG = "while :; do head -c 3G /dev/zero | tail > /dev/null; done";

    private final List<String> serveCommand;
    private final Map<String, String> environment;

    /** {@code serveCommand} runs {@code pyro} (it gets {@code mcp serve --transport http --port N} appended). */
    public LoadRun(List<String> serveCommand, Map<String, String> environment) {
        this.serveCommand = List.copyOf(serveCommand);
        this.environment = Map.copyOf(environment);
    }

    public Report run(Settings settings) throws Exception {
        int port = McpBench.freePort();
        List<String> command = new ArrayList<>(serveCommand);
        command.addAll(List.of("mcp", "serve", "--transport", "http", "--port", String.valueOf(port), "--profile", "workspace-full"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        Process server = builder.start();
        server.getOutputStream().close();
        Duration callTimeout = Duration.ofSeconds(settings.stressSeconds() + 120L);
        McpSyncClient admin = McpBench.httpClient(port, callTimeout);
        List<String> workspaces = new ArrayList<>();
        try {
            for (int i = 0; i < settings.workspaces(); i++) {
                Map<String, Object> arguments = i < settings.hogs() ? Map.of("mem_mib", 256L) : Map.of();
                workspaces.add((String) structured(McpBench.call(admin, "workspace_create", arguments)).get("workspace_id"));
            }
            return drive(settings, port, callTimeout, admin, workspaces);
        } finally {
            for (String id : workspaces) {
                try {
                    admin.callTool(McpSchema.CallToolRequest.builder("workspace_delete").arguments(Map.of("workspace_id", id)).build());
                } catch (RuntimeException e) {
                    System.err.println("load: could not delete workspace " + id + ": " + e);
                }
            }
            admin.closeGracefully();
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private Report drive(Settings settings, int port, Duration callTimeout, McpSyncClient admin, List<String> workspaces)
            throws Exception {
        List<String> hogs = workspaces.subList(0, settings.hogs());
        List<String> calm = workspaces.subList(settings.hogs(), workspaces.size());
        // Own threads: the common pool has one thread on a two-core machine, and blocking MCP
        // calls there starve the SDK's own work.
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();
        try {
            return measure(settings, port, callTimeout, admin, hogs, calm, threads);
        } finally {
            threads.shutdownNow();
        }
    }

    /** The clients' loops, the hogs half-way, then the checks of what the workspaces recorded. */
    private Report measure(Settings settings, int port, Duration callTimeout, McpSyncClient admin, List<String> hogs,
                           List<String> calm, java.util.concurrent.Executor threads) throws Exception {
        Map<String, Samples> before = samples("before");
        Map<String, Samples> during = samples("during");
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicInteger> execs = new ConcurrentHashMap<>();
        AtomicInteger calls = new AtomicInteger();
        long start = System.nanoTime();
        // The first third of the calm phase warms the server up (JIT) and is not measured.
        long measuredFrom = start + TimeUnit.SECONDS.toNanos(settings.calmSeconds()) / 3;
        long calmEnd = start + TimeUnit.SECONDS.toNanos(settings.calmSeconds());
        long end = calmEnd + TimeUnit.SECONDS.toNanos(settings.stressSeconds());

        HostSampler host = new HostSampler();
        int processesBefore = HostSampler.processes();
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < settings.clients(); c++) {
            int client = c;
            clients.add(CompletableFuture.runAsync(() -> {
                try {
                    McpSyncClient session = McpBench.httpClient(port, callTimeout);
                    try {
                        new ClientLoop(client, session, calm, execs, problems, calls).run(measuredFrom, calmEnd, end, before, during);
                    } finally {
                        session.closeGracefully();
                    }
                } catch (Exception e) {
                    problems.add("client " + client + " stopped: " + e);
                }
            }, threads));
        }
        sleepUntil(calmEnd);
        System.err.printf(Locale.ROOT, "load: %d calls in the calm phase; starting the hogs%n", calls.get());
        host.start();
        List<CompletableFuture<String>> hogRuns = new ArrayList<>();
        for (int h = 0; h < hogs.size(); h++) {
            boolean bomb = h < settings.forkBombs();
            String id = hogs.get(h);
            hogRuns.add(CompletableFuture.supplyAsync(() -> hog(admin, id, bomb, settings.stressSeconds()), threads));
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(settings.stressSeconds() + 300L, TimeUnit.SECONDS);
        System.err.printf(Locale.ROOT, "load: clients done after %d calls; waiting for the hogs to be stopped%n", calls.get());
        List<String> hogOutcomes = new ArrayList<>();
        for (CompletableFuture<String> run : hogRuns) {
            hogOutcomes.add(run.get(300, TimeUnit.SECONDS));
        }
        host.stop();
        checkCounts(admin, calm, execs, problems);
        checkHogsRecovered(admin, hogs, problems);
        return new Report(settings, before, during, List.copyOf(problems), hogOutcomes, processesBefore, host.peakProcesses(),
                host.minAvailableMib(), calls.get());
    }

    private static Map<String, Samples> samples(String phase) {
        Map<String, Samples> samples = new LinkedHashMap<>();
        OPERATIONS.forEach(op -> samples.put(op, new Samples(op + " " + phase)));
        return samples;
    }

    private static String hog(McpSyncClient admin, String id, boolean bomb, int seconds) {
        String kind = bomb ? "fork bomb" : "memory hog";
        McpSchema.CallToolResult result = admin.callTool(McpSchema.CallToolRequest.builder("workspace_exec")
                .arguments(Map.of("workspace_id", id, "command", bomb ? FORK_BOMB : MEMORY_HOG, "timeout_seconds", (long) seconds))
                .build());
        if (Boolean.TRUE.equals(result.isError())) {
            return kind + " in " + id + ": the call failed: " + result.content();
        }
        Map<String, Object> out = structured(result);
        return kind + " in " + id + ": exit_code " + out.get("exit_code") + ", timed_out " + out.get("timed_out");
    }

    /** Every exec a client made in a workspace is in its journal, and no other. */
    private static void checkCounts(McpSyncClient admin, List<String> calm, Map<String, AtomicInteger> execs, List<String> problems) {
        for (String id : calm) {
            Map<String, Object> status = structured(McpBench.call(admin, "workspace_status", Map.of("workspace_id", id)));
            long recorded = ((Number) status.get("command_count")).longValue();
            int made = execs.getOrDefault(id, new AtomicInteger()).get();
            if (recorded != made || !"started".equals(status.get("state"))) {
                problems.add(id + ": " + made + " execs made, " + recorded + " recorded, state " + status.get("state"));
            }
        }
    }

    /** A hog's workspace serves again once its hog is stopped. */
    private static void checkHogsRecovered(McpSyncClient admin, List<String> hogs, List<String> problems) {
        for (String id : hogs) {
            McpSchema.CallToolResult result = admin.callTool(McpSchema.CallToolRequest.builder("workspace_exec")
                    .arguments(Map.of("workspace_id", id, "command", "echo alive")).build());
            if (Boolean.TRUE.equals(result.isError()) || !"alive\n".equals(structured(result).get("stdout"))) {
                problems.add("hog workspace " + id + " did not serve again: " + result.content());
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> structured(McpSchema.CallToolResult result) {
        return (Map<String, Object>) result.structuredContent();
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** One client: a bounded loop of calls on random calm workspaces, each checked and timed. */
    private record ClientLoop(int client, McpSyncClient session, List<String> calm, Map<String, AtomicInteger> execs,
                              List<String> problems, AtomicInteger calls) {
        void run(long measuredFrom, long calmEnd, long end, Map<String, Samples> before, Map<String, Samples> during) {
            Map<String, Samples> warmUp = samples("warm-up");
            for (long round = 0; System.nanoTime() < end; round++) {
                long n = round;
                String id = calm.get(ThreadLocalRandom.current().nextInt(calm.size()));
                long now = System.nanoTime();
                Map<String, Samples> phase = now < measuredFrom ? warmUp : now < calmEnd ? before : during;
                String path = "load/client-" + client + ".txt";
                String text = "client " + client + " round " + n + "\n";
                call(phase, "workspace_exec", Map.of("workspace_id", id, "command", "echo " + n), out -> {
                    execs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                    return (n + "\n").equals(out.get("stdout"));
                });
                call(phase, "workspace_file_write", Map.of("workspace_id", id, "path", path, "text", text), out -> true);
                call(phase, "workspace_file_read", Map.of("workspace_id", id, "path", path), out -> text.equals(out.get("content")));
                call(phase, "workspace_diff", Map.of("workspace_id", id),
                        out -> String.valueOf(out.get("patch")).contains(path));
            }
        }

        private void call(Map<String, Samples> phase, String tool, Map<String, Object> arguments,
                          java.util.function.Predicate<Map<String, Object>> check) {
            long start = System.nanoTime();
            try {
                McpSchema.CallToolResult result = session.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build());
                phase.get(tool).add((System.nanoTime() - start) / 1e6);
                calls.incrementAndGet();
                if (Boolean.TRUE.equals(result.isError())) {
                    problems.add(tool + " " + arguments.get("workspace_id") + " failed: " + result.content());
                } else if (!check.test(structured(result))) {
                    problems.add(tool + " " + arguments.get("workspace_id") + " answered wrongly: " + result.structuredContent());
                }
            } catch (RuntimeException e) {
                problems.add(tool + " " + arguments.get("workspace_id") + " threw: " + e);
            }
        }
    }

    /** Host-wide process count and available memory, sampled while the hogs run. */
    private static final class HostSampler {
        private final AtomicInteger peak = new AtomicInteger();
        private final AtomicLong minAvailable = new AtomicLong(Long.MAX_VALUE);
        private volatile boolean running;
        private Thread thread;

        void start() {
            running = true;
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (running) {
                    peak.accumulateAndGet(processes(), Math::max);
                    minAvailable.accumulateAndGet(availableMib(), Math::min);
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        int peakProcesses() {
            return peak.get();
        }

        long minAvailableMib() {
            return minAvailable.get();
        }

        static int processes() {
            try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
                return (int) entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).count();
            } catch (IOException e) {
                return -1;
            }
        }

        private static long availableMib() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                    if (line.startsWith("MemAvailable:")) {
                        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // not Linux-like: report nothing
            }
            return -1;
        }
    }
}
