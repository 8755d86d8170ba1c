package dev.pyro.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the compact output schemas tools declare: the fields a model relies on, typed and
 * (where always present) required. Other fields may appear; schemas stay small because every
 * byte of them is paid for in the model's context.
 */
final class OutputSchema {
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();

    static OutputSchema object() {
        return new OutputSchema();
    }

    OutputSchema string(String... names) {
        return typed("string", names);
    }

    OutputSchema integer(String... names) {
        return typed("integer", names);
    }

    OutputSchema bool(String... names) {
        return typed("boolean", names);
    }

    OutputSchema array(String... names) {
        return typed("array", names);
    }

    OutputSchema object(String... names) {
        return typed("object", names);
    }

    /** Fields that may be absent (they are left out when they have no value). */
    OutputSchema optionalString(String... names) {
        for (String name : names) {
            properties.put(name, Map.of("type", "string"));
        }
        return this;
    }

    OutputSchema optionalInteger(String... names) {
        for (String name : names) {
            properties.put(name, Map.of("type", "integer"));
        }
        return this;
    }

    private OutputSchema typed(String type, String... names) {
        for (String name : names) {
            properties.put(name, Map.of("type", type));
            required.add(name);
        }
        return this;
    }

    Map<String, Object> build() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", List.copyOf(required));
        }
        return schema;
    }
}
