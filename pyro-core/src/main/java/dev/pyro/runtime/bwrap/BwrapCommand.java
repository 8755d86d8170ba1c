package dev.pyro.runtime.bwrap;

import dev.pyro.contract.Contract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bubblewrap command line for one sandbox, with the isolation contract built in: new
 * user, mount, pid, ipc, uts, cgroup and network namespaces (only {@code lo}); no nested user
 * namespaces; no capabilities; a new session (no terminal injection); a read-only root with
 * writable {@code /workspace}, {@code /tmp} and {@code /root} only (a workspace on a pulled
 * environment writes its own copy-on-write root instead); a clean environment.
 * With {@link #joinNetwork} the sandbox keeps the network namespace it was started in instead
 * (one made for it, see {@link dev.pyro.runtime.net.UserModeNetwork}).
 */
final class BwrapCommand {
    private final Path bwrap;
    private final SandboxRoot root;
    private final List<String> mounts = new ArrayList<>();
    private Map<String, String> env = Map.of();
    private boolean dieWithParent;
    private boolean joinNetwork;
    private boolean blockOnStdin;
    private String workspaceSource;

    BwrapCommand(Path bwrap, SandboxRoot root) {
        this.bwrap = bwrap;
        this.root = root;
    }

    /** Ends the sandbox when the process that launched bwrap dies (one-shot runs). */
    BwrapCommand dieWithParent() {
        this.dieWithParent = true;
        return this;
    }

    /** Keeps the network namespace bwrap starts in (made for this sandbox by the caller) instead of a new one. */
    BwrapCommand joinNetwork() {
        this.joinNetwork = true;
        return this;
    }

    /**
     * Holds the command until a byte arrives on bwrap's stdin (so its network is up before it
     * runs), then runs it with stdin from /dev/null.
     */
    BwrapCommand blockOnStdin() {
        this.blockOnStdin = true;
        return this;
    }

    /** Binds a host directory at /workspace; without this, /workspace is an empty tmpfs. */
    BwrapCommand workspace(Path hostDir) {
        this.workspaceSource = hostDir.toString();
        return this;
    }

    BwrapCommand readOnly(Path hostPath, String inside) {
        mounts.addAll(List.of("--ro-bind", hostPath.toString(), inside));
        return this;
    }

    BwrapCommand writable(Path hostPath, String inside) {
        mounts.addAll(List.of("--bind", hostPath.toString(), inside));
        return this;
    }

    /** A private, memory-backed directory (nothing of it reaches the host's disk). */
    BwrapCommand memory(String inside) {
        mounts.addAll(List.of("--tmpfs", inside));
        return this;
    }

    BwrapCommand env(Map<String, String> env) {
        this.env = env;
        return this;
    }

    List<String> build(List<String> command) {
        List<String> args = new ArrayList<>();
        args.add(bwrap.toString());
        args.addAll(List.of("--unshare-all", "--unshare-user", "--disable-userns", "--uid", "0", "--gid", "0"));
        if (joinNetwork) {
            args.add("--share-net");
        }
        if (dieWithParent) {
            args.add("--die-with-parent");
        }
        if (blockOnStdin) {
            args.addAll(List.of("--block-fd", "0"));
        }
        args.addAll(List.of("--new-session", "--cap-drop", "ALL", "--hostname", Contract.SANDBOX_HOSTNAME));
        args.add("--clearenv");
        env.forEach((name, value) -> args.addAll(List.of("--setenv", name, value)));
        args.addAll(root.mountArgs());
        // bwrap covers /proc/irq and /proc/bus, not /proc/sys: bound read-only over itself, it still
        // shows the sandbox's own namespaces (hostname, net) but takes no writes.
        args.addAll(List.of("--proc", "/proc", "--ro-bind", "/proc/sys", "/proc/sys", "--dev", "/dev"));
        args.addAll(root.privateDirs());
        if (workspaceSource == null) {
            args.addAll(List.of("--tmpfs", Contract.WORKSPACE_GUEST_PATH));
        } else {
            args.addAll(List.of("--bind", workspaceSource, Contract.WORKSPACE_GUEST_PATH));
        }
        args.addAll(mounts);
        if (root.readOnly()) {
            args.addAll(List.of("--remount-ro", "/"));
        }
        args.addAll(List.of("--chdir", Contract.WORKSPACE_GUEST_PATH, "--"));
        if (blockOnStdin) {
            args.addAll(List.of("/bin/sh", "-c", "exec \"$@\" </dev/null", "pyro-run"));
        }
        args.addAll(command);
        return args;
    }
}
