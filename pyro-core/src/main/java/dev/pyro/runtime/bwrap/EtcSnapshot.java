package dev.pyro.runtime.bwrap;

import dev.pyro.io.Digests;
import dev.pyro.contract.Contract;
import dev.pyro.io.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The sandbox's {@code /etc}: a copy of the allow-listed host entries plus generated passwd,
 * group, hosts and hostname, in a directory named by a fingerprint of its sources. One bind
 * mount instead of one per entry (bubblewrap pays per mount), and a new snapshot whenever the
 * host's entries change. Snapshots are never modified after creation, so running sandboxes
 * that bind an older one are unaffected.
 */
final class EtcSnapshot {
    /** Host /etc entries that programs need and that hold no secrets. */
    static final List<String> ALLOWED = List.of(
            "alternatives", "bash.bashrc", "ca-certificates", "ca-certificates.conf", "crypto-policies",
            "debian_version", "gai.conf", "host.conf", "inputrc",
            "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "locale.alias", "localtime", "login.defs",
            "lsb-release", "magic", "magic.mime", "mime.types", "networks", "nsswitch.conf",
            "os-release", "pki", "profile.d", "protocols", "python3", "rpc", "services",
            "shells", "ssl", "terminfo", "timezone", "vim", "xattr.conf");

    /** Host /etc directories matched by prefix (a JDK's conf lives in /etc/java-NN-openjdk on Debian). */
    static final List<String> ALLOWED_PREFIXES = List.of("java-", "perl", "python3.");

    /** Never copied even inside an allowed entry: private keys. */
    static final List<String> EXCLUDED = List.of("ssl/private", "pki/tls/private", "pki/CA/private");

    private static final String FORMAT = "pyro-etc-3";

    /**
     * The root branch of Debian's /etc/profile (sandboxes run as root), without its
     * {@code $(id -u)} check: that costs a process in every login shell, and every workspace
     * command is one ({@code sh -lc}).
     */
    private static final String PROFILE = """
            # /etc/profile of pyro sandboxes (which run as root): Debian's, without the id check.
            PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
            export PATH
            if [ "${PS1-}" ]; then
              if [ "${BASH-}" ] && [ "$BASH" != "/bin/sh" ]; then
                if [ -f /etc/bash.bashrc ]; then
                  . /etc/bash.bashrc
                fi
              else
                PS1='# '
              fi
            fi
            if [ -d /etc/profile.d ]; then
              for i in /etc/profile.d/*.sh; do
                if [ -r "$i" ]; then
                  . "$i"
                fi
              done
              unset i
            fi
            """;

    private final Path hostEtc;
    private final Path snapshotsDir;

    EtcSnapshot(Path hostEtc, Path snapshotsDir) {
        this.hostEtc = hostEtc;
        this.snapshotsDir = snapshotsDir;
    }

    /** The snapshot for the host's current /etc, created if it does not exist yet. */
    Path current() {
        try {
            List<Path> sources = sources();
            Path snapshot = snapshotsDir.resolve(fingerprint(sources));
            if (!Files.isDirectory(snapshot)) {
                create(sources, snapshot);
            }
            return snapshot;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the sandbox /etc under " + snapshotsDir, e);
        }
    }

    private List<Path> sources() throws IOException {
        List<Path> sources = new ArrayList<>();
        for (String name : ALLOWED) {
            Path entry = hostEtc.resolve(name);
            if (Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
                sources.add(entry);
            }
        }
        try (Stream<Path> entries = Files.list(hostEtc)) {
            entries.filter(p -> ALLOWED_PREFIXES.stream().anyMatch(p.getFileName().toString()::startsWith))
                    .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted()
                    .forEach(sources::add);
        }
        return sources;
    }

    /** Names, types, sizes, times and link targets of everything that would be copied. */
    private String fingerprint(List<Path> sources) throws IOException {
        MessageDigest digest = Digests.sha256();
        update(digest, FORMAT);
        generatedFiles().forEach((name, content) -> update(digest, name + "=" + content));
        for (Path source : sources) {
            visit(source, (path, attributes) -> update(digest, hostEtc.relativize(path) + "|" + attributes.size() + "|"
                    + attributes.lastModifiedTime().toMillis() + "|"
                    + (attributes.isSymbolicLink() ? Files.readSymbolicLink(path) : "")));
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 10);
    }

    private void create(List<Path> sources, Path snapshot) throws IOException {
        Files.createDirectories(snapshotsDir);
        Path temp = Files.createTempDirectory(snapshotsDir, ".building-");
        try {
            for (Path source : sources) {
                visit(source, (path, attributes) -> copyEntry(path, attributes, temp.resolve(hostEtc.relativize(path).toString())));
            }
            for (Map.Entry<String, String> file : generatedFiles().entrySet()) {
                Files.writeString(temp.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            }
            try {
                Files.move(temp, snapshot, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // Another pyro process built the same snapshot first; use theirs.
            }
        } finally {
            FileTrees.delete(temp);
        }
    }

    private static void copyEntry(Path path, BasicFileAttributes attributes, Path destination) throws IOException {
        if (attributes.isSymbolicLink()) {
            Files.createSymbolicLink(destination, Files.readSymbolicLink(path));
        } else if (attributes.isDirectory()) {
            Files.createDirectories(destination);
        } else if (attributes.isRegularFile()) {
            try {
                Files.copy(path, destination, StandardCopyOption.COPY_ATTRIBUTES);
            } catch (AccessDeniedException e) {
                // Unreadable for this user: a sandbox of this user could not read it either.
            }
        }
    }

    private interface EntryAction {
        void accept(Path path, BasicFileAttributes attributes) throws IOException;
    }

    /**
     * Visits {@code source} and everything under it without following links, in pre-order,
     * pruning excluded subtrees before they are opened and skipping what this user cannot read.
     */
    private void visit(Path source, EntryAction action) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (!included(dir)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                action.accept(dir, attributes);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (included(file)) {
                    action.accept(file, attributes);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private boolean included(Path path) {
        String relative = hostEtc.relativize(path).toString();
        return EXCLUDED.stream().noneMatch(excluded -> relative.equals(excluded) || relative.startsWith(excluded + "/"));
    }

    static Map<String, String> generatedFiles() {
        Map<String, String> files = new TreeMap<>();
        files.put("passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        files.put("group", "root:x:0:\nnogroup:x:65534:\n");
        files.put("hosts", "127.0.0.1\tlocalhost " + Contract.SANDBOX_HOSTNAME + "\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        files.put("hostname", Contract.SANDBOX_HOSTNAME + "\n");
        // The user-mode network's resolver (egress policies); without network nothing answers.
        files.put("resolv.conf", "nameserver " + Contract.SANDBOX_NETWORK_DNS + "\n");
        files.put("profile", PROFILE);
        return files;
    }

    private static void update(MessageDigest digest, String value) {
        digest.update(value.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
    }
}
