package dev.pyro.examples;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.pyro.Pyro;
import dev.pyro.contract.ToolProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Give a model a task and pyro's tools, over the OpenAI Responses API.
 *
 * <pre>
 * examples/run-chat [--profile vm-run|workspace-core|workspace-full] [--via sdk|mcp] [--pyro PATH] TASK...
 * </pre>
 *
 * Configured by {@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL} (any Responses-compatible
 * server) and {@code OPENAI_MODEL}. Start with {@code vm-run} (one-shot commands), move to
 * {@code workspace-core} when the task needs state across calls, and to {@code workspace-full}
 * for shells, services, snapshots and network. {@code --via mcp} runs the very same loop with
 * the tools coming from {@code pyro mcp serve} instead of the Java SDK.
 */
public final class ChatExample {
    static final String DEFAULT_MODEL = "gpt-5";
    static final int MAX_TURNS = 30;

    private ChatExample() {
    }

    public static void main(String[] args) {
        String profile = ToolProfile.DEFAULT.id();
        String via = "sdk";
        String pyroPath = null;
        List<String> task = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--profile" -> profile = value(args, ++i);
                case "--via" -> via = value(args, ++i);
                case "--pyro" -> pyroPath = value(args, ++i);
                case "-h", "--help" -> usage(0);
                default -> task.add(args[i]);
            }
        }
        if (task.isEmpty()) {
            usage(2);
        }
        if (System.getenv("OPENAI_API_KEY") == null) {
            System.err.println("pyro chat: set OPENAI_API_KEY (and OPENAI_BASE_URL for another Responses-compatible server)");
            System.exit(2);
        }
        ToolProfile chosen;
        try {
            chosen = ToolProfile.parse(profile);
        } catch (dev.pyro.PyroException e) {
            System.err.println("pyro chat: " + e.getMessage());
            System.exit(2);
            return;
        }
        String model = System.getenv().getOrDefault("OPENAI_MODEL", DEFAULT_MODEL);
        OpenAIClient openai = OpenAIOkHttpClient.fromEnv();
        try (ChatTools tools = via.equals("mcp")
                ? new McpTools(List.of(pyroLauncher(pyroPath)), chosen.id(), Map.of(), System.err::println)
                : new InProcessTools(Pyro.create(), chosen)) {
            System.err.println("pyro chat: model " + model + ", profile " + chosen.id() + " (" + tools.list().size()
                    + " tools), via " + via);
            ResponsesLoop.Outcome outcome = new ResponsesLoop(openai, model, tools, MAX_TURNS, System.err::println)
                    .run(String.join(" ", task));
            System.out.println(outcome.answer());
        } catch (com.openai.errors.OpenAIException | IllegalStateException e) {
            System.err.println("pyro chat: " + e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()));
            System.exit(1);
        } finally {
            openai.close();
        }
    }

    /** The repository's own launcher when run from a checkout, else {@code pyro} on PATH. */
    private static String pyroLauncher(String given) {
        if (given != null) {
            return given;
        }
        Path local = Path.of("pyro").toAbsolutePath();
        return Files.isExecutable(local) ? local.toString() : "pyro";
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage(2);
        }
        return args[i];
    }

    private static void usage(int code) {
        System.err.println("usage: examples/run-chat [--profile vm-run|workspace-core|workspace-full] [--via sdk|mcp] "
                + "[--pyro PATH] TASK...");
        System.err.println("  env: OPENAI_API_KEY, OPENAI_BASE_URL (default https://api.openai.com/v1), OPENAI_MODEL (default "
                + DEFAULT_MODEL + ")");
        System.exit(code);
    }
}
