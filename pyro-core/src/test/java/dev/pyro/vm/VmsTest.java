package dev.pyro.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyro.Pyro;
import dev.pyro.PyroException;
import dev.pyro.TestPyro;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Standalone sandboxes through their whole lifecycle, in real sandboxes. */
class VmsTest {
    @TempDir
    Path dir;

    private Pyro pyro;

    @AfterEach
    void cleanUp() {
        if (pyro != null) {
            pyro.vms().reapExpired();
        }
    }

    @Test
    void createStartStopStartExecDeletes() throws Exception {
        pyro = TestPyro.in(dir);
        Vms vms = pyro.vms();
        VmRecord created = vms.create("host", 1, 256, 600);
        assertThat(created.state()).isEqualTo(VmRecord.CREATED);
        assertThat(created.sandbox()).isNull();

        VmRecord started = vms.start(created.vmId());
        assertThat(started.state()).isEqualTo(VmRecord.STARTED);
        long pid = started.sandbox().pid();
        assertThat(ProcessHandle.of(pid)).isPresent();
        assertThat(vms.networkInfo(created.vmId()).interfaces()).containsExactly("lo");

        VmRecord stopped = vms.stop(created.vmId());
        assertThat(stopped.state()).isEqualTo(VmRecord.STOPPED);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

        Vms.Exec exec = vms.exec(created.vmId(), "echo $(hostname) > /workspace/out; cat /workspace/out; tail -n +3 /proc/net/dev | cut -d: -f1; exit 4",
                10, 4096);
        assertThat(exec.exitCode()).isEqualTo(4);
        assertThat(exec.stdout().replace(" ", "")).isEqualTo("pyro\nlo\n");
        assertThat(exec.vmDeleted()).isTrue();
        assertThat(Files.exists(dir.resolve("home/vms").resolve(created.vmId()))).isFalse();
        assertThatThrownBy(() -> vms.status(created.vmId())).isInstanceOf(PyroException.class)
                .hasMessageContaining("no VM '" + created.vmId() + "'");
    }

    @Test
    void aVmWithNetworkHasItsOwnInterfaceAndItsHelperEndsWithIt() {
        pyro = TestPyro.in(dir);
        Vms vms = pyro.vms();
        VmRecord created = vms.create("host", 1, 256, 600, true);
        assertThat(created.networkEnabled()).isTrue();
        Vms.NetworkInfo info = vms.networkInfo(created.vmId());
        assertThat(info.interfaces()).containsExactly("lo", "tap0");
        assertThat(info.guestIp()).isEqualTo("10.0.2.100");
        VmRecord started = vms.start(created.vmId());
        long helper = started.sandbox().network().pid();
        assertThat(ProcessHandle.of(helper)).isPresent();

        Vms.Exec exec = vms.exec(created.vmId(), "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort", 10, 4096);
        assertThat(exec.stdout()).isEqualTo("lo\ntap0\n");
        assertThat(ProcessHandle.of(helper).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void expiredVmsAreReapedAndTheirSandboxesStopped() throws Exception {
        pyro = TestPyro.in(dir);
        Vms vms = pyro.vms();
        VmRecord shortLived = vms.start(vms.create("host", 1, 256, 1).vmId());
        VmRecord longLived = vms.create("host", 1, 256, 600);
        Thread.sleep(1200);

        Vms.Reaped reaped = vms.reapExpired();
        assertThat(reaped.deleted()).containsExactly(shortLived.vmId());
        assertThat(ProcessHandle.of(shortLived.sandbox().pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(vms.status(longLived.vmId()).state()).isEqualTo(VmRecord.CREATED);
        vms.delete(longLived.vmId());
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsCreated() {
        pyro = TestPyro.in(dir);
        assertThatThrownBy(() -> pyro.vms().create("debian:99", 1, 256, 60)).isInstanceOf(PyroException.class);
        assertThatThrownBy(() -> pyro.vms().create("host", 0, 256, 60)).isInstanceOf(PyroException.class);
        assertThatThrownBy(() -> pyro.vms().create("host", 1, 256, 0)).isInstanceOf(PyroException.class);
        assertThatThrownBy(() -> pyro.vms().start("../../etc")).hasMessageContaining("no VM");
        assertThat(dir.resolve("home/vms")).doesNotExist();
    }
}
