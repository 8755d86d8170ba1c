package dev.pyro.workspace;

import dev.pyro.contract.Contract;
import dev.pyro.runtime.SandboxRecord;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code workspace.json} holds. Written atomically under the workspace's lock; the
 * public view ({@link WorkspaceInfo}) leaves out the bookkeeping (sequence counter, sandbox
 * process, creator).
 */
public record WorkspaceRecord(
        String workspaceId,
        String name,
        Map<String, String> labels,
        String environment,
        String state,
        String executionMode,
        int vcpuCount,
        int memMib,
        String networkPolicy,
        long ttlSeconds,
        String createdAt,
        String lastActivityAt,
        WorkspaceSeed workspaceSeed,
        long commandCount,
        LastCommand lastCommand,
        long nextSequence,
        int resetCount,
        String lastResetAt,
        long creatorPid,
        SandboxRecord sandbox,
        String rootLayer) {

    public static final String CREATING = "creating";
    public static final String STARTED = "started";
    /** Sandbox ended on request; /workspace kept. {@code start} brings it back. */
    public static final String STOPPED = "stopped";

    public WorkspaceRecord {
        labels = labels == null ? Map.of() : new TreeMap<>(labels);
        networkPolicy = networkPolicy == null ? Contract.DEFAULT_NETWORK_POLICY : networkPolicy;
    }

    public WorkspaceRecord withState(String value) {
        return new WorkspaceRecord(workspaceId, name, labels, environment, value, executionMode, vcpuCount, memMib, networkPolicy,
                ttlSeconds, createdAt, lastActivityAt, workspaceSeed, commandCount, lastCommand, nextSequence,
                resetCount, lastResetAt, creatorPid, sandbox, rootLayer);
    }

    /** The generation of the copy-on-write root layer (null: the environment has none). */
    public WorkspaceRecord withRootLayer(String value) {
        return new WorkspaceRecord(workspaceId, name, labels, environment, state, executionMode, vcpuCount, memMib, networkPolicy,
                ttlSeconds, createdAt, lastActivityAt, workspaceSeed, commandCount, lastCommand, nextSequence,
                resetCount, lastResetAt, creatorPid, sandbox, value);
    }

    public WorkspaceRecord withSandbox(SandboxRecord value) {
        return new WorkspaceRecord(workspaceId, name, labels, environment, state, executionMode, vcpuCount, memMib, networkPolicy,
                ttlSeconds, createdAt, lastActivityAt, workspaceSeed, commandCount, lastCommand, nextSequence,
                resetCount, lastResetAt, creatorPid, value, rootLayer);
    }

    public WorkspaceRecord withSeed(WorkspaceSeed value) {
        return new WorkspaceRecord(workspaceId, name, labels, environment, state, executionMode, vcpuCount, memMib, networkPolicy,
                ttlSeconds, createdAt, lastActivityAt, value, commandCount, lastCommand, nextSequence,
                resetCount, lastResetAt, creatorPid, sandbox, rootLayer);
    }

    public WorkspaceRecord withNaming(String newName, Map<String, String> newLabels) {
        return new WorkspaceRecord(workspaceId, newName, newLabels, environment, state, executionMode, vcpuCount, memMib, networkPolicy,
                ttlSeconds, createdAt, lastActivityAt, workspaceSeed, commandCount, lastCommand, nextSequence,
                resetCount, lastResetAt, creatorPid, sandbox, rootLayer);
    }

    public WorkspaceRecord withActivity(String at) {
        return new WorkspaceRecord(workspaceId, name, labels, environment, state, executionMode, vcpuCount, memMib, networkPolicy,
                ttlSeconds, createdAt, at, workspaceSeed, commandCount, lastCommand, nextSequence,
                resetCount, lastResetAt, creatorPid, sandbox, rootLayer);
    }

    public WorkspaceRecord withNextSequence(long value) {
        return new WorkspaceRecord(workspaceId, name, labels, environment, state, executionMode, vcpuCount, memMib, networkPolicy,
                ttlSeconds, createdAt, lastActivityAt, workspaceSeed, commandCount, lastCommand, value,
                resetCount, lastResetAt, creatorPid, sandbox, rootLayer);
    }

    public WorkspaceRecord withCommand(LastCommand command, String at) {
        return new WorkspaceRecord(workspaceId, name, labels, environment, state, executionMode, vcpuCount, memMib, networkPolicy,
                ttlSeconds, createdAt, at, workspaceSeed, commandCount + 1, command, nextSequence,
                resetCount, lastResetAt, creatorPid, sandbox, rootLayer);
    }

    public WorkspaceRecord withReset(String at) {
        return new WorkspaceRecord(workspaceId, name, labels, environment, state, executionMode, vcpuCount, memMib, networkPolicy,
                ttlSeconds, createdAt, at, workspaceSeed, 0, null, nextSequence,
                resetCount + 1, at, creatorPid, sandbox, rootLayer);
    }
}
