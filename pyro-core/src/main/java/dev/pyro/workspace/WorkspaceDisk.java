package dev.pyro.workspace;

import dev.pyro.PyroException;
import dev.pyro.contract.Contract;
import dev.pyro.io.FileLocks;
import dev.pyro.runtime.HostSystem;
import dev.pyro.runtime.OneShotProcess;
import dev.pyro.runtime.OutputHandling;
import dev.pyro.runtime.bwrap.InstallHint;
import dev.pyro.workspace.diff.TextFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Offline inspection of a stopped workspace's disk: what persists of it, {@code /workspace}.
 * Reads happen on the host, under the workspace's lock, while no sandboxed process exists;
 * no link is ever followed (links are reported with their targets), so nothing outside the
 * workspace can be reached through one.
 */
public final class WorkspaceDisk {
    private static final String IMAGE_TOOL = "mkfs.ext4";
    private final WorkspaceContext context;

    WorkspaceDisk(WorkspaceContext context) {
        this.context = context;
    }

    public record Exported(String workspaceId, String output, String format, long sizeBytes, long entries) {
    }

    public WorkspaceFiles.Listing list(String reference, String path, boolean recursive) {
        return whileStopped(reference, (record, files) -> {
            Path target = hostPath(files, path);
            List<WorkspaceFiles.Entry> entries = new ArrayList<>();
            boolean truncated = false;
            if (attributes(target).isDirectory()) {
                try (Stream<Path> walk = Files.walk(target, recursive ? Integer.MAX_VALUE : 1)) {
                    for (Path p : (Iterable<Path>) walk.filter(p -> !p.equals(target)).sorted()::iterator) {
                        if (entries.size() == Contract.MAX_LIST_ENTRIES) {
                            truncated = true;
                            break;
                        }
                        entries.add(entry(files, p));
                    }
                } catch (IOException e) {
                    throw unreadable(e);
                }
            } else {
                entries.add(entry(files, target));
            }
            return new WorkspaceFiles.Listing(record.workspaceId(), guestPath(files, target), recursive, entries.size(),
                    truncated, entries);
        });
    }

    public WorkspaceFiles.Content read(String reference, String path, long offset, int maxBytes) {
        if (maxBytes < 1 || maxBytes > Contract.MAX_FILE_BYTES || offset < 0) {
            throw PyroException.invalidArgument("max bytes must be between 1 and " + Contract.MAX_FILE_BYTES
                    + " and offset at least 0");
        }
        return whileStopped(reference, (record, files) -> {
            Path target = hostPath(files, path);
            BasicFileAttributes attributes = attributes(target);
            if (!attributes.isRegularFile()) {
                throw new PyroException("wrong_type", guestPath(files, target) + " is "
                        + (attributes.isSymbolicLink() ? "a link to " + linkTarget(target) + " (disk reads do not follow links)"
                        : attributes.isDirectory() ? "a directory; list it with 'pyro workspace disk list'" : "not a regular file"),
                        null);
            }
            try (SeekableByteChannel channel = Files.newByteChannel(target, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                long size = channel.size();
                channel.position(Math.min(offset, size));
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(maxBytes, Math.max(0, size - offset)));
                while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                    // keep reading until the window is full
                }
                byte[] data = java.util.Arrays.copyOf(buffer.array(), buffer.position());
                boolean truncated = offset + data.length < size;
                Optional<String> text = TextFiles.decodePrefix(data, truncated);
                return new WorkspaceFiles.Content(record.workspaceId(), guestPath(files, target), size, offset, data.length,
                        truncated, text.isEmpty(), text.orElse(null));
            } catch (IOException e) {
                throw unreadable(e);
            }
        });
    }

    /**
     * Writes {@code /workspace} as an ext4 filesystem image (root of the image = /workspace) to a
     * new host file; built beside it and moved into place, so it appears whole or not at all.
     */
    public Exported export(String reference, Path output) {
        Path target = output.toAbsolutePath().normalize();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw PyroException.invalidArgument(output + " already exists; export to a new path (pyro never overwrites host files)");
        }
        if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            throw PyroException.invalidArgument("the directory " + target.getParent() + " does not exist");
        }
        Path mkfs = imageTool();
        return whileStopped(reference, (record, files) -> {
            long[] usage = usage(files);
            long inodes = Math.max(1024, usage[1] * 2 + 64);
            long sizeKiB = Math.max(16 * 1024, (usage[0] + inodes * 256) * 5 / 4 / 1024 + 8 * 1024);
            Path staging = target.resolveSibling("." + target.getFileName() + ".pyro-partial");
            try {
                OneShotProcess.Outcome outcome = OneShotProcess.run(List.of(mkfs.toString(), "-q", "-F", "-t", "ext4",
                                "-L", "pyro-workspace", "-N", Long.toString(inodes), "-d", files.toString(), staging.toString(),
                                sizeKiB + "k"), Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL", "C"), null,
                        Duration.ofMinutes(10), OutputHandling.capture(8192), () -> { });
                if (outcome.exitCode() != 0) {
                    throw new PyroException("disk_export_failed", IMAGE_TOOL + " failed (exit " + outcome.exitCode() + "): "
                            + outcome.stderrText().strip(), null);
                }
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                context.event(context.store.layout(record.workspaceId()), "disk_export", Map.of("output", target.toString()));
                return new Exported(record.workspaceId(), target.toString(), "ext4", Files.size(target), usage[1]);
            } catch (IOException e) {
                throw new PyroException("disk_export_failed", "cannot write " + target + ": " + e.getMessage(), null);
            } finally {
                try {
                    Files.deleteIfExists(staging);
                } catch (IOException ignored) {
                    // nothing more to do; the partial image is hidden and named as such
                }
            }
        });
    }

    private <T> T whileStopped(String reference, java.util.function.BiFunction<WorkspaceRecord, Path, T> action) {
        WorkspaceRecord target = context.resolve(reference);
        WorkspaceLayout layout = context.store.layout(target.workspaceId());
        return FileLocks.withLock(layout.lock(), () -> {
            WorkspaceRecord fresh = context.store.read(target.workspaceId()).orElseThrow(() -> WorkspaceContext.gone(target.workspaceId()));
            if (!WorkspaceRecord.STOPPED.equals(fresh.state())) {
                throw new PyroException("workspace_not_stopped", "disk commands inspect a stopped workspace; "
                        + fresh.workspaceId() + " is " + WorkspaceContext.displayState(fresh),
                        "stop it with 'pyro workspace stop " + fresh.workspaceId() + "', or use 'pyro workspace file list' while it runs");
            }
            return action.apply(fresh, layout.files());
        });
    }

    /** The host path of a /workspace path, walking component by component and refusing links on the way. */
    private static Path hostPath(Path files, String path) {
        String guest = WorkspaceFiles.absolute(path == null || path.isBlank() ? Contract.WORKSPACE_GUEST_PATH : path);
        Path root = Path.of(Contract.WORKSPACE_GUEST_PATH);
        Path lexical = Path.of(guest);
        if (!lexical.startsWith(root) || guest.indexOf('\0') >= 0) {
            throw new PyroException("path_outside_workspace", "'" + path + "' is outside /workspace; a workspace's disk is its "
                    + "/workspace (the system is read-only and shared)", null);
        }
        Path current = files;
        for (Path name : root.relativize(lexical)) {
            if (name.toString().isEmpty()) {
                continue;
            }
            if (Files.isSymbolicLink(current)) {
                throw new PyroException("wrong_type", guestPath(files, current) + " is a link to " + linkTarget(current)
                        + "; disk commands do not follow links", null);
            }
            current = current.resolve(name.toString());
        }
        if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
            throw new PyroException("not_found", "'" + guest + "' does not exist", "list the disk with 'pyro workspace disk list'");
        }
        return current;
    }

    private static WorkspaceFiles.Entry entry(Path files, Path p) {
        BasicFileAttributes attributes = attributes(p);
        String type = attributes.isSymbolicLink() ? "symlink" : attributes.isDirectory() ? "directory"
                : attributes.isRegularFile() ? "file" : "other";
        return new WorkspaceFiles.Entry(guestPath(files, p), type, attributes.isRegularFile() ? attributes.size() : 0,
                attributes.isSymbolicLink() ? linkTarget(p) : null);
    }

    /** Bytes (in 4 KiB blocks) and entries under {@code files}, for sizing an image. */
    private static long[] usage(Path files) {
        long[] totals = new long[2];
        try (Stream<Path> walk = Files.walk(files)) {
            walk.forEach(p -> {
                BasicFileAttributes attributes = attributes(p);
                totals[0] += (attributes.size() + 4095) / 4096 * 4096 + 4096;
                totals[1]++;
            });
        } catch (IOException e) {
            throw unreadable(e);
        }
        return totals;
    }

    private static BasicFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "?";
        }
    }

    private static String guestPath(Path files, Path p) {
        return Path.of(Contract.WORKSPACE_GUEST_PATH).resolve(files.relativize(p).toString()).normalize().toString();
    }

    private static PyroException unreadable(IOException e) {
        return new PyroException("disk_unreadable", "cannot read the workspace disk: " + e.getMessage(), null);
    }

    private static Path imageTool() {
        for (String candidate : List.of("/usr/sbin/" + IMAGE_TOOL, "/sbin/" + IMAGE_TOOL)) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        Path found = HostSystem.findExecutable(IMAGE_TOOL);
        if (found == null) {
            throw new PyroException("missing_dependency", "disk export needs " + IMAGE_TOOL + " (e2fsprogs)",
                    InstallHint.forPackage("e2fsprogs", "e2fsprogs"));
        }
        return found;
    }
}
