package dev.pyro.tools;

import dev.pyro.Pyro;

/** Runs one tool call against the SDK. Throws {@code PyroException} for anything the caller can fix. */
@FunctionalInterface
public interface ToolHandler {
    ToolOutput handle(Pyro pyro, ToolArguments arguments);
}
