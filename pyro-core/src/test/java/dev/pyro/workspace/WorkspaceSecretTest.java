package dev.pyro.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyro.Pyro;
import dev.pyro.PyroException;
import dev.pyro.TestPyro;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A secret read by exec, a shell and a service is only ever seen as [REDACTED], and stored nowhere but the secret store. */
class WorkspaceSecretTest {
    private static final String VALUE = "tok-8c1f-SECRET-9d2e";
    private static final String FILE_VALUE = "from-a-file-4471";

    @TempDir
    Path dir;
    Pyro pyro;

    @AfterEach
    void cleanUp() {
        TestPyro.deleteAllWorkspaces(pyro);
    }

    @Test
    void secretsReachProcessesOnlyWhenAskedAndAreRedactedEverywhere() throws IOException {
        pyro = TestPyro.in(dir);
        Path file = Files.writeString(dir.resolve("token.txt"), FILE_VALUE + "\n");
        String id = pyro.createWorkspace(CreateRequest.of("host").withName("sec").withSecret("API_KEY", VALUE)
                .withSecretFile("FILE_TOKEN", file)).workspaceId();
        assertThat(pyro.statusWorkspace(id).secrets()).containsExactly("API_KEY", "FILE_TOKEN");

        var exec = pyro.execWorkspace(id, "echo \"key=$API_KEY file=$TOK\"; printf %s \"$API_KEY\" | rev >&2; "
                + "printf %s \"$API_KEY\" | cut -c1-8; cat /run/pyro-secrets/API_KEY",
                WorkspaceCommands.ExecOptions.defaults().withSecretEnv(Map.of("API_KEY", "API_KEY", "FILE_TOKEN", "TOK")));
        assertThat(exec.stdout()).isEqualTo("key=[REDACTED] file=[REDACTED]\ntok-8c1f\n[REDACTED]");
        assertThat(exec.stderr()).isEqualTo(new StringBuilder(VALUE).reverse().toString());
        assertThat(pyro.execWorkspace(id, "echo \"[$API_KEY]\"").stdout()).as("not handed over unasked").isEqualTo("[]\n");

        String shell = pyro.openShell(id, WorkspaceShells.OpenOptions.defaults().withSecretEnv(Map.of("API_KEY", "KEY"))).shellId();
        pyro.writeShell(id, shell, "echo shell:$KEY:done");
        String seen = "";
        for (int attempt = 0; attempt < 50 && !seen.contains(":done\n"); attempt++) {
            seen = pyro.readShell(id, shell, WorkspaceShells.ReadOptions.defaults().withPlain(true).withWaitForIdleMs(200)).output();
        }
        assertThat(seen).contains("shell:[REDACTED]:done").doesNotContain(VALUE);

        pyro.startService(id, "leaky", "echo service:$KEY; echo err:$KEY >&2; exec sleep 600",
                WorkspaceServices.StartOptions.defaults().withSecretEnv(Map.of("API_KEY", "KEY")));
        WorkspaceServices.Logs logs = pyro.logsService(id, "leaky", 20, false);
        assertThat(logs.stdout()).isEqualTo("service:[REDACTED]\n");
        assertThat(logs.stderr()).isEqualTo("err:[REDACTED]\n");

        pyro.execWorkspace(id, "printf 'token: %s\\n' \"$K\" > leaked.txt",
                WorkspaceCommands.ExecOptions.defaults().withSecretEnv(Map.of("API_KEY", "K")));
        assertThat(pyro.diffWorkspace(id).patch()).contains("+token: [REDACTED]").doesNotContain(VALUE);
        assertThat(pyro.readWorkspaceFile(id, "leaked.txt").content()).isEqualTo("token: [REDACTED]\n");
        pyro.writeWorkspaceFile(id, "out/clean.txt", "nothing secret\n");
        WorkspaceFiles.Exported exported = pyro.exportWorkspace(id, ".", dir.resolve("exported"));
        assertThat(exported.redactedFiles()).containsExactly("leaked.txt");
        assertThat(Files.readString(dir.resolve("exported/leaked.txt"))).isEqualTo("token: [REDACTED]\n");
        assertThat(Files.readString(dir.resolve("exported/out/clean.txt"))).isEqualTo("nothing secret\n");
        assertThat(filesHolding(dir.resolve("exported"), VALUE)).isEmpty();
        pyro.execWorkspace(id, "rm leaked.txt; echo " + VALUE);
        assertThat(pyro.logsWorkspace(id).entries()).extracting(JournalEntry::command).last().asString()
                .isEqualTo("rm leaked.txt; echo [REDACTED]");

        Path home = dir.resolve("home/workspaces").resolve(id);
        assertThat(filesHolding(home, VALUE)).containsExactly(home.resolve("secrets/API_KEY"));
        assertThat(filesHolding(home, FILE_VALUE)).containsExactly(home.resolve("secrets/FILE_TOKEN"));
        assertThat(Files.readString(home.resolve("secrets/FILE_TOKEN"))).isEqualTo(FILE_VALUE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("secrets/API_KEY")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("secrets")))).isEqualTo("rwx------");

        pyro.resetWorkspace(id, null);
        assertThat(pyro.execWorkspace(id, "echo \"$K\" | wc -c", WorkspaceCommands.ExecOptions.defaults()
                .withSecretEnv(Map.of("API_KEY", "K"))).stdout().trim()).isEqualTo(String.valueOf(VALUE.length() + 1));
        assertThatThrownBy(() -> pyro.execWorkspace(id, "true", WorkspaceCommands.ExecOptions.defaults()
                .withSecretEnv(Map.of("NOPE", "X")))).hasMessageContaining("no secret 'NOPE'").hasMessageContaining("API_KEY")
                .satisfies(e -> assertThat(((PyroException) e).code()).isEqualTo("secret_not_found"));
    }

    @Test
    void badSecretsAreRefusedBeforeAnythingIsCreated() {
        pyro = TestPyro.in(dir);
        assertThatThrownBy(() -> pyro.createWorkspace(CreateRequest.of("host").withSecret("1BAD", "x")))
                .hasMessageContaining("secret names");
        assertThatThrownBy(() -> pyro.createWorkspace(CreateRequest.of("host").withSecret("EMPTY", "")))
                .hasMessageContaining("secret EMPTY is empty");
        assertThatThrownBy(() -> CreateRequest.of("host").withSecretFile("F", dir.resolve("missing")))
                .hasMessageContaining("cannot read secret file");
        assertThat(CreateRequest.of("host").withSecret("K", VALUE).toString()).doesNotContain(VALUE);
        assertThat(pyro.listWorkspaces()).isEmpty();
    }

    private static List<Path> filesHolding(Path root, String value) throws IOException {
        byte[] needle = value.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(f -> contains(f, needle)).sorted().toList();
        }
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            byte[] data = Files.readAllBytes(file);
            outer:
            for (int i = 0; i + needle.length <= data.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (data[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
