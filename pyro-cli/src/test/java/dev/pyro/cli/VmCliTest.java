package dev.pyro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyro.json.JsonSupport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `pyro vm`: each step its own process. */
class VmCliTest {
    @TempDir
    Path dir;

    private CliProcess.Result pyro(String... args) throws Exception {
        return CliProcess.run(dir.resolve("home"), args);
    }

    @Test
    void createStartExecThenTheVmIsGone() throws Exception {
        CliProcess.Result created = pyro("vm", "create", "--mem-mib", "256", "--json");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String id = JsonSupport.mapper().readTree(created.out()).get("vm_id").asText();

        assertThat(pyro("vm", "start", id).out()).contains(id + " state=started");
        assertThat(pyro("vm", "network-info", id).out()).contains("network=off interfaces=lo");

        CliProcess.Result exec = pyro("vm", "exec", id, "--", "sh", "-c", "echo out; echo err >&2; exit 5");
        assertThat(exec.exitCode()).isEqualTo(5);
        assertThat(exec.out()).isEqualTo("out\n");
        assertThat(exec.err()).contains("err\n").contains("[vm-exec] vm_id=" + id + " exit_code=5");

        CliProcess.Result gone = pyro("vm", "status", id);
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).contains("no VM '" + id + "'").contains("fix:");
    }
}
