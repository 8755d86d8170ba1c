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

    /**
     * The environment bwrap itself is started with. bwrap's init stays inside the sandbox as
     * pid 1, where any sandboxed process can read its {@code /proc/1/environ}: whatever the
     * caller's environment holds (API keys, tokens) must not reach it. {@code --clearenv} only
     * cleans the command's environment, so the launch starts from nothing too.
     */
    public static Map<String, String> launcher() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", CommandLocator.DEFAULT_PATH);
        return env;
    }

    /** Makes {@code builder} start from {@link #launcher()} instead of this process's environment. */
    public static ProcessBuilder cleanLaunch(ProcessBuilder builder) {
        builder.environment().clear();
        builder.environment().putAll(launcher());
        return builder;
    }
}
