package dev.pyro.examples;

import java.util.List;
import java.util.Map;

/**
 * The tools a chat loop offers a model and the way a call reaches them: in process through the
 * Java SDK ({@link InProcessTools}) or through {@code pyro mcp serve} ({@link McpTools}). Both
 * give the model the same tools with the same schemas, cut to the same profile.
 */
public interface ChatTools extends AutoCloseable {

    /** One tool as a model sees it: name, one-line description, JSON Schema of its arguments. */
    record Tool(String name, String description, Map<String, Object> inputSchema) {
    }

    /** What goes back to the model: the result as JSON, or an actionable error message. */
    record Reply(boolean error, String content) {
    }

    List<Tool> list();

    /** Never throws for a bad call: the model gets the error and can correct itself. */
    Reply call(String name, Map<String, Object> arguments);

    @Override
    void close();
}
