package dev.pyro.protocol;

import java.util.List;
import java.util.regex.Pattern;

/** What host and agent agree on about services: valid names, and the readiness types with the field each needs. */
public final class ServiceSpec {
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final String NAME_RULE = "service names are 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit";
    public static final List<String> READINESS_TYPES = List.of("file", "tcp", "http", "command");

    private ServiceSpec() {
    }

    /** The field a readiness type reads its target from ({@code file} → {@code path}, …), or null for an unknown type. */
    public static String readinessField(String type) {
        return switch (type == null ? "" : type) {
            case "file" -> "path";
            case "tcp" -> "address";
            case "http" -> "url";
            case "command" -> "command";
            default -> null;
        };
    }
}
