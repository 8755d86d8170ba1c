package dev.pyro.workspace;

import dev.pyro.io.FileLocks;
import dev.pyro.io.RandomIds;
import dev.pyro.PyroException;
import dev.pyro.io.AtomicFiles;
import dev.pyro.json.JsonSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Workspace records on disk: {@code $PYRO_HOME/workspaces/<id>/workspace.json}, replaced
 * atomically under the workspace's lock, so readers never see half a record and a killed
 * writer leaves the previous one.
 */
final class WorkspaceStore {
    private final Path root;

    WorkspaceStore(Path root) {
        this.root = root;
    }

    WorkspaceLayout layout(String id) {
        return new WorkspaceLayout(root.resolve(id));
    }

    /** Held while names are checked for uniqueness and while workspaces are created. */
    Path namesLock() {
        return root.resolve(".names.lock");
    }

    String newId() {
        return RandomIds.unusedIn(root);
    }

    Optional<WorkspaceRecord> read(String id) {
        Path file = layout(id).record();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonSupport.read(Files.readString(file), WorkspaceRecord.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Every readable record; directories without one (or with a damaged one) are skipped. */
    List<WorkspaceRecord> all() {
        List<WorkspaceRecord> records = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return records;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(Files::isDirectory)
                    .map(dir -> read(dir.getFileName().toString()))
                    .flatMap(Optional::stream)
                    .forEach(records::add);
        } catch (IOException e) {
            throw new PyroException("state_unreadable", "cannot list " + root + ": " + e.getMessage(), null);
        }
        return records;
    }

    /** Callers hold the workspace's lock. */
    void write(WorkspaceRecord record) {
        AtomicFiles.write(layout(record.workspaceId()).record(), JsonSupport.write(record));
    }

    /** Reads, changes and writes a record under its lock; returns what was written. */
    WorkspaceRecord update(String id, UnaryOperator<WorkspaceRecord> change) {
        return FileLocks.withLock(layout(id).lock(), () -> {
            WorkspaceRecord current = read(id).orElseThrow(() -> new PyroException("workspace_not_found",
                    "workspace " + id + " no longer exists (deleted by another process?)", "run 'pyro workspace list'"));
            WorkspaceRecord changed = change.apply(current);
            write(changed);
            return changed;
        });
    }
}
