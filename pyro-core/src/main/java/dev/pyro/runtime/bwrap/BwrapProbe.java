package dev.pyro.runtime.bwrap;

import dev.pyro.PyroException;
import dev.pyro.runtime.SandboxEnvironment;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Builds one real sandbox with the full isolation contract and runs {@code true} in it. When
 * that fails, the error names the missing piece and the fix; nothing falls back silently.
 */
final class BwrapProbe {
    private BwrapProbe() {
    }

    /** Empty when sandboxes work; otherwise the failure to report. */
    static Optional<PyroException> run(Optional<Path> bwrap, HostRoot root) {
        if (bwrap.isEmpty()) {
            return Optional.of(new PyroException("sandbox_unavailable",
                    "bubblewrap (bwrap) is not installed, and pyro never runs commands unsandboxed",
                    InstallHint.forPackage("bubblewrap", "bubblewrap")));
        }
        List<String> argv = new BwrapCommand(bwrap.get(), root)
                .dieWithParent()
                .env(SandboxEnvironment.defaults())
                .build(List.of("/bin/true"));
        String output;
        int exit;
        try {
            Process process = SandboxEnvironment.cleanLaunch(new ProcessBuilder(argv))
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of(new PyroException("sandbox_unavailable",
                        "bubblewrap did not finish a trivial sandbox within 30 s", "run 'pyro doctor'"));
            }
            exit = process.exitValue();
        } catch (IOException e) {
            return Optional.of(new PyroException("sandbox_unavailable",
                    "cannot run " + bwrap.get() + ": " + e.getMessage(),
                    InstallHint.forPackage("bubblewrap", "bubblewrap")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new PyroException("sandbox_unavailable", "interrupted while probing bubblewrap", null));
        }
        return exit == 0 ? Optional.empty() : Optional.of(diagnose(output));
    }

    static PyroException diagnose(String bwrapOutput) {
        String lower = bwrapOutput.toLowerCase(java.util.Locale.ROOT);
        String detail = bwrapOutput.isEmpty() ? "no message" : bwrapOutput;
        if (lower.contains("uid map") || lower.contains("new namespace") || lower.contains("user namespace")) {
            UserNamespaces userns = UserNamespaces.read();
            return new PyroException("sandbox_unavailable",
                    "bubblewrap cannot create the sandbox's user namespace (" + userns.summary() + "): " + detail,
                    userns.fix());
        }
        if (lower.contains("mount") && (lower.contains("proc") || lower.contains("read-only") || lower.contains("remount"))) {
            return new PyroException("sandbox_unavailable",
                    "bubblewrap cannot build the sandbox's mounts (read-only root or /proc): " + detail,
                    "run pyro directly on the host or in a privileged container; nested container runtimes often forbid these mounts");
        }
        return new PyroException("sandbox_unavailable", "bubblewrap cannot build a sandbox: " + detail,
                "run 'pyro doctor' for details");
    }
}
