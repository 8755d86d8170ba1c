package dev.pyro.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyro.contract.Contract;
import dev.pyro.contract.ToolProfile;
import dev.pyro.tools.PyroTool;
import dev.pyro.tools.ToolCatalog;
import dev.pyro.tools.ToolParam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/public-contract.md carries the tool table generated from the catalog, and names the
 * commands and profiles; a change without the docs fails here, printing the table to paste.
 */
class ContractDocsTest {
    private static final Path DOC = Path.of("..", "docs", "public-contract.md");
    private static final String BEGIN = "<!-- tools:begin (generated from the tool catalog; ContractDocsTest checks it) -->";
    private static final String END = "<!-- tools:end -->";

    @Test
    void theToolTableMatchesTheCatalog() throws Exception {
        String doc = Files.readString(DOC);
        String expected = BEGIN + "\n" + table() + END;
        assertThat(doc).as("paste this block into docs/public-contract.md:\n\n" + expected + "\n").contains(expected);
    }

    @Test
    void everyTopLevelAndMcpCommandAndEveryProfileIsDocumented() throws Exception {
        String doc = Files.readString(DOC);
        for (String command : Contract.CLI_COMMANDS) {
            if (command.startsWith("workspace ")) {
                // Workspace subcommands have their own table, a row each, named without the prefix.
                String sub = command.substring("workspace ".length());
                boolean group = Contract.CLI_COMMANDS.stream().anyMatch(c -> c.startsWith(command + " "));
                if (!group) {
                    assertThat(doc).as("docs/public-contract.md has a row for `workspace " + sub + "`").contains("| `" + sub);
                }
                continue;
            }
            assertThat(doc).as("docs/public-contract.md names `pyro " + command + "`").contains("pyro " + command);
        }
        for (ToolProfile profile : ToolProfile.values()) {
            assertThat(doc).contains("`" + profile.id() + "`");
        }
    }

    static String table() {
        StringBuilder out = new StringBuilder("| tool | does | parameters (default; * required; † workspace-full only) | profiles |\n");
        out.append("| --- | --- | --- | --- |\n");
        for (PyroTool tool : ToolCatalog.all()) {
            String params = tool.params().stream().map(ContractDocsTest::param).collect(Collectors.joining(", "));
            String profiles = Arrays.stream(ToolProfile.values()).filter(p -> p.includes(tool.name())).map(ToolProfile::id)
                    .collect(Collectors.joining(", "));
            out.append("| `").append(tool.name()).append("` | ").append(tool.description().replace("|", "\\|")).append(" | ")
                    .append(params.isEmpty() ? "—" : params).append(" | ").append(profiles).append(" |\n");
        }
        return out.toString();
    }

    private static String param(ToolParam param) {
        return "`" + param.name() + "`" + (param.mandatory() ? "*" : "")
                + (param.defaultValue() == null ? "" : "=" + param.defaultValue())
                + (param.fullProfileOnly() ? "†" : "");
    }
}
