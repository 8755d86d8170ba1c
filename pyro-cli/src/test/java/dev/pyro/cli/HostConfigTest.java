package dev.pyro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyro.contract.Contract;
import dev.pyro.json.JsonSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code pyro host print-config} knows the contract's hosts and prints what examples/mcp/ holds. */
class HostConfigTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "mcp");

    private static String[] printConfig(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] argv = new String[args.length + 2];
        argv[0] = "host";
        argv[1] = "print-config";
        System.arraycopy(args, 0, argv, 2, args.length);
        int code = PyroCli.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(argv);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void theExampleFilesAreWhatTheCommandPrints() throws Exception {
        assertThat(Arrays.stream(McpHostConfig.values()).map(McpHostConfig::id).toList()).isEqualTo(Contract.MCP_HOSTS);
        for (String host : Contract.MCP_HOSTS) {
            Path file = EXAMPLES.resolve(host + (host.equals("codex") ? ".toml" : ".json"));
            String[] printed = printConfig(host, "--pyro", "/path/to/pyro");
            assertThat(printed[0]).isEqualTo("0");
            assertThat(printed[1]).as(file + " (regenerate with ./pyro host print-config " + host + " --pyro /path/to/pyro)")
                    .isEqualTo(Files.readString(file));
            assertThat(printed[2]).contains("/path/to/pyro mcp serve --profile workspace-core");
        }
    }

    @Test
    void theProfileGoesIntoTheServeCommandAndBadInputIsRefused() throws Exception {
        JsonNode generic = JsonSupport.mapper().readTree(printConfig("generic", "--profile", "vm-run", "--pyro", "/opt/pyro")[1]);
        assertThat(generic.at("/mcpServers/pyro/command").asText()).isEqualTo("/opt/pyro");
        assertThat(JsonSupport.mapper().convertValue(generic.at("/mcpServers/pyro/args"), List.class))
                .isEqualTo(List.of("mcp", "serve", "--profile", "vm-run"));
        String[] unknown = printConfig("emacs");
        assertThat(unknown[0]).isEqualTo("2");
        assertThat(unknown[2]).contains("unknown host 'emacs'").contains("claude-code, codex, opencode, generic");
        assertThat(printConfig("codex", "--profile", "everything")[2]).contains("everything");
    }
}
