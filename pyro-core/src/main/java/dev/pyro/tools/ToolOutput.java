package dev.pyro.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyro.json.JsonSupport;
import java.util.Map;

/**
 * What a tool returns: structured content (matching the tool's output schema) and a short
 * text rendering for hosts that show the model only text. Null fields are left out.
 */
public record ToolOutput(Map<String, Object> structured, String text) {
    private static final ObjectMapper MAPPER = JsonSupport.mapper().copy()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    public static ToolOutput of(Object value, String text) {
        return new ToolOutput(toMap(value), text);
    }

    public static Map<String, Object> toMap(Object value) {
        return MAPPER.convertValue(value, new TypeReference<Map<String, Object>>() {
        });
    }
}
