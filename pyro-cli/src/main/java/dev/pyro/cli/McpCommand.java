package dev.pyro.cli;

import dev.pyro.Pyro;
import dev.pyro.PyroException;
import dev.pyro.contract.Contract;
import dev.pyro.contract.ToolProfile;
import dev.pyro.mcp.HttpMcpServer;
import dev.pyro.mcp.StdioMcpServer;
import dev.pyro.mcp.ToolBudget;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "mcp",
        description = "Serve pyro's tools to chat hosts and agents over MCP.",
        subcommands = {McpCommand.Serve.class, McpCommand.Budget.class})
final class McpCommand extends CommandGroup {

    @Command(name = "serve",
            description = {
                    "Run the MCP server: stdio (default) for a chat host that launches it, or Streamable HTTP.",
                    "stdout carries only the protocol; messages go to stderr."},
            footerHeading = "%nProfiles (choose the smallest that does the job):%n",
            footer = {
                    "  vm-run          vm_run only: one-shot commands, nothing kept.",
                    "  workspace-core  the default: create a workspace, exec, read, edit, patch,",
                    "                  diff, reset, export, delete. Move up when you need more.",
                    "  workspace-full  everything: snapshots, sync push, resources and TTLs,",
                    "                  one-shot runs, standalone sandboxes (vm_*).",
                    "",
                    "Claude Code:  claude mcp add pyro -- /path/to/pyro mcp serve",
                    "HTTP:         pyro mcp serve --transport http   (http://127.0.0.1:8765/mcp)"})
    static final class Serve implements Callable<Integer>, NeedsPyro {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--profile", paramLabel = "PROFILE", defaultValue = "workspace-core",
                description = "Tools to expose: vm-run, workspace-core or workspace-full (default: ${DEFAULT-VALUE}).")
        String profile;

        @Option(names = "--transport", paramLabel = "stdio|http", defaultValue = "stdio",
                description = "stdio (default) or http (Streamable HTTP at " + Contract.MCP_ENDPOINT + ").")
        String transport;

        @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = Contract.MCP_DEFAULT_HOST,
                description = "HTTP: address to bind (default: ${DEFAULT-VALUE}). Anything but loopback requires a token.")
        String host;

        @Option(names = "--port", paramLabel = "N", defaultValue = "" + Contract.MCP_DEFAULT_PORT,
                description = "HTTP: port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
        int port;

        @Option(names = "--auth-token-file", paramLabel = "FILE",
                description = "HTTP: require this bearer token (file contents). Without it, a token is generated "
                        + "and printed to stderr when bound beyond loopback.")
        Path authTokenFile;

        private Supplier<Pyro> pyro;

        @Override
        public void pyroSupplier(Supplier<Pyro> supplier) {
            this.pyro = supplier;
        }

        @Override
        public Integer call() throws Exception {
            ToolProfile chosen = ToolProfile.parse(profile);
            PrintWriter err = spec.commandLine().getErr();
            switch (transport) {
                case "stdio" -> {
                    boolean httpOptionsGiven = authTokenFile != null
                            || spec.commandLine().getParseResult().hasMatchedOption("--host")
                            || spec.commandLine().getParseResult().hasMatchedOption("--port");
                    if (httpOptionsGiven) {
                        throw PyroException.invalidArgument("--host, --port and --auth-token-file apply to --transport http");
                    }
                    err.println("pyro: MCP server on stdio, profile " + chosen.id() + " (" + chosen.tools().size() + " tools)");
                    err.flush();
                    StdioMcpServer.serve(pyro.get(), chosen);
                    return 0;
                }
                case "http" -> {
                    if (port < 0 || port > 65535) {
                        throw PyroException.invalidArgument("--port must be between 0 and 65535");
                    }
                    String token = authTokenFile != null ? readToken(authTokenFile) : null;
                    boolean generated = token == null && !HttpMcpServer.isLoopback(host);
                    if (generated) {
                        token = HexFormat.of().formatHex(randomBytes());
                    }
                    try (HttpMcpServer server = HttpMcpServer.start(pyro.get(), chosen, host, port, token)) {
                        if (generated) {
                            err.println("pyro: bearer token (send 'Authorization: Bearer <token>'): " + token);
                        }
                        err.println("pyro: MCP server listening on " + server.endpoint() + ", profile " + chosen.id()
                                + " (" + chosen.tools().size() + " tools)");
                        err.flush();
                        server.join();
                    }
                    return 0;
                }
                default -> throw PyroException.invalidArgument("unknown --transport '" + transport + "'; choose stdio or http");
            }
        }

        private static byte[] randomBytes() {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            return bytes;
        }

        private static String readToken(Path file) {
            try {
                String token = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (token.isEmpty() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                    throw PyroException.invalidArgument("the token in " + file + " must be one line of printable characters");
                }
                return token;
            } catch (IOException e) {
                throw PyroException.invalidArgument("cannot read --auth-token-file " + file + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "budget",
            description = "Show what each profile's tool list costs a model: tools, bytes of tools/list, estimated tokens.")
    static final class Budget extends PyroSubcommand {
        @Override
        public Integer call() {
            List<ToolBudget.ProfileCost> costs = ToolBudget.measure();
            return print(Map.of("bytes_per_token", ToolBudget.BYTES_PER_TOKEN, "profiles", costs), ignored -> {
                PrintWriter out = out();
                out.printf("%-16s %6s %8s %8s  %s%n", "PROFILE", "TOOLS", "BYTES", "~TOKENS", "FOR");
                for (ToolBudget.ProfileCost cost : costs) {
                    out.printf("%-16s %6d %8d %8d  %s%n", cost.profile(), cost.tools(), cost.bytes(), cost.estimatedTokens(),
                            ToolProfile.parse(cost.profile()).purpose());
                }
                out.println("(tokens estimated at " + ToolBudget.BYTES_PER_TOKEN + " bytes each)");
            });
        }
    }
}
