package dev.pyro.cli;

import dev.pyro.PyroException;
import dev.pyro.contract.Contract;
import dev.pyro.json.JsonSupport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How each chat host is told to launch {@code pyro mcp serve}: the configuration to paste, and
 * where it goes. {@code examples/mcp/} holds the same texts for the profile progression; a test
 * checks they agree.
 */
enum McpHostConfig {
    CLAUDE_CODE("claude-code", "save as .mcp.json in your project, or run: claude mcp add pyro -- %s") {
        @Override
        String render(List<String> command) {
            return mcpServersJson(command);
        }
    },
    CODEX("codex", "add to ~/.codex/config.toml, or run: codex mcp add pyro -- %s") {
        @Override
        String render(List<String> command) {
            return "[mcp_servers.pyro]\ncommand = " + toml(command.get(0)) + "\nargs = ["
                    + String.join(", ", command.subList(1, command.size()).stream().map(McpHostConfig::toml).toList()) + "]\n";
        }
    },
    OPENCODE("opencode", "save as opencode.json in your project (or merge into ~/.config/opencode/opencode.json); "
            + "the server runs: %s") {
        @Override
        String render(List<String> command) {
            Map<String, Object> server = new LinkedHashMap<>();
            server.put("type", "local");
            server.put("command", command);
            server.put("enabled", true);
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("$schema", "https://opencode.ai/config.json");
            config.put("mcp", Map.of("pyro", server));
            return JsonSupport.write(config) + "\n";
        }
    },
    GENERIC("generic", "the mcpServers block most MCP clients read; the server runs: %s") {
        @Override
        String render(List<String> command) {
            return mcpServersJson(command);
        }
    };

    private final String id;
    private final String where;

    McpHostConfig(String id, String where) {
        this.id = id;
        this.where = where;
    }

    String id() {
        return id;
    }

    /** Where the configuration goes, for stderr. */
    String where(List<String> command) {
        return String.format(where, String.join(" ", command));
    }

    abstract String render(List<String> command);

    /** {@code PYRO mcp serve --profile PROFILE}. */
    static List<String> serveCommand(String pyro, String profile) {
        List<String> command = new ArrayList<>(List.of(pyro, "mcp", "serve"));
        command.addAll(List.of("--profile", profile));
        return command;
    }

    static McpHostConfig parse(String id) {
        for (McpHostConfig host : values()) {
            if (host.id.equals(id)) {
                return host;
            }
        }
        throw PyroException.invalidArgument("unknown host '" + id + "'; one of " + String.join(", ", Contract.MCP_HOSTS));
    }

    private static String mcpServersJson(List<String> command) {
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("command", command.get(0));
        server.put("args", command.subList(1, command.size()));
        return JsonSupport.write(Map.of("mcpServers", Map.of("pyro", server))) + "\n";
    }

    private static String toml(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
