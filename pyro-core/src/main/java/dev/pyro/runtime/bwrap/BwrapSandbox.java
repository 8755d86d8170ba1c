package dev.pyro.runtime.bwrap;

import dev.pyro.PyroException;
import dev.pyro.contract.Contract;
import dev.pyro.runtime.HostSystem;
import dev.pyro.runtime.Sandbox;
import dev.pyro.runtime.SandboxRecord;
import dev.pyro.runtime.agent.AgentClient;
import dev.pyro.runtime.limits.Limits;
import dev.pyro.runtime.net.PortForwards;
import dev.pyro.runtime.net.UserModeNetwork;
import dev.pyro.io.FileTrees;
import java.util.List;

/** A running bubblewrap sandbox, started by this process or found again from its record. */
final class BwrapSandbox implements Sandbox {
    private static final long EXIT_WAIT_MS = 3_000;

    private final SandboxRecord record;
    private final AgentClient agent;
    private final Limits limits;

    BwrapSandbox(SandboxRecord record, Limits limits) {
        this.record = record;
        this.agent = new AgentClient(record.agentSocket());
        this.limits = limits;
    }

    @Override
    public SandboxRecord record() {
        return record;
    }

    @Override
    public AgentClient agent() {
        return agent;
    }

    @Override
    public boolean isAlive() {
        return HostSystem.isSameProcess(record.pid(), record.pidStartTime());
    }

    /**
     * Kills the sandbox outright: the agent keeps no state of its own (everything lives on the
     * host or is already written to /workspace), and SIGKILL of the namespace's init takes every
     * process with it at once, where a graceful JVM shutdown costs hundreds of milliseconds.
     */
    @Override
    public void stop() {
        if (isAlive()) {
            killTree();
        }
        limits.killAll();
        limits.release();
        UserModeNetwork.stop(record.network());
        FileTrees.deleteQuietly(record.stateDir());
    }

    @Override
    public PortForwards.Forward forwardPort(int hostPort, int guestPort) {
        return ports().add(hostPort, guestPort);
    }

    @Override
    public void removeForward(int forwardId) {
        ports().remove(forwardId);
    }

    private PortForwards ports() {
        if (record.network() == null || record.network().apiSocket() == null) {
            throw new PyroException("ports_unavailable", "this sandbox was started without published ports",
                    "create it with network policy " + Contract.NETWORK_EGRESS_PUBLISHED_PORTS);
        }
        return new PortForwards(record.network().apiSocket());
    }

    /** Killing the namespace's init (the supervisor's child) ends every process in it. */
    private void killTree() {
        ProcessHandle.of(record.pid()).ifPresent(supervisor -> {
            List<ProcessHandle> tree = supervisor.descendants().toList();
            tree.forEach(ProcessHandle::destroyForcibly);
            supervisor.destroyForcibly();
        });
        waitForExit();
    }

    private void waitForExit() {
        long deadline = System.currentTimeMillis() + EXIT_WAIT_MS;
        while (isAlive() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
