package dev.pyro.agent;

import dev.pyro.common.Drain;
import dev.pyro.common.Redactor;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One named background process and its life: {@code starting} until its readiness check
 * passes, then {@code running}; {@code failed} when it exits or never gets ready in time,
 * {@code exited} when it ends after being ready, {@code stopped} when asked to stop.
 * Whatever it leaves behind when it ends is stopped too. A service with published ports is
 * ready only once each of them is listening; ports it opened on loopback only get a {@link
 * PortRelay} on the sandbox's network address for as long as it runs.
 */
final class Service {
    static final long STOP_GRACE_MS = 5_000;

    private final String name;
    private final String command;
    private final Path cwd;
    private final Readiness readiness;
    private final String marker;
    private final Process process;
    private final ServiceLog stdout;
    private final ServiceLog stderr;
    private final List<Integer> publishedPorts;
    private final String publishAddress;
    private final List<PortRelay> relays = new ArrayList<>();
    private final String startedAt = now();
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    /** Completes once {@link #ended} has recorded the final state, which runs after the process exit. */
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private String state = "starting";
    private String readyAt;
    private String endedAt;
    private String failure;
    private boolean stopping;

    private Service(String name, String command, Path cwd, Readiness readiness, String marker, Process process,
                    ServiceLog stdout, ServiceLog stderr, List<Integer> publishedPorts, String publishAddress) {
        this.name = name;
        this.command = command;
        this.cwd = cwd;
        this.readiness = readiness;
        this.marker = marker;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.publishedPorts = List.copyOf(publishedPorts);
        this.publishAddress = publishAddress;
    }

    static Service start(String name, String command, Path cwd, Map<String, String> env, Readiness readiness, Path logDir,
                         long logCapacity, Redactor redactor, List<Integer> publishedPorts, String publishAddress)
            throws IOException {
        Files.createDirectories(logDir);
        ServiceLog out = new ServiceLog(logDir.resolve("stdout"), logCapacity);
        ServiceLog err = new ServiceLog(logDir.resolve("stderr"), logCapacity);
        String marker = "service-" + name + "-" + Long.toHexString(System.nanoTime());
        ProcessBuilder builder = new ProcessBuilder("sh", "-lc", command)
                .directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process = ExecKiller.start(builder, env, marker, "service " + name);
        Service service = new Service(name, command, cwd, readiness, marker, process, out, err, publishedPorts, publishAddress);
        Thread outDrain = Drain.start(process.getInputStream(), redactor, out::append);
        Thread errDrain = Drain.start(process.getErrorStream(), redactor, err::append);
        process.onExit().thenRun(() -> service.ended(outDrain, errDrain));
        return service;
    }

    /** Checks readiness every {@code intervalMs} until it passes, the process ends, or {@code timeoutMs} passes. */
    void watchReadiness(long timeoutMs, long intervalMs) {
        Thread.ofVirtual().name("service-ready-" + name).start(() -> {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (process.isAlive()) {
                List<Integer> closed = closedPorts();
                if ((readiness == null || readiness.ready()) && closed.isEmpty()) {
                    becameReady();
                    return;
                }
                if (System.nanoTime() >= deadline) {
                    fail("not ready within " + (timeoutMs / 1000.0) + " s (" + waitingFor(closed) + ")");
                    terminate();
                    return;
                }
                try {
                    Thread.sleep(intervalMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Waits until the service is ready or has failed, at most {@code timeoutMs}. */
    void awaitSettled(long timeoutMs) {
        try {
            settled.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // The description says where it stands.
        }
    }

    private String waitingFor(List<Integer> closedPorts) {
        List<String> parts = new ArrayList<>();
        if (readiness != null) {
            parts.add("readiness: " + readiness.summary());
        }
        if (!closedPorts.isEmpty()) {
            parts.add("nothing listens on published port " + closedPorts.get(0));
        }
        return String.join("; ", parts);
    }

    private List<Integer> closedPorts() {
        if (publishedPorts.isEmpty()) {
            return List.of();
        }
        java.util.Set<Integer> listening = ListeningPorts.now();
        return publishedPorts.stream().filter(port -> !listening.contains(port)).toList();
    }

    private synchronized void becameReady() {
        if (state.equals("starting")) {
            state = "running";
            readyAt = now();
            openRelays();
        }
        settled.complete(null);
    }

    private void openRelays() {
        for (int port : publishedPorts) {
            try {
                PortRelay relay = PortRelay.open(publishAddress, port);
                if (relay != null) {
                    relays.add(relay);
                }
            } catch (IOException e) {
                AgentLog.info("service " + name + ": no relay for port " + port + ": " + e);
            }
        }
    }

    private synchronized void fail(String reason) {
        if (state.equals("starting")) {
            state = "failed";
            failure = reason;
        }
        settled.complete(null);
    }

    private void ended(Thread outDrain, Thread errDrain) {
        ExecKiller.kill(marker, process.pid());
        Drain.join(java.time.Duration.ofSeconds(2), outDrain, errDrain);
        stdout.close();
        stderr.close();
        synchronized (this) {
            relays.forEach(PortRelay::close);
            relays.clear();
            endedAt = now();
            if (stopping) {
                state = state.equals("failed") ? state : "stopped";
            } else if (state.equals("starting")) {
                state = "failed";
                failure = "exited with code " + process.exitValue() + " before it was ready";
            } else if (state.equals("running")) {
                state = "exited";
            }
        }
        settled.complete(null);
        finished.complete(null);
    }

    /** TERM to everything the service runs, KILL after a grace period; returns once it has ended. */
    void stop() {
        synchronized (this) {
            stopping = true;
        }
        terminate();
        try {
            finished.get(STOP_GRACE_MS + 5_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            AgentLog.info("service " + name + " did not end in time: " + e);
        }
    }

    private void terminate() {
        ExecKiller.terminate(marker, process.pid(), STOP_GRACE_MS);
    }

    synchronized boolean active() {
        return process.isAlive() && !stopping;
    }

    ServiceLog stdout() {
        return stdout;
    }

    ServiceLog stderr() {
        return stderr;
    }

    synchronized Map<String, Object> describe() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("service_name", name);
        fields.put("state", state);
        fields.put("command", command);
        fields.put("cwd", cwd.toString());
        fields.put("pid", process.pid());
        fields.put("started_at", startedAt);
        putIfSet(fields, "ready_at", readyAt);
        putIfSet(fields, "ended_at", endedAt);
        if (!process.isAlive()) {
            fields.put("exit_code", (long) process.exitValue());
        }
        putIfSet(fields, "failure", failure);
        if (readiness != null) {
            fields.put("readiness", new LinkedHashMap<String, Object>(readiness.describe()));
        }
        return fields;
    }

    private static void putIfSet(Map<String, Object> fields, String key, String value) {
        if (value != null) {
            fields.put(key, value);
        }
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
