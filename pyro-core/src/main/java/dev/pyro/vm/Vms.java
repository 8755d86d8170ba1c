package dev.pyro.vm;

import dev.pyro.PyroException;
import dev.pyro.contract.Contract;
import dev.pyro.env.Environment;
import dev.pyro.env.EnvironmentCatalog;
import dev.pyro.io.AtomicFiles;
import dev.pyro.io.FileLocks;
import dev.pyro.io.FileTrees;
import dev.pyro.io.RandomIds;
import dev.pyro.json.JsonSupport;
import dev.pyro.protocol.ExecRequest;
import dev.pyro.protocol.ExecResult;
import dev.pyro.protocol.OutputMode;
import dev.pyro.runtime.NetworkPolicy;
import dev.pyro.runtime.ResourceLimits;
import dev.pyro.runtime.SandboxEnvironment;
import dev.pyro.runtime.SandboxRuntime;
import dev.pyro.runtime.SandboxSpec;
import dev.pyro.runtime.agent.AgentException;
import dev.pyro.runtime.net.UserModeNetwork;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Standalone sandboxes under {@code $PYRO_HOME/vms/<id>/}: {@code vm.json} (replaced
 * atomically under {@code lock}), {@code files/} (its /workspace) and {@code state/}.
 * An expired VM is removed by {@link #reapExpired()}.
 */
public final class Vms {
    private final Path root;
    private final SandboxRuntime runtime;
    private final EnvironmentCatalog catalog;
    private final Clock clock;

    public Vms(Path root, SandboxRuntime runtime, EnvironmentCatalog catalog) {
        this.root = root;
        this.runtime = runtime;
        this.catalog = catalog;
        this.clock = Clock.systemUTC();
    }

    /** The result of a command: what ran, its output within the budget, and the VM it ran in. */
    public record Exec(String vmId, int exitCode, boolean timedOut, long durationMs, String stdout, String stderr,
                       long stdoutBytes, long stderrBytes, boolean stdoutTruncated, boolean stderrTruncated,
                       boolean vmDeleted) {
    }

    public record Deleted(String vmId, boolean deleted) {
    }

    public record Reaped(int count, List<String> deleted) {
    }

    /** The network as seen from inside: with no network only loopback exists. */
    public record NetworkInfo(String vmId, boolean networkEnabled, List<String> interfaces, String guestIp) {
    }

    public VmRecord create(String environmentName, int vcpuCount, int memMib, long ttlSeconds) {
        return create(environmentName, vcpuCount, memMib, ttlSeconds, false);
    }

    /** A VM that is not started yet; with {@code network} it gets egress (never the host's loopback). */
    public VmRecord create(String environmentName, int vcpuCount, int memMib, long ttlSeconds, boolean network) {
        Environment environment = catalog.require(environmentName);
        new ResourceLimits(vcpuCount, memMib, Contract.DEFAULT_PIDS_LIMIT);
        if (ttlSeconds < 1) {
            throw PyroException.invalidArgument("ttl seconds must be at least 1");
        }
        runtime.ensureAvailable();
        if (network) {
            runtime.ensureNetworkAvailable();
        }
        String id = RandomIds.unusedIn(root);
        Instant now = clock.instant();
        VmRecord record = new VmRecord(id, environment.name(), VmRecord.CREATED, runtime.executionMode(), vcpuCount, memMib,
                ttlSeconds, network, now.toString(), now.plusSeconds(ttlSeconds).toString(), null);
        return locked(id, () -> {
            write(record);
            return record;
        });
    }

    public VmRecord status(String id) {
        return read(id);
    }

    public VmRecord start(String id) {
        return locked(id, () -> {
            VmRecord record = read(id);
            if (record.sandbox() != null && runtime.attach(record.sandbox()).isAlive()) {
                return record;
            }
            Path dir = root.resolve(id);
            try {
                Files.createDirectories(dir.resolve("files"));
            } catch (IOException e) {
                throw dev.pyro.io.StateErrors.unwritable("create " + dir, e);
            }
            var sandbox = runtime.start(new SandboxSpec("vm-" + id, dir.resolve("state"), dir.resolve("files"),
                    catalog.require(record.environment()),
                    new ResourceLimits(record.vcpuCount(), record.memMib(), Contract.DEFAULT_PIDS_LIMIT), null,
                    record.networkEnabled() ? NetworkPolicy.EGRESS : NetworkPolicy.OFF, dir.resolve("root-layer")));
            VmRecord started = record.with(VmRecord.STARTED, sandbox.record());
            write(started);
            return started;
        });
    }

    /** Runs {@code sh -lc command} (starting the VM if needed), then deletes the VM: one command, one VM. */
    public Exec exec(String id, String command, int timeoutSeconds, int maxOutputBytes) {
        if (command == null || command.isBlank()) {
            throw PyroException.invalidArgument("no command given");
        }
        VmRecord record = start(id);
        ExecResult result;
        try {
            result = runtime.attach(record.sandbox()).agent().exec(new ExecRequest(List.of("sh", "-lc", command),
                    Contract.WORKSPACE_GUEST_PATH, SandboxEnvironment.defaults(), timeoutSeconds * 1000L, OutputMode.CAPTURE,
                    maxOutputBytes, maxOutputBytes), null);
        } catch (AgentException e) {
            throw new PyroException("sandbox_unresponsive", "VM " + id + " failed to run the command: " + e.getMessage(),
                    "try again with vm_run");
        } finally {
            delete(id);
        }
        return new Exec(id, result.exitCode(), result.timedOut(), result.durationMs(),
                new String(result.stdout(), StandardCharsets.UTF_8), new String(result.stderr(), StandardCharsets.UTF_8),
                result.stdoutBytes(), result.stderrBytes(), result.stdoutTruncated(), result.stderrTruncated(), true);
    }

    /** Ends the sandbox; the VM can be started again (with an empty /tmp). */
    public VmRecord stop(String id) {
        return locked(id, () -> {
            VmRecord record = read(id);
            stopSandboxes(record);
            VmRecord stopped = record.with(VmRecord.STOPPED, null);
            write(stopped);
            return stopped;
        });
    }

    public Deleted delete(String id) {
        return locked(id, () -> {
            stopSandboxes(read(id));
            try {
                FileTrees.delete(root.resolve(id));
                Files.deleteIfExists(root.resolve(id + ".lock"));
            } catch (IOException e) {
                throw new PyroException("delete_failed", "cannot remove " + root.resolve(id) + ": " + e.getMessage(), null);
            }
            return new Deleted(id, true);
        });
    }

    public NetworkInfo networkInfo(String id) {
        VmRecord record = read(id);
        return record.networkEnabled()
                ? new NetworkInfo(record.vmId(), true, List.of("lo", UserModeNetwork.TAP_DEVICE), Contract.SANDBOX_NETWORK_ADDRESS)
                : new NetworkInfo(record.vmId(), false, List.of("lo"), null);
    }

    /** The environments existing VMs are built on. */
    public java.util.Set<String> environmentsInUse() {
        java.util.Set<String> used = new java.util.TreeSet<>();
        for (String id : ids()) {
            tryRead(id).ifPresent(record -> used.add(record.environment()));
        }
        return used;
    }

    /** Deletes every VM past its expiry. */
    public Reaped reapExpired() {
        Instant now = clock.instant();
        List<String> deleted = new ArrayList<>();
        for (String id : ids()) {
            Optional<VmRecord> record = tryRead(id);
            if (record.isPresent() && Instant.parse(record.get().expiresAt()).isBefore(now)) {
                delete(id);
                deleted.add(id);
            }
        }
        return new Reaped(deleted.size(), deleted);
    }

    private void stopSandboxes(VmRecord record) {
        if (record.sandbox() != null) {
            runtime.attach(record.sandbox()).stop();
        }
        runtime.findAll(root.resolve(record.vmId()).resolve("state")).forEach(s -> s.stop());
    }

    private VmRecord read(String id) {
        return tryRead(id).orElseThrow(() -> new PyroException("vm_not_found", "no VM '" + id + "'"
                + (ids().isEmpty() ? "; there are none" : "; existing: " + String.join(", ", ids())),
                "create one (pyro vm create, or vm_create), or run one command with pyro run (vm_run)"));
    }

    private Optional<VmRecord> tryRead(String id) {
        if (!id.matches(RandomIds.PATTERN)) {
            return Optional.empty();
        }
        Path file = root.resolve(id).resolve("vm.json");
        try {
            return Files.exists(file) ? Optional.of(JsonSupport.read(Files.readString(file), VmRecord.class)) : Optional.empty();
        } catch (IOException e) {
            throw new PyroException("state_unreadable", "cannot read " + file + ": " + e.getMessage(), null);
        }
    }

    private void write(VmRecord record) {
        AtomicFiles.write(root.resolve(record.vmId()).resolve("vm.json"), JsonSupport.write(record));
    }

    private List<String> ids() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.map(p -> p.getFileName().toString()).filter(name -> name.matches(RandomIds.PATTERN)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private <T> T locked(String id, Supplier<T> action) {
        if (!id.matches(RandomIds.PATTERN)) {
            read(id); // an id that cannot exist never becomes a path; this says "no VM"
        }
        return FileLocks.withLock(root.resolve(id + ".lock"), action);
    }
}
