package dev.pyro.runtime.agent;

import dev.pyro.PyroException;
import dev.pyro.agent.AgentMain;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's code and the JDK that runs it, taken from this very JVM and bound read-only
 * into sandboxes at fixed paths, so no environment needs a Java of its own.
 */
public record AgentDistribution(Path javaHome, Path agentCode) {
    public static final String JDK_INSIDE = "/opt/pyro/jdk";
    public static final String AGENT_DIR_INSIDE = "/opt/pyro/agent";
    public static final String SOCKET_DIR_INSIDE = "/run/pyro-agent";
    /** Services' logs: in memory inside the sandbox, outside /workspace, gone with the sandbox. */
    public static final String SERVICES_DIR_INSIDE = "/run/pyro-services";
    /** The workspace's secrets, one read-only file each; only the agent and explicit secret_env use them. */
    public static final String SECRETS_DIR_INSIDE = "/run/pyro-secrets";
    public static final String SOCKET_NAME = "agent.sock";

    /** The agent runs on this very JDK, so this check is exact. */
    private static final int LAST_JDK_WITH_VFORK = 25;

    /** JVM flags tuned for a small, quickly started, long-idle supervisor. */
    private static final List<String> JVM_FLAGS = List.of(
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1",
            "-Xms4m",
            "-Xmx64m",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=20",
            "-XX:MaxMetaspaceSize=64m",
            "-XX:ReservedCodeCacheSize=16m",
            "-XX:ActiveProcessorCount=2",
            "-XX:-UsePerfData",
            "-XX:+DisableAttachMechanism",
            "-Xshare:auto",
            "-Djava.io.tmpdir=/tmp",
            "-Dfile.encoding=UTF-8");

    public static AgentDistribution current() {
        Path javaHome = Path.of(System.getProperty("java.home"));
        if (!Files.isExecutable(javaHome.resolve("bin/java"))) {
            throw new PyroException("agent_unavailable", "no java launcher in " + javaHome, "run pyro with a full JDK or JRE 21+");
        }
        try {
            Path code = Path.of(AgentMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new AgentDistribution(javaHome.toRealPath(), code.toRealPath());
        } catch (URISyntaxException | java.io.IOException | SecurityException e) {
            throw new PyroException("agent_unavailable", "cannot locate the pyro-agent code: " + e.getMessage(),
                    "rebuild pyro (./pyro rebuilds when needed)");
        }
    }

    /** Where the agent's code appears inside the sandbox (a jar, or a class directory in development). */
    public String agentCodeInside() {
        return AGENT_DIR_INSIDE + "/" + agentCode.getFileName();
    }

    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(JDK_INSIDE + "/bin/java");
        command.addAll(JVM_FLAGS);
        if (Runtime.version().feature() >= 22) {
            // Return freed native memory to the kernel while idle (a product flag from JDK 22;
            // JDK 21 would refuse to start with it).
            command.add("-XX:TrimNativeHeapInterval=1000");
        }
        if (Runtime.version().feature() <= LAST_JDK_WITH_VFORK) {
            // One exec less per command (no jspawnhelper). JDK 25 deprecates VFORK and a JDK
            // without it fails at the first spawn, so it is only used where it is verified.
            command.add("-Djdk.lang.Process.launchMechanism=VFORK");
        }
        command.addAll(List.of("-cp", agentCodeInside(), AgentMain.class.getName(),
                "--socket", SOCKET_DIR_INSIDE + "/" + SOCKET_NAME, "--services", SERVICES_DIR_INSIDE,
                "--secrets", SECRETS_DIR_INSIDE));
        return command;
    }
}
