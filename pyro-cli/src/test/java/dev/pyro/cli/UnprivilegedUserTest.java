package dev.pyro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyro.json.JsonSupport;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * pyro as an ordinary user: unprivileged user namespaces, no writable cgroups (so rlimits),
 * the agent started by that user. Runs when the suite runs as root and can drop to nobody;
 * a suite run by an ordinary user exercises this path in every other test.
 */
@EnabledIf("canDropToNobody")
class UnprivilegedUserTest {
    private static Path shared;
    private static String classpath;

    static boolean canDropToNobody() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv"));
    }

    @BeforeAll
    static void shareTheClasspath() throws IOException {
        shared = Files.createTempDirectory("pyro-unprivileged-");
        List<String> entries = new ArrayList<>();
        int index = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            Path target = shared.resolve("cp").resolve((index++) + "-" + source.getFileName());
            copyTree(source, target);
            entries.add(target.toString());
        }
        classpath = String.join(File.pathSeparator, entries);
        Files.createDirectories(shared.resolve("home"));
        try (Stream<Path> walk = Files.walk(shared)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                        Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        Files.setPosixFilePermissions(shared.resolve("home"), PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (Stream<Path> walk = Files.walk(shared)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String[] asNobody(String... pyroArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                PyroCli.class.getName()));
        command.addAll(List.of(pyroArgs));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        builder.environment().put("HOME", "/nonexistent");
        builder.environment().put("PYRO_HOME", shared.resolve("home").toString());
        builder.environment().put("PYRO_CACHE_DIR", shared.resolve("home/cache").toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new String[] {Integer.toString(process.exitValue()), out, err};
    }

    @Test
    void runsSandboxedWithRlimits() throws Exception {
        String[] result = asNobody("run", "--json", "--", "sh", "-c", "id -u; echo ok");
        assertThat(result[0]).as(result[2]).isEqualTo("0");
        JsonNode json = JsonSupport.mapper().readTree(result[1]);
        assertThat(json.get("execution_mode").asText()).isEqualTo("bwrap");
        assertThat(json.get("limits").asText()).isEqualTo("rlimit");
        assertThat(json.get("stdout").asText()).isEqualTo("0\nok\n");
    }

    @Test
    void getsEgressWithoutPrivileges() throws Exception {
        String[] result = asNobody("run", "--network", "--json", "--", "sh", "-c",
                "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort");
        assertThat(result[0]).as(result[2]).isEqualTo("0");
        assertThat(JsonSupport.mapper().readTree(result[1]).get("stdout").asText()).isEqualTo("lo\ntap0\n");
    }

    @Test
    void startsPersistentSandboxesAndExplainsTheWeakerLimits() throws Exception {
        String[] result = asNobody("doctor", "--json");
        JsonNode json = JsonSupport.mapper().readTree(result[1]);
        assertThat(json.get("capabilities").get("persistent_sandbox").asBoolean()).as(result[1]).isTrue();
        assertThat(json.get("limits").get("mode").asText()).isEqualTo("rlimit");
        assertThat(json.get("problems").toString()).contains("no writable cgroup");
    }

    private static void copyTree(Path source, Path target) throws IOException {
        if (Files.isRegularFile(source)) {
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
