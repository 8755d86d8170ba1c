package dev.pyro.runtime.bwrap;

import dev.pyro.PyroException;
import dev.pyro.io.FileTrees;
import dev.pyro.runtime.HostSystem;
import dev.pyro.runtime.Sandbox;
import dev.pyro.runtime.SandboxRecord;
import dev.pyro.runtime.agent.AgentClient;
import dev.pyro.runtime.net.PortForwards;
import java.nio.file.Path;
import java.util.List;

/**
 * A sandbox whose starter died before it wrote the record (between spawning bwrap and writing
 * {@code sandbox.json}): found by its state directory, which bwrap's and slirp4netns' command
 * lines name, so cleaning up can still end it.
 */
final class StraySandbox implements Sandbox {
    private static final long EXIT_WAIT_MS = 3_000;
    private final Path stateDir;

    StraySandbox(Path stateDir) {
        this.stateDir = stateDir;
    }

    private List<Long> processes() {
        return HostSystem.processesMentioning(stateDir + "/");
    }

    @Override
    public SandboxRecord record() {
        throw new PyroException("sandbox_unrecorded", "the sandbox in " + stateDir + " was never recorded", null);
    }

    @Override
    public AgentClient agent() {
        throw new PyroException("sandbox_unrecorded", "the sandbox in " + stateDir + " was never recorded", null);
    }

    @Override
    public boolean isAlive() {
        return !processes().isEmpty();
    }

    @Override
    public void stop() {
        List<ProcessHandle> killed = new java.util.ArrayList<>();
        for (long pid : processes()) {
            ProcessHandle.of(pid).ifPresent(process -> {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                killed.add(process);
            });
        }
        long deadline = System.currentTimeMillis() + EXIT_WAIT_MS;
        while (killed.stream().anyMatch(ProcessHandle::isAlive) && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        FileTrees.deleteQuietly(stateDir);
    }

    @Override
    public PortForwards.Forward forwardPort(int hostPort, int guestPort) {
        throw new PyroException("sandbox_unrecorded", "the sandbox in " + stateDir + " was never recorded", null);
    }

    @Override
    public void removeForward(int forwardId) {
    }
}
