package dev.pyro.tools;

import dev.pyro.PyroException;
import dev.pyro.contract.ToolProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tool call's arguments, checked against the tool's parameters in the served profile:
 * unknown or missing arguments and wrong types fail with a message naming the parameter and
 * what it takes. Defaults come from the parameter definitions, so schema and behaviour agree.
 */
public final class ToolArguments {
    private final String tool;
    private final Map<String, ToolParam> params = new LinkedHashMap<>();
    private final Map<String, Object> values;

    /** Arguments for {@code tool} as {@code profile} exposes it; hidden parameters keep their defaults. */
    ToolArguments(PyroTool tool, ToolProfile profile, Map<String, Object> values) {
        this.tool = tool.name();
        tool.params().forEach(p -> this.params.put(p.name(), p));
        this.values = values == null ? Map.of() : values;
        List<ToolParam> exposed = tool.params(profile);
        List<String> names = exposed.stream().map(ToolParam::name).toList();
        for (String name : this.values.keySet()) {
            if (!names.contains(name)) {
                throw PyroException.invalidArgument(this.tool + " has no parameter '" + name + "'; it takes: "
                        + (names.isEmpty() ? "nothing" : String.join(", ", names)));
            }
        }
        for (ToolParam param : exposed) {
            if (param.mandatory() && this.values.get(param.name()) == null) {
                throw PyroException.invalidArgument(this.tool + " needs '" + param.name() + "' (" + param.description() + ")");
            }
        }
    }

    public String string(String name) {
        return optionalString(name).orElseGet(() -> (String) param(name).defaultValue());
    }

    public Optional<String> optionalString(String name) {
        Object value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw wrongType(name, "a string", value);
        }
        List<String> choices = param(name).choices();
        if (choices != null && !choices.contains(text)) {
            throw PyroException.invalidArgument(tool + ": '" + name + "' must be one of " + String.join(", ", choices)
                    + ", not '" + text + "'");
        }
        return Optional.of(text);
    }

    public long integer(String name) {
        return optionalInteger(name).orElseGet(() -> ((Number) param(name).defaultValue()).longValue());
    }

    public Optional<Long> optionalInteger(String name) {
        ToolParam param = param(name);
        Object value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Number number)) {
            throw wrongType(name, "an integer", value);
        }
        long result = exactLong(name, number, param);
        if ((param.minimum() != null && result < param.minimum()) || (param.maximum() != null && result > param.maximum())) {
            throw PyroException.invalidArgument("'" + name + "' must be between " + param.minimum() + " and "
                    + param.maximum() + "; got " + result);
        }
        return Optional.of(result);
    }

    /** The number as a long, only when it is a whole number that fits: 1e300 or 2^64+5 never turn into another value. */
    private long exactLong(String name, Number number, ToolParam param) {
        java.math.BigDecimal exact;
        try {
            exact = new java.math.BigDecimal(number.toString());
        } catch (NumberFormatException notFinite) {
            throw wrongType(name, "an integer", number);
        }
        if (exact.signum() != 0 && exact.stripTrailingZeros().scale() > 0) {
            throw wrongType(name, "an integer", number);
        }
        try {
            return exact.longValueExact();
        } catch (ArithmeticException tooLarge) {
            throw PyroException.invalidArgument("'" + name + "' must be between " + param.minimum() + " and "
                    + param.maximum() + "; got " + number);
        }
    }

    public int intValue(String name) {
        return Math.toIntExact(integer(name));
    }

    public boolean bool(String name) {
        Object value = values.get(name);
        if (value == null) {
            return Boolean.TRUE.equals(param(name).defaultValue());
        }
        if (!(value instanceof Boolean flag)) {
            throw wrongType(name, "true or false", value);
        }
        return flag;
    }

    public Map<String, String> stringMap(String name) {
        param(name);
        Object value = values.get(name);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map) || !map.values().stream().allMatch(v -> v instanceof String)) {
            throw wrongType(name, "an object of string values", value);
        }
        Map<String, String> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(String.valueOf(k), (String) v));
        return result;
    }

    public List<String> stringList(String name) {
        param(name);
        Object value = values.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(v -> v instanceof String)) {
            throw wrongType(name, "an array of strings", value);
        }
        List<String> result = new ArrayList<>();
        list.forEach(v -> result.add((String) v));
        return result;
    }

    public boolean has(String name) {
        return values.get(name) != null;
    }

    private ToolParam param(String name) {
        ToolParam param = params.get(name);
        if (param == null) {
            throw new IllegalStateException(tool + " reads undeclared parameter " + name);
        }
        return param;
    }

    private PyroException wrongType(String name, String expected, Object value) {
        String shown = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        if (shown.length() > 60) {
            shown = shown.substring(0, 60) + "...";
        }
        return PyroException.invalidArgument("'" + name + "' must be " + expected + "; got " + shown);
    }
}
