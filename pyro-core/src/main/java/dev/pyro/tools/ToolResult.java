package dev.pyro.tools;

import java.util.Map;

/**
 * The outcome of one tool call as a model sees it: a result, or an error ({@code error}
 * true, {@code structured} null) whose text says what was wrong and what to do.
 */
public record ToolResult(boolean error, Map<String, Object> structured, String text) {
    static ToolResult success(ToolOutput output) {
        return new ToolResult(false, output.structured(), output.text());
    }

    static ToolResult failure(String text) {
        return new ToolResult(true, null, text);
    }
}
