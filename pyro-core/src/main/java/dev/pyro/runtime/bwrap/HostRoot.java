package dev.pyro.runtime.bwrap;

import dev.pyro.contract.Contract;
import dev.pyro.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The root file system of the {@code host} environment: the host's {@code /usr} and its
 * merged-usr links, and an allow-listed {@code /etc} with generated passwd, group, hosts and
 * hostname. Nothing else of the host is there: no home directories, {@code /root}, {@code
 * /tmp}, {@code /var}, {@code /run} or sockets.
 */
final class HostRoot {
    private static final List<String> TOP_LEVEL_LINKS = List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32");

    /** Host /etc entries that programs need and that hold no secrets. */
    private static final List<String> ETC_ALLOWED = List.of(
            "alternatives", "bash.bashrc", "ca-certificates", "ca-certificates.conf", "crypto-policies",
            "debian_version", "gai.conf", "host.conf", "inputrc",
            "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "locale.alias", "localtime", "login.defs",
            "lsb-release", "magic", "magic.mime", "mime.types", "networks", "nsswitch.conf",
            "os-release", "pki", "profile", "profile.d", "protocols", "python3", "rpc", "services",
            "shells", "ssl", "terminfo", "timezone", "vim", "xattr.conf");

    /** Host /etc directories matched by prefix (a JDK's conf lives in /etc/java-NN-openjdk on Debian). */
    private static final List<String> ETC_ALLOWED_PREFIXES = List.of("java-", "perl", "python3.");

    private final Path hostRoot;
    private final Path generatedEtc;
    private List<String> mountArgs;

    HostRoot(Path hostRoot, Path runtimeDir) {
        this.hostRoot = hostRoot;
        this.generatedEtc = runtimeDir.resolve("etc");
    }

    /**
     * bwrap arguments that build this root (before the sandbox's own mounts). Computed once:
     * the host's /etc entries are not expected to come and go while pyro runs.
     */
    synchronized List<String> mountArgs() {
        if (mountArgs == null) {
            mountArgs = List.copyOf(computeMountArgs());
        }
        return mountArgs;
    }

    private List<String> computeMountArgs() {
        writeGeneratedEtc();
        List<String> args = new ArrayList<>();
        args.addAll(List.of("--ro-bind", hostRoot.resolve("usr").toString(), "/usr"));
        for (String name : TOP_LEVEL_LINKS) {
            Path host = hostRoot.resolve(name);
            if (Files.isSymbolicLink(host)) {
                args.addAll(List.of("--symlink", readLink(host), "/" + name));
            } else if (Files.isDirectory(host)) {
                args.addAll(List.of("--ro-bind", host.toString(), "/" + name));
            }
        }
        args.addAll(List.of("--dir", "/etc"));
        for (String name : etcEntries()) {
            Path host = hostRoot.resolve("etc").resolve(name);
            String target = "/etc/" + name;
            if (Files.isSymbolicLink(host) && readLink(host).startsWith("/usr/")) {
                args.addAll(List.of("--symlink", readLink(host), target));
            } else {
                args.addAll(List.of("--ro-bind", host.toString(), target));
            }
        }
        for (String name : List.of("passwd", "group", "hosts", "hostname")) {
            args.addAll(List.of("--ro-bind", generatedEtc.resolve(name).toString(), "/etc/" + name));
        }
        return args;
    }

    /**
     * The host path behind a sandbox path, for paths this root takes from the host; {@code
     * null} for everything else (the workspace, /tmp), which the host cannot see.
     */
    Path hostPathOf(Path sandboxPath) {
        Path normal = sandboxPath.normalize();
        if (normal.getNameCount() == 0) {
            return null;
        }
        String first = normal.getName(0).toString();
        if (first.equals("usr") || TOP_LEVEL_LINKS.contains(first)) {
            return hostRoot.resolve(normal.toString().substring(1));
        }
        return null;
    }

    private List<String> etcEntries() {
        Path etc = hostRoot.resolve("etc");
        List<String> entries = new ArrayList<>();
        for (String name : ETC_ALLOWED) {
            if (Files.exists(etc.resolve(name))) {
                entries.add(name);
            }
        }
        try (var stream = Files.list(etc)) {
            stream.map(p -> p.getFileName().toString())
                    .filter(name -> ETC_ALLOWED_PREFIXES.stream().anyMatch(name::startsWith))
                    .filter(name -> !entries.contains(name))
                    .filter(name -> Files.isDirectory(etc.resolve(name)))
                    .sorted()
                    .forEach(entries::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + etc, e);
        }
        return entries;
    }

    private void writeGeneratedEtc() {
        writeIfChanged("passwd", """
                root:x:0:0:root:/root:/bin/sh
                nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
                """);
        writeIfChanged("group", """
                root:x:0:
                nogroup:x:65534:
                """);
        writeIfChanged("hosts", "127.0.0.1\tlocalhost " + Contract.SANDBOX_HOSTNAME + "\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n");
        writeIfChanged("hostname", Contract.SANDBOX_HOSTNAME + "\n");
    }

    /** Written atomically and only when changed, so concurrent pyro processes never bind a half-written file. */
    private void writeIfChanged(String name, String content) {
        Path file = generatedEtc.resolve(name);
        try {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.readString(file).equals(content)) {
                return;
            }
        } catch (IOException e) {
            // Unreadable: rewrite it.
        }
        AtomicFiles.write(file, content);
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read link " + link, e);
        }
    }
}
