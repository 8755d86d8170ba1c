package dev.pyro.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyro.Pyro;
import dev.pyro.TestPyro;
import dev.pyro.env.EnvironmentCatalog;
import dev.pyro.json.JsonSupport;
import dev.pyro.protocol.ExecRequest;
import dev.pyro.protocol.ExecResult;
import dev.pyro.protocol.Fields;
import dev.pyro.protocol.OutputMode;
import dev.pyro.runtime.agent.AgentException;
import dev.pyro.runtime.agent.OutputListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Persistent sandboxes and their agent, through real bubblewrap sandboxes and real processes. */
class PersistentSandboxTest {
    private static final Map<String, String> ENV = SandboxEnvironment.defaults();

    @TempDir
    Path dir;
    Pyro pyro;
    Path workspace;
    Sandbox sandbox;

    @BeforeEach
    void start() throws IOException {
        pyro = TestPyro.in(dir);
        workspace = Files.createDirectories(dir.resolve("workspace"));
        sandbox = pyro.sandboxRuntime().start(spec("test-sandbox", dir.resolve("state")));
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.stop();
        }
    }

    private SandboxSpec spec(String id, Path stateDir) {
        return new SandboxSpec(id, stateDir, workspace, new EnvironmentCatalog().require(EnvironmentCatalog.HOST),
                new ResourceLimits(2, 256, 128));
    }

    @Test
    void aSandboxWhoseStarterDiedBeforeRecordingItIsStillFoundAndStopped() throws IOException {
        Path states = dir.resolve("states");
        Sandbox unrecorded = pyro.sandboxRuntime().start(spec("unrecorded", states.resolve("one")));
        long pid = unrecorded.record().pid();
        Files.delete(states.resolve("one").resolve("sandbox.json"));

        List<Sandbox> found = pyro.sandboxRuntime().findAll(states);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).isAlive()).isTrue();
        found.get(0).stop();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Processes.commandLinesContaining(states.toString())).isEmpty();
        assertThat(states.resolve("one")).doesNotExist();
    }

    private static ExecRequest capture(String script, long timeoutMs) {
        return new ExecRequest(List.of("sh", "-c", script), "/workspace", ENV, timeoutMs, OutputMode.CAPTURE, 65536, 65536);
    }

    private ExecResult sh(String script) {
        return sandbox.agent().exec(capture(script, 30_000), null);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void pingsExecsAndStopsLeavingNothing() {
        Fields pong = sandbox.agent().ping();
        assertThat(pong.longValue("protocol")).isEqualTo(1);
        ExecResult result = sh("echo hi; echo err >&2; exit 4");
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(text(result.stdout())).isEqualTo("hi\n");
        assertThat(text(result.stderr())).isEqualTo("err\n");
        assertThat(sandbox.isAlive()).isTrue();
        List<Path> cgroups = sandbox.record().cgroupDirs();

        sandbox.stop();
        assertThat(sandbox.isAlive()).isFalse();
        assertThat(cgroups).allMatch(cgroup -> !Files.exists(cgroup));
        assertThatThrownBy(() -> sandbox.agent().ping()).isInstanceOf(AgentException.class)
                .matches(e -> ((AgentException) e).unreachable());
        sandbox = null;
    }

    @Test
    void execHonoursCwdEnvTimeoutAndReportsMissingCommands() {
        ExecResult inTmp = sandbox.agent().exec(new ExecRequest(List.of("sh", "-c", "pwd; echo $GREETING"), "/tmp",
                Map.of("PATH", "/usr/bin:/bin", "GREETING", "hello"), 0, OutputMode.CAPTURE, 1000, 1000), null);
        assertThat(text(inTmp.stdout())).isEqualTo("/tmp\nhello\n");

        ExecResult timedOut = sandbox.agent().exec(capture("sleep 4243 & sleep 4244", 300), null);
        assertThat(timedOut.exitCode()).isEqualTo(124);
        assertThat(timedOut.timedOut()).isTrue();
        assertThat(text(sh("cat /proc/[0-9]*/cmdline | tr '\\0' ' '").stdout())).doesNotContain("sleep 4243").doesNotContain("sleep 4244");

        ExecResult missing = sandbox.agent().exec(new ExecRequest(List.of("no-such-tool"), "/workspace", ENV, 0,
                OutputMode.CAPTURE, 1000, 1000), null);
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(text(missing.stderr())).contains("command not found: no-such-tool");

        assertThatThrownBy(() -> sandbox.agent().exec(new ExecRequest(List.of("true"), "/nowhere", ENV, 0,
                OutputMode.CAPTURE, 1000, 1000), null))
                .isInstanceOf(AgentException.class).hasMessageContaining("/nowhere does not exist");
    }

    @Test
    void backgroundProcessesEndWithTheirExec() {
        ExecResult result = sh("sleep 4245 & echo started");
        assertThat(text(result.stdout())).isEqualTo("started\n");
        assertThat(text(sh("cat /proc/[0-9]*/cmdline | tr '\\0' ' '").stdout())).doesNotContain("4245");
    }

    @Test
    void workspaceIsTheHostDirectory() throws IOException {
        Files.writeString(workspace.resolve("from-host.txt"), "host");
        ExecResult result = sh("cat from-host.txt; echo sandbox > from-sandbox.txt");
        assertThat(text(result.stdout())).isEqualTo("host");
        assertThat(Files.readString(workspace.resolve("from-sandbox.txt"))).isEqualTo("sandbox\n");
    }

    @Test
    void outlivesTheProcessThatStartedItAndAcceptsANewOne() throws Exception {
        sandbox.stop();
        Path stateDir = dir.resolve("state-2");
        Process starter = ChildJvm.start(SandboxStarterMain.class, dir.resolve("home").toString(),
                stateDir.toString(), workspace.toString());
        String line = new BufferedReader(new InputStreamReader(starter.getInputStream())).readLine();
        assertThat(starter.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(starter.exitValue()).as("starter output: " + line).isZero();

        SandboxRecord record = JsonSupport.mapper().readValue(stateDir.resolve("sandbox.json").toFile(), SandboxRecord.class);
        sandbox = pyro.sandboxRuntime().attach(record);
        assertThat(sandbox.isAlive()).isTrue();
        assertThat(text(sh("echo still here").stdout())).isEqualTo("still here\n");
    }

    @Test
    void aKilledClientDoesNotKillTheAgentAndItsCommandIsStopped() throws Exception {
        Process client = ChildJvm.start(StreamingExecMain.class, sandbox.record().agentSocket().toString(),
                "echo go; exec sleep 4246");
        BufferedReader lines = new BufferedReader(new InputStreamReader(client.getInputStream()));
        assertThat(lines.readLine()).isEqualTo("streaming");
        assertThat(text(sh("cat /proc/[0-9]*/cmdline | tr '\\0' ' '").stdout())).contains("sleep 4246");

        client.destroyForcibly();
        assertThat(client.waitFor(10, TimeUnit.SECONDS)).isTrue();

        String processes = "";
        for (int i = 0; i < 200; i++) {
            processes = text(sh("cat /proc/[0-9]*/cmdline | tr '\\0' ' '").stdout());
            if (!processes.contains("sleep 4246")) {
                break;
            }
            Thread.sleep(10);
        }
        assertThat(processes).doesNotContain("sleep 4246");
        assertThat(sandbox.agent().ping().longValue("protocol")).isEqualTo(1);
    }

    @Test
    void servesConcurrentRequests() {
        CompletableFuture<ExecResult> waiter = CompletableFuture.supplyAsync(
                () -> sh("while [ ! -e /tmp/flag ]; do sleep 0.01; done; echo saw-flag"));
        ExecResult setter = sh("sleep 0.2; touch /tmp/flag; echo set");
        assertThat(text(setter.stdout())).isEqualTo("set\n");
        assertThat(text(waiter.join().stdout())).isEqualTo("saw-flag\n");
    }

    @Test
    void streamsTwentyMegabytesOnBothStreamsWithoutLoss() {
        String script = "head -c 20000000 /dev/zero | tr '\\0' o & head -c 20000000 /dev/zero | tr '\\0' e >&2;"
                + " wait; echo OUT-END; echo ERR-END >&2";
        long[] counts = new long[2];
        StringBuilder[] tails = {new StringBuilder(), new StringBuilder()};
        ExecResult result = sandbox.agent().exec(new ExecRequest(List.of("sh", "-c", script), "/workspace", ENV,
                120_000, OutputMode.STREAM, 0, 0), new OutputListener() {
                    @Override
                    public void stdout(byte[] chunk) {
                        counts[0] += chunk.length;
                        keepTail(tails[0], chunk);
                    }

                    @Override
                    public void stderr(byte[] chunk) {
                        counts[1] += chunk.length;
                        keepTail(tails[1], chunk);
                    }
                });
        assertThat(result.exitCode()).isZero();
        assertThat(counts).containsExactly(20_000_008, 20_000_008);
        assertThat(result.stdoutBytes()).isEqualTo(20_000_008);
        assertThat(tails[0].toString()).endsWith("oooOUT-END\n");
        assertThat(tails[1].toString()).endsWith("eeeERR-END\n");

        ExecResult captured = sandbox.agent().exec(capture(script, 120_000), null);
        assertThat(captured.stdoutTruncated()).isTrue();
        assertThat(captured.stderrBytes()).isEqualTo(20_000_008);
        assertThat(text(captured.stdout())).startsWith("ooo").endsWith("oOUT-END\n").contains("bytes omitted");
        assertThat(text(captured.stderr())).endsWith("eERR-END\n");
    }

    @Test
    void answersProtocolAbuseWithErrorsAndKeepsServing() throws IOException {
        assertThat(rawExchange("this is not json\n")).contains("\"code\":\"bad_request\"");
        assertThat(rawExchange("{\"op\":\"format-disk\"}\n")).contains("\"code\":\"unknown_op\"");
        assertThat(rawExchange("{\"op\":\"exec\",\"argv\":\"rm -rf /\"}\n")).contains("\"code\":\"bad_request\"")
                .contains("list of strings");
        assertThat(sandbox.agent().ping().bool("ok", false)).isTrue();
    }

    @Test
    void swappingTheSocketInsideTheSandboxDoesNotRedirectTheHost() {
        ExecResult swap = sh("rm -f /run/pyro-agent/agent.sock && ln -s /etc/passwd /run/pyro-agent/agent.sock && echo swapped");
        assertThat(text(swap.stdout())).isEqualTo("swapped\n");
        assertThat(sandbox.agent().ping().bool("ok", false)).isTrue();
        assertThat(text(sh("echo fine").stdout())).isEqualTo("fine\n");
    }

    @Test
    void resourceLimitsAreInPlaceForTheSandbox() throws IOException {
        List<Path> cgroups = sandbox.record().cgroupDirs();
        org.junit.jupiter.api.Assumptions.assumeFalse(cgroups.isEmpty(), "no cgroup limiter on this host");
        StringBuilder settings = new StringBuilder();
        for (Path cgroup : cgroups) {
            for (String file : List.of("memory.limit_in_bytes", "memory.max", "pids.max", "cpu.cfs_quota_us", "cpu.max")) {
                if (Files.exists(cgroup.resolve(file))) {
                    settings.append(file).append('=').append(Files.readString(cgroup.resolve(file)).trim()).append('\n');
                }
            }
            String procs = Files.readString(cgroup.resolve("cgroup.procs"));
            assertThat(procs).contains(Long.toString(sandbox.record().pid()));
        }
        assertThat(settings.toString()).contains(Long.toString(256L * 1024 * 1024)).contains("pids.max=128");
        assertThat(settings.toString()).containsAnyOf("cpu.cfs_quota_us=200000", "cpu.max=200000 100000");
    }

    private static void keepTail(StringBuilder tail, byte[] chunk) {
        tail.append(text(chunk));
        if (tail.length() > 64) {
            tail.delete(0, tail.length() - 64);
        }
    }

    private String rawExchange(String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(sandbox.record().agentSocket()));
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            StringBuilder answer = new StringBuilder();
            while (channel.read(buffer) > 0) {
                buffer.flip();
                answer.append(StandardCharsets.UTF_8.decode(buffer));
                buffer.clear();
            }
            return answer.toString();
        }
    }
}
