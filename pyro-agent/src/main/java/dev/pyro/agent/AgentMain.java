package dev.pyro.agent;

import java.nio.file.Path;

/**
 * {@code pyro-agent}: the supervisor of a persistent sandbox. It listens on a Unix socket in a
 * directory the host bind-mounts into the sandbox and runs what the host asks. It has no more
 * rights than any process in the sandbox, so the host treats what it says as untrusted.
 */
public final class AgentMain {
    private AgentMain() {
    }

    public static void main(String[] args) throws Exception {
        Path socket = null;
        Path workspace = Path.of("/workspace");
        Path services = Path.of("/run/pyro-services");
        Path secrets = Path.of("/run/pyro-secrets");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--socket") && i + 1 < args.length) {
                socket = Path.of(args[++i]);
            } else if (args[i].equals("--workspace") && i + 1 < args.length) {
                workspace = Path.of(args[++i]);
            } else if (args[i].equals("--services") && i + 1 < args.length) {
                services = Path.of(args[++i]);
            } else if (args[i].equals("--secrets") && i + 1 < args.length) {
                secrets = Path.of(args[++i]);
            } else {
                usage("unknown argument " + args[i]);
            }
        }
        if (socket == null) {
            usage("--socket is required");
        }
        new AgentServer(socket, workspace, services, secrets).serve();
    }

    static String version() {
        String version = AgentMain.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    private static void usage(String problem) {
        System.err.println("pyro-agent: " + problem);
        System.err.println("usage: pyro-agent --socket PATH [--workspace DIR] [--services DIR] [--secrets DIR]");
        System.exit(2);
    }
}
