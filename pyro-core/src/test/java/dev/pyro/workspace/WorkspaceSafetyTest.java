package dev.pyro.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyro.Pyro;
import dev.pyro.PyroException;
import dev.pyro.TestPyro;
import dev.pyro.common.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives, patches, reads and exports that try to leave /workspace, and workspaces that pry on each other. */
class WorkspaceSafetyTest {
    @TempDir
    Path dir;
    Pyro pyro;
    Path outsideMarker;

    @org.junit.jupiter.api.AfterEach
    void cleanUp() {
        TestPyro.deleteAllWorkspaces(pyro);
    }

    @BeforeEach
    void setUp() {
        pyro = TestPyro.in(dir);
        outsideMarker = dir.resolve("escaped-" + UUID.randomUUID());
    }

    private interface Members {
        void write(TarWriter writer) throws IOException;
    }

    private Path archive(String name, Members members) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            TarWriter writer = new TarWriter(out);
            members.write(writer);
            writer.finish();
        }
        return file;
    }

    private static void file(TarWriter writer, String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        writer.file(name, 0644, 0, data.length, new ByteArrayInputStream(data));
    }

    private void assertSeedRefused(Path seed, String reason) {
        assertThatThrownBy(() -> pyro.createWorkspace(CreateRequest.of("host").withSeedPath(seed)))
                .isInstanceOf(PyroException.class)
                .hasMessageContaining("is refused")
                .hasMessageContaining(reason);
        assertThat(pyro.listWorkspaces()).isEmpty();
        assertThat(outsideMarker).doesNotExist();
    }

    @Test
    void tarSlipAndLinkEscapeSeedsAreRefusedBeforeAnythingIsCreated() throws IOException {
        assertSeedRefused(archive("absolute.tar", w -> file(w, outsideMarker.toString(), "x")), "absolute path");
        assertSeedRefused(archive("dotdot.tar", w -> file(w, "../../../" + outsideMarker.getFileName(), "x")), "climbs out");
        assertSeedRefused(archive("link.tar", w -> w.symlink("etc", "/etc", 0)), "points outside");
        assertSeedRefused(archive("through.tar", w -> {
            w.symlink("out", "sub/../..", 0);
            file(w, "out/" + outsideMarker.getFileName(), "x");
        }), "points outside");
        Path linkDir = Files.createDirectories(dir.resolve("repo-with-link"));
        Files.createSymbolicLink(linkDir.resolve("passwd"), Path.of("/etc/passwd"));
        assertSeedRefused(linkDir, "points outside");
        assertThat(dir.resolve("home/workspaces")).satisfiesAnyOf(
                p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }

    @Test
    void patchesReadsAndExportsNeverLeaveTheWorkspace() throws IOException {
        String id = pyro.createWorkspace(CreateRequest.of("host")).workspaceId();
        pyro.execWorkspace(id, "ln -s /etc/shadow shadow; ln -s ../../etc/passwd passwd; ln -s /etc etc; mkdir tree;"
                + " echo data > tree/real.txt; ln -s /etc/passwd tree/outside-link; ln -s real.txt tree/inside-link");

        assertThatThrownBy(() -> pyro.applyWorkspacePatch(id, "--- a/../x\n+++ b/../x\n@@ -0,0 +1 @@\n+owned\n"))
                .hasMessageContaining("climbs out");
        assertThatThrownBy(() -> pyro.applyWorkspacePatch(id, "--- /dev/null\n+++ b/etc/owned\n@@ -0,0 +1 @@\n+owned\n"))
                .hasMessageContaining("outside the workspace");
        assertThatThrownBy(() -> pyro.readWorkspaceFile(id, "shadow")).hasMessageContaining("outside the workspace");
        assertThatThrownBy(() -> pyro.readWorkspaceFile(id, "passwd")).hasMessageContaining("outside the workspace");
        assertThatThrownBy(() -> pyro.readWorkspaceFile(id, "/etc/hostname")).hasMessageContaining("outside");
        assertThatThrownBy(() -> pyro.writeWorkspaceFile(id, "etc/owned", "x")).hasMessageContaining("outside the workspace");
        assertThatThrownBy(() -> pyro.exportWorkspace(id, "etc", dir.resolve("etc-copy"))).hasMessageContaining("outside the workspace");
        assertThat(dir.resolve("etc-copy")).doesNotExist();

        WorkspaceFiles.Exported exported = pyro.exportWorkspace(id, "tree", dir.resolve("tree-copy"));
        assertThat(exported.skippedLinks()).containsExactly("outside-link -> /etc/passwd");
        assertThat(Files.readString(dir.resolve("tree-copy/real.txt"))).isEqualTo("data\n");
        assertThat(Files.readSymbolicLink(dir.resolve("tree-copy/inside-link")).toString()).isEqualTo("real.txt");
        assertThat(dir.resolve("tree-copy/outside-link")).doesNotExist();

        Files.writeString(dir.resolve("precious.txt"), "mine");
        assertThatThrownBy(() -> pyro.exportWorkspace(id, "tree/real.txt", dir.resolve("precious.txt")))
                .hasMessageContaining("already exists");
        assertThat(Files.readString(dir.resolve("precious.txt"))).isEqualTo("mine");
        assertThat(pyro.execWorkspace(id, "ls /etc/owned 2>&1 || true").stdout()).contains("No such file");
        pyro.deleteWorkspace(id);
    }

    @Test
    void workspaceDirectoriesAreOwnerOnly() throws IOException {
        String id = pyro.createWorkspace(CreateRequest.of("host")).workspaceId();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("home/workspaces/" + id)))).isEqualTo("rwx------");
    }

    @Test
    void workspacesCannotSeeEachOther() {
        String a = pyro.createWorkspace(CreateRequest.of("host").withName("alpha")).workspaceId();
        String b = pyro.createWorkspace(CreateRequest.of("host").withName("beta")).workspaceId();
        String marker = "secret-" + UUID.randomUUID();
        pyro.writeWorkspaceFile(b, marker + ".txt", "beta's secret");
        WorkspaceCommands.ExecOutcome search = pyro.execWorkspace(a,
                "find / -xdev -name '" + marker + "*' 2>/dev/null; ls /proc | grep -c '^[0-9]'; echo done");
        assertThat(search.stdout()).doesNotContain(marker).endsWith("done\n");
        assertThat(Integer.parseInt(search.stdout().lines().toList().get(0).trim())).isLessThan(10);
        assertThat(pyro.execWorkspace(a, "ls -A /workspace").stdout()).isEmpty();
        pyro.deleteWorkspace(a);
        pyro.deleteWorkspace(b);
    }

    @Test
    void deleteRemovesEvenWhatTheSandboxMadeUnwritable() {
        String id = pyro.createWorkspace(CreateRequest.of("host")).workspaceId();
        pyro.execWorkspace(id, "mkdir -p locked/inner && touch locked/inner/f && chmod 000 locked/inner && chmod 500 locked");
        pyro.deleteWorkspace(id);
        assertThat(dir.resolve("home/workspaces/" + id)).doesNotExist();
    }
}
