package dev.pyro.vm;

import dev.pyro.runtime.SandboxRecord;

/**
 * A standalone sandbox ("VM" in the MCP tool names), the low-level layer under one-shot runs:
 * created, started, used for a command, stopped or deleted. It has a private scratch
 * {@code /workspace} but none of a workspace's journal, baseline or snapshots. States:
 * {@code created}, {@code started}, {@code stopped}. {@code sandbox} is null unless started.
 */
public record VmRecord(
        String vmId,
        String environment,
        String state,
        String executionMode,
        int vcpuCount,
        int memMib,
        long ttlSeconds,
        boolean networkEnabled,
        String createdAt,
        String expiresAt,
        SandboxRecord sandbox) {

    public static final String CREATED = "created";
    public static final String STARTED = "started";
    public static final String STOPPED = "stopped";

    VmRecord with(String newState, SandboxRecord newSandbox) {
        return new VmRecord(vmId, environment, newState, executionMode, vcpuCount, memMib, ttlSeconds, networkEnabled,
                createdAt, expiresAt, newSandbox);
    }
}
