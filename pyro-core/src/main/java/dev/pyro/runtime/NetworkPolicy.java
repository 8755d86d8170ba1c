package dev.pyro.runtime;

import dev.pyro.PyroException;
import dev.pyro.contract.Contract;

/** What a sandbox may reach: nothing but loopback, the outside world, or that plus published ports. */
public enum NetworkPolicy {
    OFF(Contract.NETWORK_OFF),
    EGRESS(Contract.NETWORK_EGRESS),
    EGRESS_PUBLISHED_PORTS(Contract.NETWORK_EGRESS_PUBLISHED_PORTS);

    private final String wireName;

    NetworkPolicy(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the contract, e.g. {@code egress+published-ports}. */
    public String wireName() {
        return wireName;
    }

    public boolean egress() {
        return this != OFF;
    }

    public boolean publishedPorts() {
        return this == EGRESS_PUBLISHED_PORTS;
    }

    /** The policy named {@code name}; null means the default ({@code off}). */
    public static NetworkPolicy parse(String name) {
        if (name == null) {
            return OFF;
        }
        for (NetworkPolicy policy : values()) {
            if (policy.wireName.equals(name)) {
                return policy;
            }
        }
        throw PyroException.invalidArgument("network policy must be one of " + String.join(", ", Contract.NETWORK_POLICIES)
                + ", not '" + name + "'");
    }
}
