package dev.pyro.workspace;

import dev.pyro.io.FileLocks;
import dev.pyro.PyroException;
import dev.pyro.io.AtomicFiles;
import dev.pyro.json.JsonSupport;
import dev.pyro.protocol.Fields;
import dev.pyro.workspace.diff.Manifests;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Named checkpoints of /workspace, stored host-side; {@code baseline} is the implicit first one. */
public final class WorkspaceSnapshots {
    private final WorkspaceContext context;

    WorkspaceSnapshots(WorkspaceContext context) {
        this.context = context;
    }

    public record Snapshot(String name, String createdAt, long entries, long bytes, boolean implicit) {
    }

    public record Snapshots(String workspaceId, int count, List<Snapshot> snapshots) {
    }

    public Snapshot create(String reference, String name) {
        WorkspaceNames.checkSnapshot(name);
        if (name.equals(WorkspaceNames.BASELINE)) {
            throw PyroException.invalidArgument("'baseline' is the implicit create-time snapshot; choose another name");
        }
        WorkspaceRecord record = context.resolve(reference);
        WorkspaceLayout layout = context.store.layout(record.workspaceId());
        if (Files.exists(layout.snapshotRecord(name))) {
            throw new PyroException("snapshot_exists", "workspace " + record.workspaceId() + " already has a snapshot '" + name + "'",
                    "choose another name, or delete it first with 'pyro workspace snapshot delete'");
        }
        try {
            Files.createDirectories(layout.snapshots());
            Path temp = Files.createTempFile(layout.snapshots(), "." + name + "-", ".tar");
            Fields result;
            try (OutputStream out = Files.newOutputStream(temp)) {
                result = context.call(record, agent -> agent.exportTar("", out));
            }
            Snapshot snapshot = new Snapshot(name, context.now(), result.longValue("entries", 0), result.longValue("bytes", 0), false);
            return FileLocks.withLock(layout.lock(), () -> {
                if (Files.exists(layout.snapshotRecord(name))) {
                    throw new PyroException("snapshot_exists", "another process just created snapshot '" + name + "'", null);
                }
                try {
                    Files.move(temp, layout.snapshotArchive(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    Manifests.write(layout.snapshotManifest(name), Manifests.ofArchive(layout.snapshotArchive(name)));
                } catch (IOException e) {
                    throw new PyroException("snapshot_failed", "cannot store snapshot '" + name + "': " + e.getMessage(), null);
                }
                AtomicFiles.write(layout.snapshotRecord(name), JsonSupport.write(snapshot));
                context.event(layout, "snapshot_create", Map.of("name", name));
                return snapshot;
            });
        } catch (IOException e) {
            throw new PyroException("snapshot_failed", "cannot create snapshot '" + name + "': " + e.getMessage(), null);
        }
    }

    public Snapshots list(String reference) {
        WorkspaceRecord record = context.resolve(reference);
        WorkspaceLayout layout = context.store.layout(record.workspaceId());
        List<Snapshot> snapshots = new ArrayList<>();
        List<dev.pyro.workspace.diff.ManifestEntry> baseline = Manifests.read(layout.baselineManifest());
        snapshots.add(new Snapshot(WorkspaceNames.BASELINE, record.createdAt(), baseline.size(),
                baseline.stream().mapToLong(dev.pyro.workspace.diff.ManifestEntry::size).sum(), true));
        if (Files.isDirectory(layout.snapshots())) {
            try (Stream<Path> files = Files.list(layout.snapshots())) {
                for (Path file : (Iterable<Path>) files.filter(p -> p.getFileName().toString().endsWith(".json"))::iterator) {
                    try {
                        snapshots.add(JsonSupport.read(Files.readString(file), Snapshot.class));
                    } catch (IOException e) {
                        // A snapshot record being written right now; it shows up next time.
                    }
                }
            } catch (IOException e) {
                throw new PyroException("state_unreadable", "cannot list snapshots: " + e.getMessage(), null);
            }
        }
        snapshots.sort(Comparator.comparing(Snapshot::implicit).reversed().thenComparing(Snapshot::createdAt));
        return new Snapshots(record.workspaceId(), snapshots.size(), snapshots);
    }

    public record Deleted(String workspaceId, String name, boolean deleted) {
    }

    public Deleted delete(String reference, String name) {
        WorkspaceNames.checkSnapshot(name);
        if (name.equals(WorkspaceNames.BASELINE)) {
            throw PyroException.invalidArgument("the baseline cannot be deleted: it is what diff compares against");
        }
        WorkspaceRecord record = context.resolve(reference);
        WorkspaceLayout layout = context.store.layout(record.workspaceId());
        FileLocks.withLock(layout.lock(), () -> {
            if (!Files.exists(layout.snapshotRecord(name))) {
                throw new PyroException("snapshot_not_found", "workspace " + record.workspaceId() + " has no snapshot '" + name + "'",
                        "list them with 'pyro workspace snapshot list " + record.workspaceId() + "'");
            }
            try {
                Files.deleteIfExists(layout.snapshotRecord(name));
                Files.deleteIfExists(layout.snapshotArchive(name));
                Files.deleteIfExists(layout.snapshotManifest(name));
            } catch (IOException e) {
                throw new PyroException("snapshot_failed", "cannot delete snapshot '" + name + "': " + e.getMessage(), null);
            }
            context.event(layout, "snapshot_delete", Map.of("name", name));
        });
        return new Deleted(record.workspaceId(), name, true);
    }
}
