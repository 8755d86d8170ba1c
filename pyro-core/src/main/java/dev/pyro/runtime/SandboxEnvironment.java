package dev.pyro.runtime;

import dev.pyro.common.CommandLocator;
import dev.pyro.contract.Contract;
import java.util.LinkedHashMap;
import java.util.Map;

/** The environment variables every sandboxed process starts with; nothing leaks in from the host. */
public final class SandboxEnvironment {
    private SandboxEnvironment() {
    }

    public static Map<String, String> defaults() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", CommandLocator.DEFAULT_PATH);
        env.put("HOME", "/root");
        env.put("USER", "root");
        env.put("LOGNAME", "root");
        env.put("SHELL", "/bin/sh");
        env.put("LANG", "C.UTF-8");
        env.put("PYRO_SANDBOX", "1");
        env.put("PYRO_WORKSPACE", Contract.WORKSPACE_GUEST_PATH);
        return env;
    }
}
