package dev.pyro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyro.json.JsonSupport;
import dev.pyro.runtime.HostSystem;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pyro env pull/list/inspect, and running on a pulled environment, each a separate pyro process. */
class EnvCliTest {
    private static final String BASE = "debian:12-base";
    @TempDir
    Path dir;
    private Map<String, String> sharedCache;

    @BeforeEach
    void requirePulls() {
        org.junit.jupiter.api.Assumptions.assumeTrue(HostSystem.currentUid() == 0 && HostSystem.findExecutable("mmdebstrap") != null,
                "pulling environments needs root and mmdebstrap");
        sharedCache = Map.of("PYRO_CACHE_DIR", System.getProperty("pyro.test.environments",
                Path.of(System.getProperty("java.io.tmpdir"), "pyro-test-environments").toString()));
    }

    private CliProcess.Result pyro(String... args) throws Exception {
        return CliProcess.run(dir.resolve("home"), sharedCache, args);
    }

    @Test
    void pullListInspectAndRun() throws Exception {
        CliProcess.Result pulled = pyro("env", "pull", BASE);
        assertThat(pulled.exitCode()).as(pulled.err()).isZero();
        assertThat(pulled.out()).containsPattern("(Pulled|Already installed:) debian:12-base \\(Debian 12\\.");

        assertThat(pyro("env", "list").out()).containsPattern("debian:12-base +installed \\(Debian 12\\.\\d+, \\d+ MiB\\)");
        JsonNode inspect = JsonSupport.mapper().readTree(pyro("env", "inspect", BASE, "--json").out());
        assertThat(inspect.at("/manifest/debian_version").asText()).startsWith("12.");
        assertThat(inspect.at("/manifest/content_digest").asText()).startsWith("sha256:");
        assertThat(inspect.at("/used_by").size()).isZero();

        CliProcess.Result run = pyro("run", BASE, "--", "cat", "/etc/debian_version");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("12.");
        assertThat(pyro("doctor", "--environment", BASE).out()).containsPattern("Environment debian:12-base: PASS \\(Debian 12\\.");

        CliProcess.Result missing = pyro("run", "debian:12-build", "--", "true");
        assertThat(missing.exitCode()).isEqualTo(125);
        assertThat(missing.err()).contains("environment 'debian:12-build' is not installed")
                .contains("pyro env pull debian:12-build");
        CliProcess.Result host = pyro("env", "pull", "host");
        assertThat(host.exitCode()).isEqualTo(2);
        assertThat(host.err()).contains("needs no pull");
    }
}
