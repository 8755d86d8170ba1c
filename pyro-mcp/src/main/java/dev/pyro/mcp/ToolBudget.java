package dev.pyro.mcp;

import dev.pyro.contract.ToolProfile;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What each profile costs a model before it does anything: the size of the {@code tools/list}
 * answer it must read. Tokens are estimated at four bytes each, the usual rule of thumb for
 * English and JSON with common tokenizers.
 */
public final class ToolBudget {
    public static final int BYTES_PER_TOKEN = 4;

    private ToolBudget() {
    }

    public record ProfileCost(String profile, int tools, int bytes, int estimatedTokens) {
    }

    public static List<ProfileCost> measure() {
        return Arrays.stream(ToolProfile.values()).map(ToolBudget::measure).toList();
    }

    public static ProfileCost measure(ToolProfile profile) {
        List<McpSchema.Tool> tools = McpTools.definitions(profile);
        int bytes = toolsListBytes(tools);
        return new ProfileCost(profile.id(), tools.size(), bytes, (bytes + BYTES_PER_TOKEN - 1) / BYTES_PER_TOKEN);
    }

    /** Bytes of the {@code tools/list} result as the server sends it. */
    static int toolsListBytes(List<McpSchema.Tool> tools) {
        try {
            return McpJsonDefaults.getMapper().writeValueAsString(McpSchema.ListToolsResult.builder(tools).build())
                    .getBytes(StandardCharsets.UTF_8).length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
