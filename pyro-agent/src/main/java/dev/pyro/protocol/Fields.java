package dev.pyro.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed, validating access to a frame header. Every getter names the offending field in its
 * error, because the peer (a host process or an agent) may be buggy or hostile.
 */
public record Fields(Map<String, Object> map) {

    public boolean has(String key) {
        return map.get(key) != null;
    }

    public String string(String key) {
        Object value = map.get(key);
        if (value instanceof String s) {
            return s;
        }
        throw wrongType(key, "a string", value);
    }

    public String string(String key, String fallback) {
        return has(key) ? string(key) : fallback;
    }

    public long longValue(String key) {
        Object value = map.get(key);
        if (value instanceof Long l) {
            return l;
        }
        throw wrongType(key, "an integer", value);
    }

    public long longValue(String key, long fallback) {
        return has(key) ? longValue(key) : fallback;
    }

    public int intValue(String key, int fallback) {
        long value = longValue(key, fallback);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new ProtocolException("field \"" + key + "\" is out of range: " + value);
        }
        return (int) value;
    }

    public boolean bool(String key, boolean fallback) {
        Object value = map.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw wrongType(key, "a boolean", value);
    }

    public List<String> stringList(String key) {
        Object value = map.get(key);
        if (!(value instanceof List<?> list)) {
            throw wrongType(key, "a list of strings", value);
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw wrongType(key, "a list of strings", value);
            }
            out.add(s);
        }
        return out;
    }

    /** A list of whole numbers; empty when the field is absent. */
    public List<Long> longList(String key) {
        Object value = map.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw wrongType(key, "a list of numbers", value);
        }
        List<Long> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof Number n)) {
                throw wrongType(key, "a list of numbers", value);
            }
            out.add(n.longValue());
        }
        return out;
    }

    public Map<String, String> stringMap(String key) {
        Object value = map.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> raw)) {
            throw wrongType(key, "an object of strings", value);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : raw.entrySet()) {
            if (!(entry.getValue() instanceof String s)) {
                throw wrongType(key, "an object of strings", value);
            }
            out.put((String) entry.getKey(), s);
        }
        return out;
    }

    private static ProtocolException wrongType(String key, String expected, Object actual) {
        String got = actual == null ? "nothing" : actual.getClass().getSimpleName();
        return new ProtocolException("field \"" + key + "\" must be " + expected + ", got " + got);
    }
}
