package dev.pyro.tools;

/**
 * MCP tool annotations. {@code readOnly}: changes nothing. {@code destructive}: may overwrite
 * or remove workspace state. {@code idempotent}: repeating the call with the same arguments
 * has no further effect.
 */
public record ToolHints(boolean readOnly, boolean destructive, boolean idempotent) {
    public static final ToolHints READ_ONLY = new ToolHints(true, false, true);
    /** Adds something new; repeating it adds another. */
    public static final ToolHints ADDITIVE = new ToolHints(false, false, false);
    /** Changes or removes state; repeating it with the same arguments changes nothing more. */
    public static final ToolHints OVERWRITES = new ToolHints(false, true, true);
    /** Changes state in ways a repeat may compound (commands, edits). */
    public static final ToolHints MUTATES = new ToolHints(false, true, false);
}
