package dev.pyro.cli;

import dev.pyro.workspace.WorkspaceSecrets;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --secret-env NAME[=VAR]}: the secrets a command, shell or service gets as environment variables. */
final class SecretEnvArg {
    @Option(names = "--secret-env", paramLabel = "NAME[=VAR]", description = "Hand secret NAME to the process as $VAR "
            + "(default: $NAME). Repeatable. Its value is redacted from all output.")
    List<String> items;

    Map<String, String> mapping() {
        return WorkspaceSecrets.parseMapping(items);
    }
}
