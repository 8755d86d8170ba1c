package dev.pyro.workspace;

import dev.pyro.contract.Contract;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A workspace to create. {@code seedPath}: a host directory or .tar/.tar.gz/.tgz to put in
 * /workspace (null for empty). {@code ttlSeconds}: idle time after which the workspace is
 * removed (0 = never).
 */
public record CreateRequest(
        String environment,
        Path seedPath,
        String name,
        Map<String, String> labels,
        int vcpuCount,
        int memMib,
        long ttlSeconds) {

    public CreateRequest {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static CreateRequest of(String environment) {
        return new CreateRequest(environment, null, null, Map.of(), Contract.DEFAULT_VCPU_COUNT, Contract.DEFAULT_MEM_MIB,
                Contract.DEFAULT_WORKSPACE_TTL_SECONDS);
    }

    public CreateRequest withSeedPath(Path value) {
        return new CreateRequest(environment, value, name, labels, vcpuCount, memMib, ttlSeconds);
    }

    public CreateRequest withName(String value) {
        return new CreateRequest(environment, seedPath, value, labels, vcpuCount, memMib, ttlSeconds);
    }

    public CreateRequest withLabels(Map<String, String> value) {
        return new CreateRequest(environment, seedPath, name, value, vcpuCount, memMib, ttlSeconds);
    }

    public CreateRequest withLabels(List<String> pairs) {
        return withLabels(WorkspaceNames.parseLabels(pairs));
    }

    public CreateRequest withVcpuCount(int value) {
        return new CreateRequest(environment, seedPath, name, labels, value, memMib, ttlSeconds);
    }

    public CreateRequest withMemMib(int value) {
        return new CreateRequest(environment, seedPath, name, labels, vcpuCount, value, ttlSeconds);
    }

    public CreateRequest withTtlSeconds(long value) {
        return new CreateRequest(environment, seedPath, name, labels, vcpuCount, memMib, value);
    }
}
