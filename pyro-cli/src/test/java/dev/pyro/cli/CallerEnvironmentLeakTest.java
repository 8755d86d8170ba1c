package dev.pyro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the caller's environment holds (API keys, tokens) never reaches a sandbox: not the
 * command's environment, and not that of any process it can see, bwrap's own init (pid 1 in
 * there) included.
 */
class CallerEnvironmentLeakTest {
    private static final String SECRET = "caller-token-9f3a71c2";
    /** Every process a sandboxed command can see, environment and command line. */
    private static final String LOOK = "for p in /proc/[0-9]*; do cat $p/environ $p/cmdline 2>/dev/null; done"
            + " | tr '\\0' '\\n' | grep -c 'caller-token-[9]f3a71c2' || true"; // the bracket keeps this line from matching itself

    @TempDir
    Path dir;

    private CliProcess.Result pyro(String... args) throws Exception {
        return CliProcess.run(dir.resolve("home"), Map.of("OPENAI_API_KEY", SECRET, "GITHUB_TOKEN", SECRET), args);
    }

    @Test
    void noProcessInASandboxSeesTheCallersEnvironment() throws Exception {
        CliProcess.Result run = pyro("run", "--", "sh", "-c", LOOK);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("0\n");
        CliProcess.Result networked = pyro("run", "--network", "--", "sh", "-c", LOOK);
        assertThat(networked.out()).as(networked.err()).isEqualTo("0\n");

        assertThat(pyro("workspace", "create", "--name", "leak", "--network-policy", "egress").exitCode()).isZero();
        CliProcess.Result exec = pyro("workspace", "exec", "leak", "--", LOOK);
        assertThat(exec.out()).as(exec.err()).isEqualTo("0\n");
        assertThat(pyro("workspace", "exec", "leak", "--", "echo \"[$OPENAI_API_KEY$GITHUB_TOKEN]\"").out()).isEqualTo("[]\n");
        assertThat(pyro("workspace", "delete", "leak").exitCode()).isZero();
    }
}
