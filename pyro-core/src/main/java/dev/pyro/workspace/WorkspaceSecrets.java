package dev.pyro.workspace;

import dev.pyro.PyroException;
import dev.pyro.common.Redactor;
import dev.pyro.runtime.SandboxEnvironment;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A workspace's secrets: declared at create, kept host-side as one 0600 file per secret in a
 * 0700 directory (the sandbox sees it read-only at /run/pyro-secrets, so a reset brings them
 * back as they were), handed to a process only through an explicit secret→variable mapping,
 * and redacted from everything pyro returns or records. Records keep names only.
 */
public final class WorkspaceSecrets {
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final int MAX_SECRETS = 64;
    private static final int MAX_VALUE_BYTES = 64 * 1024;

    private final WorkspaceStore store;

    WorkspaceSecrets(WorkspaceStore store) {
        this.store = store;
    }

    static void check(Map<String, String> secrets) {
        if (secrets.size() > MAX_SECRETS) {
            throw PyroException.invalidArgument("a workspace holds at most " + MAX_SECRETS + " secrets");
        }
        secrets.forEach((name, value) -> {
            checkName(name);
            if (value == null || value.isEmpty()) {
                throw PyroException.invalidArgument("secret " + name + " is empty");
            }
            if (value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
                throw PyroException.invalidArgument("secret " + name + " is larger than " + MAX_VALUE_BYTES + " bytes");
            }
        });
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw PyroException.invalidArgument("secret names are 1-64 letters, digits or '_', not starting with a digit; got '"
                    + name + "'");
        }
    }

    /** Reads a secret from a host file: UTF-8, one trailing newline dropped. */
    static String readFile(String name, Path file) {
        try {
            String value = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            return value.endsWith("\r\n") ? value.substring(0, value.length() - 2)
                    : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        } catch (CharacterCodingException e) {
            throw PyroException.invalidArgument("secret file " + file + " for " + name + " is not UTF-8 text");
        } catch (IOException e) {
            throw PyroException.invalidArgument("cannot read secret file " + file + " for " + name + ": " + e.getMessage());
        }
    }

    /** Writes the secrets before the sandbox starts; the directory exists only if there are secrets. */
    void write(WorkspaceLayout layout, Map<String, String> secrets) throws IOException {
        if (secrets.isEmpty()) {
            return;
        }
        Files.createDirectory(layout.secrets(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            Path file = layout.secrets().resolve(secret.getKey());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret.getValue(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        }
    }

    Path directory(WorkspaceRecord record) {
        Path dir = store.layout(record.workspaceId()).secrets();
        return Files.isDirectory(dir) ? dir : null;
    }

    List<String> names(WorkspaceRecord record) {
        return List.copyOf(values(record).keySet());
    }

    Redactor redactor(WorkspaceRecord record) {
        return Redactor.of(values(record).values());
    }

    /**
     * The sandbox's default environment plus the secrets asked for, {@code secretEnv} mapping
     * secret names to variable names. An unknown secret fails, naming the ones there are.
     */
    Map<String, String> environment(WorkspaceRecord record, Map<String, String> secretEnv) {
        Map<String, String> env = new LinkedHashMap<>(SandboxEnvironment.defaults());
        if (secretEnv.isEmpty()) {
            return env;
        }
        Map<String, String> values = values(record);
        secretEnv.forEach((secret, variable) -> {
            String value = values.get(secret);
            if (value == null) {
                throw new PyroException("secret_not_found", "workspace " + record.workspaceId() + " has no secret '" + secret + "'"
                        + (values.isEmpty() ? " (it has none)" : "; it has " + String.join(", ", values.keySet())),
                        "secrets are declared at create with --secret NAME=VALUE or --secret-file NAME=PATH");
            }
            if (variable == null || !NAME.matcher(variable).matches()) {
                throw PyroException.invalidArgument("'" + variable + "' is not a valid environment variable name for secret " + secret);
            }
            env.put(variable, value);
        });
        return env;
    }

    private Map<String, String> values(WorkspaceRecord record) {
        Path dir = directory(record);
        Map<String, String> values = new TreeMap<>();
        if (dir == null) {
            return values;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                values.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new PyroException("state_unreadable", "cannot read the secrets of " + record.workspaceId() + ": " + e.getMessage(),
                    null);
        }
        return values;
    }

    /** {@code NAME} or {@code NAME=VAR} items (the CLI's --secret-env) as secret name → variable name. */
    public static Map<String, String> parseMapping(List<String> items) {
        Map<String, String> mapping = new LinkedHashMap<>();
        for (String item : items == null ? new ArrayList<String>() : items) {
            int eq = item.indexOf('=');
            String secret = eq < 0 ? item : item.substring(0, eq);
            checkName(secret);
            mapping.put(secret, eq < 0 ? secret : item.substring(eq + 1));
        }
        return mapping;
    }
}
