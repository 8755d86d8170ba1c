package dev.pyro.runtime;

import dev.pyro.PyroException;
import dev.pyro.contract.Contract;

/** What one sandbox may use: CPUs (as a quota), memory, and processes. */
public record ResourceLimits(int vcpuCount, int memMib, int pidsLimit) {

    public ResourceLimits {
        if (vcpuCount < 1 || vcpuCount > Contract.MAX_VCPU_COUNT) {
            throw PyroException.invalidArgument(
                    "vcpu count must be between 1 and " + Contract.MAX_VCPU_COUNT + ", got " + vcpuCount);
        }
        if (memMib < Contract.MIN_MEM_MIB || memMib > Contract.MAX_MEM_MIB) {
            throw PyroException.invalidArgument("memory must be between " + Contract.MIN_MEM_MIB
                    + " and " + Contract.MAX_MEM_MIB + " MiB, got " + memMib);
        }
        if (pidsLimit < 8) {
            throw PyroException.invalidArgument("process limit must be at least 8, got " + pidsLimit);
        }
    }

    public static ResourceLimits defaults() {
        return new ResourceLimits(Contract.DEFAULT_VCPU_COUNT, Contract.DEFAULT_MEM_MIB, Contract.DEFAULT_PIDS_LIMIT);
    }

    public long memBytes() {
        return memMib * 1024L * 1024L;
    }
}
