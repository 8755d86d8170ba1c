package dev.pyro.runtime.host;

import dev.pyro.PyroException;
import dev.pyro.common.CommandLocator;
import dev.pyro.contract.Contract;
import dev.pyro.runtime.OneShotProcess;
import dev.pyro.runtime.RunResult;
import dev.pyro.runtime.RunResults;
import dev.pyro.runtime.RunSpec;
import dev.pyro.runtime.Sandbox;
import dev.pyro.runtime.SandboxEnvironment;
import dev.pyro.runtime.SandboxRecord;
import dev.pyro.runtime.SandboxRuntime;
import dev.pyro.runtime.SandboxSpec;
import dev.pyro.io.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * No isolation at all: the command runs on the host, in a fresh temporary directory, with the
 * sandbox's clean environment. Only used when the caller passes {@code --allow-host-compat},
 * and every result says {@code execution_mode: host_compat}.
 */
public final class HostCompatRuntime implements SandboxRuntime {

    @Override
    public String executionMode() {
        return Contract.EXECUTION_MODE_HOST_COMPAT;
    }

    @Override
    public String isolation() {
        return "none";
    }

    @Override
    public String limitsMode() {
        return "none";
    }

    @Override
    public void ensureAvailable() {
    }

    /** Commands run on the host, with the host's network: there is nothing to set up. */
    @Override
    public void ensureNetworkAvailable() {
    }

    @Override
    public RunResult run(RunSpec spec) {
        Path workdir;
        try {
            workdir = Files.createTempDirectory("pyro-host-compat-");
        } catch (IOException e) {
            throw new PyroException("run_failed", "cannot create a working directory: " + e.getMessage(), null, e);
        }
        try {
            Map<String, String> env = SandboxEnvironment.defaults();
            env.put("HOME", workdir.toString());
            env.put("PYRO_WORKSPACE", workdir.toString());
            if (CommandLocator.locateHere(spec.command().get(0), env.get("PATH"), workdir) == CommandLocator.Lookup.NOT_FOUND) {
                return RunResults.commandNotFound(spec, executionMode(), limitsMode());
            }
            OneShotProcess.Outcome outcome = OneShotProcess.run(spec.command(), env, workdir, spec.timeout(), spec.output(), () -> { });
            return RunResults.from(spec, executionMode(), limitsMode(), outcome, false);
        } finally {
            FileTrees.deleteQuietly(workdir);
        }
    }

    @Override
    public Sandbox start(SandboxSpec spec) {
        throw new PyroException("sandbox_unavailable",
                "persistent sandboxes need bubblewrap; host-compat covers one-shot runs only", "run 'pyro doctor'");
    }

    @Override
    public Sandbox attach(SandboxRecord record) {
        return start(null);
    }

    @Override
    public java.util.List<Sandbox> findAll(Path statesDir) {
        return java.util.List.of();
    }
}
