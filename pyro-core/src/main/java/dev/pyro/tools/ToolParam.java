package dev.pyro.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tool parameter: its JSON type, what it means, its default. {@code fullProfileOnly} parameters
 * exist only in the {@code workspace-full} profile; smaller profiles leave them out of the
 * schema and refuse them.
 */
public record ToolParam(String name, String type, String description, Object defaultValue, boolean mandatory,
                        boolean fullProfileOnly, Long minimum, Long maximum, List<String> choices) {

    public static ToolParam string(String name, String description) {
        return new ToolParam(name, "string", description, null, false, false, null, null, null);
    }

    public static ToolParam integer(String name, String description, long defaultValue, long minimum, long maximum) {
        return new ToolParam(name, "integer", description, defaultValue, false, false, minimum, maximum, null);
    }

    public static ToolParam bool(String name, String description) {
        return new ToolParam(name, "boolean", description, false, false, false, null, null, null);
    }

    /** A JSON object of string values, e.g. labels. */
    public static ToolParam stringMap(String name, String description) {
        return new ToolParam(name, "object", description, null, false, false, null, null, null);
    }

    public static ToolParam stringList(String name, String description) {
        return new ToolParam(name, "array", description, null, false, false, null, null, null);
    }

    public ToolParam required() {
        return new ToolParam(name, type, description, null, true, fullProfileOnly, minimum, maximum, choices);
    }

    public ToolParam withDefault(Object value) {
        return new ToolParam(name, type, description, value, false, fullProfileOnly, minimum, maximum, choices);
    }

    public ToolParam fullOnly() {
        return new ToolParam(name, type, description, defaultValue, mandatory, true, minimum, maximum, choices);
    }

    /** A string that must be one of {@code values}. */
    public ToolParam oneOf(List<String> values) {
        return new ToolParam(name, type, description, defaultValue, mandatory, fullProfileOnly, minimum, maximum, List.copyOf(values));
    }

    /** The JSON Schema of this parameter. */
    public Map<String, Object> schema() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", type);
        switch (type) {
            case "object" -> schema.put("additionalProperties", Map.of("type", "string"));
            case "array" -> schema.put("items", Map.of("type", "string"));
            default -> {
            }
        }
        if (choices != null) {
            schema.put("enum", choices);
        }
        if (minimum != null) {
            schema.put("minimum", minimum);
        }
        if (maximum != null && maximum != Long.MAX_VALUE) {
            schema.put("maximum", maximum);
        }
        if (defaultValue != null) {
            schema.put("default", defaultValue);
        }
        schema.put("description", description);
        return schema;
    }

    static Map<String, Object> objectSchema(List<ToolParam> params) {
        Map<String, Object> properties = new LinkedHashMap<>();
        params.forEach(p -> properties.put(p.name(), p.schema()));
        List<String> required = params.stream().filter(ToolParam::mandatory).map(ToolParam::name).toList();
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }
}
