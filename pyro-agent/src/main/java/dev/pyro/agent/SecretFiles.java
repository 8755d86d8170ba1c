package dev.pyro.agent;

import dev.pyro.common.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The workspace's secrets as the sandbox sees them: one read-only file per secret, named after
 * it. The agent reads them once, at start, to redact every byte of output it hands out.
 */
final class SecretFiles {
    private SecretFiles() {
    }

    static Redactor redactor(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Redactor.none();
        }
        List<String> values = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    values.add(Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            AgentLog.info("cannot read the secrets in " + dir + ": " + e.getMessage());
        }
        return Redactor.of(values);
    }
}
