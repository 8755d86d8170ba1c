package dev.pyro.env;

import dev.pyro.PyroException;
import dev.pyro.contract.Contract;
import dev.pyro.io.AtomicFiles;
import dev.pyro.io.FileTrees;
import dev.pyro.json.JsonSupport;
import dev.pyro.runtime.HostSystem;
import dev.pyro.runtime.bwrap.InstallHint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Builds a Debian environment with mmdebstrap from the Debian archive. The root is built in a
 * staging directory of the cache, finished (resolver, hostname, apt's sandbox user), described
 * by its manifest, and only then renamed into place: an interrupted or failed pull is never
 * used, and the next pull removes what it left.
 */
public final class EnvironmentPuller {
    public static final String DEFAULT_MIRROR = "http://deb.debian.org/debian";
    private static final String STAGING_PREFIX = ".pull-";
    private static final String OWNER_FILE = "owner";
    private static final long PULL_TIMEOUT_MINUTES = 60;
    private static final int KEPT_LOG_LINES = 15;

    private final EnvironmentCatalog catalog;
    private final String mirror;

    public EnvironmentPuller(EnvironmentCatalog catalog, String mirror) {
        this.catalog = catalog;
        this.mirror = mirror == null || mirror.isBlank() ? DEFAULT_MIRROR : mirror;
    }

    /** What a pull did: the manifest, and whether it built anything (false: it was installed already). */
    public record Pulled(EnvironmentManifest manifest, boolean built, Path directory) {
    }

    /**
     * Pulls {@code name} unless it is installed (or with {@code force}, always), telling
     * {@code progress} what happens, a line at a time.
     */
    public Pulled pull(String name, boolean force, Consumer<String> progress) {
        DebianSpec spec = catalog.spec(name);
        Path target = catalog.directory(spec);
        if (!force) {
            var existing = catalog.manifest(name);
            if (existing.isPresent()) {
                return new Pulled(existing.get(), false, target);
            }
        }
        Path mmdebstrap = HostSystem.findExecutable("mmdebstrap");
        if (mmdebstrap == null) {
            throw new PyroException("pull_unavailable", "pulling a Debian environment needs mmdebstrap",
                    InstallHint.forPackage("mmdebstrap", "mmdebstrap"));
        }
        boolean root = HostSystem.currentUid() == 0;
        if (!root && HostSystem.findExecutable("newuidmap") == null) {
            throw new PyroException("pull_unavailable", "pulling as an ordinary user needs newuidmap (and subordinate ids in "
                    + "/etc/subuid and /etc/subgid)", InstallHint.forPackage("uidmap", "shadow-utils"));
        }
        Path cache = catalog.cache();
        removeAbandonedPulls(cache);
        long started = System.nanoTime();
        Path staging = createStaging(cache, spec);
        try {
            Path rootfs = staging.resolve(EnvironmentCatalog.ROOTFS);
            progress.accept("building " + name + " (" + spec.suite() + ", " + spec.variant()
                    + (spec.packages().isEmpty() ? "" : " + " + String.join(" ", spec.packages())) + ") from " + mirror);
            runMmdebstrap(command(mmdebstrap, root ? "root" : "unshare", spec, rootfs), progress);
            progress.accept("finishing the root and writing its manifest");
            finish(rootfs);
            if (root) {
                ownAllByRoot(rootfs);
            }
            EnvironmentManifest manifest = RootfsSurvey.of(rootfs).manifest(spec, mirror,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
            AtomicFiles.write(staging.resolve(EnvironmentCatalog.MANIFEST), JsonSupport.write(manifest));
            Files.deleteIfExists(staging.resolve(OWNER_FILE));
            install(staging, target);
            progress.accept("installed " + name + " (Debian " + manifest.debianVersion() + ", " + manifest.packageCount()
                    + " packages, " + manifest.sizeBytes() / (1024 * 1024) + " MiB)");
            return new Pulled(manifest, true, target);
        } catch (IOException e) {
            throw new PyroException("pull_failed", "cannot build " + name + ": " + e.getMessage(), "check the space in " + cache);
        } finally {
            FileTrees.deleteQuietly(staging);
        }
    }

    private List<String> command(Path mmdebstrap, String mode, DebianSpec spec, Path rootfs) {
        List<String> argv = new ArrayList<>();
        // The build ends with this process: mmdebstrap gets SIGKILL when we die, and as root it
        // runs as the init of a pid namespace of its own, so apt and dpkg under it end as well.
        Path setpriv = HostSystem.findExecutable("setpriv");
        if (setpriv != null) {
            argv.addAll(List.of(setpriv.toString(), "--pdeathsig", "KILL", "--"));
        }
        Path unshare = HostSystem.findExecutable("unshare");
        if (mode.equals("root") && unshare != null) {
            argv.addAll(List.of(unshare.toString(), "--pid", "--fork", "--kill-child=KILL", "--"));
        }
        argv.addAll(List.of(mmdebstrap.toString(), "--mode=" + mode, "--variant=" + spec.variant(), "--format=directory"));
        if (!spec.packages().isEmpty()) {
            argv.add("--include=" + String.join(",", spec.packages()));
        }
        argv.addAll(List.of(spec.suite(), rootfs.toString(), mirror));
        return argv;
    }

    private static void runMmdebstrap(List<String> argv, Consumer<String> progress) throws IOException {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        Deque<String> last = new ArrayDeque<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("I: ")) {
                    progress.accept(line.substring(3));
                }
                last.addLast(line);
                if (last.size() > KEPT_LOG_LINES) {
                    last.removeFirst();
                }
            }
        }
        try {
            if (!process.waitFor(PULL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new PyroException("pull_failed", "mmdebstrap did not finish within " + PULL_TIMEOUT_MINUTES + " minutes", null);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PyroException("interrupted", "interrupted while pulling", null, e);
        }
        if (process.exitValue() != 0) {
            throw new PyroException("pull_failed", "mmdebstrap failed (exit code " + process.exitValue() + "): "
                    + String.join(" | ", last), "check that the mirror is reachable (set PYRO_DEBIAN_MIRROR for another one)");
        }
    }

    /** What every sandbox on this root expects: pyro's resolver and hostname, apt working as the only user there is. */
    private static void finish(Path rootfs) throws IOException {
        Map<String, String> files = Map.of(
                "etc/resolv.conf", "nameserver " + Contract.SANDBOX_NETWORK_DNS + "\n",
                "etc/hostname", Contract.SANDBOX_HOSTNAME + "\n",
                "etc/hosts", "127.0.0.1\tlocalhost " + Contract.SANDBOX_HOSTNAME + "\n::1\tlocalhost ip6-localhost ip6-loopback\n",
                // A sandbox maps one user: apt cannot drop to _apt for downloads.
                "etc/apt/apt.conf.d/99pyro-sandbox", "APT::Sandbox::User \"root\";\n");
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = rootfs.resolve(file.getKey());
            Files.deleteIfExists(path);
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
        }
        Files.createDirectories(rootfs.resolve(Contract.WORKSPACE_GUEST_PATH.substring(1)));
    }

    /**
     * A sandbox maps one user and one group, root: files of any other owner (apt's _apt-owned
     * directories, the adm and staff groups) would be out of even root's reach in there.
     */
    private static void ownAllByRoot(Path rootfs) throws IOException {
        try (var paths = Files.walk(rootfs)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                int uid = (Integer) Files.getAttribute(path, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                int gid = (Integer) Files.getAttribute(path, "unix:gid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (uid != 0 || gid != 0) {
                    Files.setAttribute(path, "unix:uid", 0, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(path, "unix:gid", 0, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    /** Renames the finished staging directory into place; a forced pull moves the old one aside first. */
    private static void install(Path staging, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling(STAGING_PREFIX + "old-" + target.getFileName() + "-" + randomSuffix());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        FileTrees.deleteQuietly(old);
    }

    private static Path createStaging(Path cache, DebianSpec spec) {
        try {
            Files.createDirectories(cache);
            Path staging = Files.createDirectory(cache.resolve(STAGING_PREFIX + spec.directoryName() + "-" + randomSuffix()));
            long pid = ProcessHandle.current().pid();
            Files.writeString(staging.resolve(OWNER_FILE), pid + " " + HostSystem.processStartTime(pid) + "\n");
            return staging;
        } catch (IOException e) {
            throw new PyroException("state_unwritable", "cannot create a directory in " + cache + ": " + e.getMessage(),
                    "check that PYRO_CACHE_DIR is writable");
        }
    }

    /** Staging directories whose pull is no longer running (killed, or the machine went down). */
    public static void removeAbandonedPulls(Path cache) {
        if (!Files.isDirectory(cache)) {
            return;
        }
        try (var entries = Files.list(cache)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (entry.getFileName().toString().startsWith(STAGING_PREFIX) && !pullRunning(entry)) {
                    FileTrees.deleteQuietly(entry);
                }
            }
        } catch (IOException e) {
            // Nothing to clean, or not allowed to look: the next pull tries again.
        }
    }

    private static boolean pullRunning(Path staging) {
        try {
            String[] owner = Files.readString(staging.resolve(OWNER_FILE)).trim().split(" ");
            return HostSystem.isSameProcess(Long.parseLong(owner[0]), Long.parseLong(owner[1]));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String randomSuffix() {
        byte[] bytes = new byte[4];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
