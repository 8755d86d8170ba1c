package dev.pyro.workspace;

import java.nio.file.Path;

/**
 * The files of one workspace under {@code $PYRO_HOME/workspaces/<id>/}. Only {@code
 * workspace/} is visible inside the sandbox (as /workspace); everything else is host-side.
 */
public record WorkspaceLayout(Path dir) {

    public Path record() {
        return dir.resolve("workspace.json");
    }

    public Path lock() {
        return dir.resolve("lock");
    }

    /** Bound read-write at /workspace; the host never reads it directly (the agent does). */
    public Path files() {
        return dir.resolve("workspace");
    }

    /** Host-side state of each sandbox incarnation (socket, log), one directory per start. */
    public Path sandboxStates() {
        return dir.resolve("sandbox");
    }

    /** One file per secret (0600, in a 0700 directory); bound read-only at /run/pyro-secrets. */
    /**
     * The copy-on-write root layer of a workspace on a pulled environment, one directory per
     * generation: stop and start keep it, a reset starts the next one.
     */
    public Path rootLayer(String generation) {
        return dir.resolve("root-layers").resolve(generation);
    }

    public Path secrets() {
        return dir.resolve("secrets");
    }

    public Path journal() {
        return dir.resolve("journal.jsonl");
    }

    public Path journalOutput(long sequence, String stream) {
        return dir.resolve("journal").resolve(sequence + "." + stream);
    }

    public Path journalOutputs() {
        return dir.resolve("journal");
    }

    public Path events() {
        return dir.resolve("events.jsonl");
    }

    public Path baselineArchive() {
        return dir.resolve("baseline.tar");
    }

    public Path baselineManifest() {
        return dir.resolve("baseline.manifest.jsonl");
    }

    public Path snapshots() {
        return dir.resolve("snapshots");
    }

    public Path snapshotArchive(String name) {
        return snapshots().resolve(name + ".tar");
    }

    public Path snapshotManifest(String name) {
        return snapshots().resolve(name + ".manifest.jsonl");
    }

    public Path snapshotRecord(String name) {
        return snapshots().resolve(name + ".json");
    }
}
