package dev.pyro.tools;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyro.Pyro;
import dev.pyro.PyroException;
import dev.pyro.config.PyroPaths;
import dev.pyro.contract.ToolProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MCP tool arguments are whatever a model sends. Every tool's arguments are either accepted
 * with the values that were sent or refused with an invalid-argument error; a call never ends
 * in an internal error. Arguments are built per parameter from JSON values of any type (as
 * Jackson, which the MCP server uses, produces them: big integers, fractions, nested objects),
 * or, for the rest of the input, parsed as JSON text.
 */
class ToolArgumentsFuzzTest {
    /** Tools that would start sandboxes: their argument checks are fuzzed, the calls are not made. */
    private static final Set<String> NOT_CALLED = Set.of("vm_run", "vm_create", "workspace_create");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<PyroTool> TOOLS = ToolCatalog.forProfile(ToolProfile.WORKSPACE_FULL);
    private static final ToolBox BOX = new ToolBox(emptyPyro(), ToolProfile.WORKSPACE_FULL);

    @FuzzTest(maxDuration = "10s")
    void argumentsAreAcceptedAsSentOrRefused(FuzzedDataProvider data) {
        PyroTool tool = TOOLS.get(data.consumeInt(0, TOOLS.size() - 1));
        Map<String, Object> arguments = data.consumeBoolean() ? build(tool, data) : parse(data.consumeRemainingAsString());
        if (arguments == null) {
            return;
        }
        checkEachParameter(tool, arguments);
        if (!NOT_CALLED.contains(tool.name())) {
            ToolResult result = BOX.call(tool.name(), arguments);
            if (result.error() && result.text().startsWith("Error (internal)")) {
                throw new AssertionError(tool.name() + " " + arguments + " -> " + result.text());
            }
        }
    }

    private static Map<String, Object> build(PyroTool tool, FuzzedDataProvider data) {
        Map<String, Object> arguments = new java.util.LinkedHashMap<>();
        for (ToolParam param : tool.params(ToolProfile.WORKSPACE_FULL)) {
            if (data.consumeBoolean()) {
                arguments.put(param.name(), value(data, 0));
            }
        }
        if (data.consumeBoolean()) {
            arguments.put(data.consumeString(12), value(data, 0));
        }
        return arguments;
    }

    /** A JSON value of any type, as Jackson would hand it over. */
    private static Object value(FuzzedDataProvider data, int depth) {
        return switch (data.consumeInt(0, depth < 2 ? 8 : 6)) {
            case 0 -> data.consumeString(40);
            case 1 -> data.consumeLong();
            case 2 -> data.consumeInt();
            case 3 -> data.consumeDouble();
            case 4 -> data.consumeBoolean();
            case 5 -> new java.math.BigInteger(1, data.consumeBytes(12));
            case 6 -> data.consumeBoolean() ? null : java.math.BigDecimal.valueOf(data.consumeLong(), data.consumeInt(-5, 5));
            case 7 -> java.util.stream.IntStream.range(0, data.consumeInt(0, 3)).mapToObj(i -> value(data, depth + 1)).toList();
            default -> {
                Map<String, Object> map = new java.util.LinkedHashMap<>();
                for (int i = data.consumeInt(0, 3); i > 0; i--) {
                    map.put(data.consumeString(8), value(data, depth + 1));
                }
                yield map;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String text) {
        try {
            Object value = JSON.readValue(text, Object.class);
            return value instanceof Map ? (Map<String, Object>) value : null;
        } catch (JacksonException notJson) {
            return null;
        }
    }

    private static void checkEachParameter(PyroTool tool, Map<String, Object> arguments) {
        ToolArguments args;
        try {
            args = new ToolArguments(tool, ToolProfile.WORKSPACE_FULL, arguments);
        } catch (PyroException refused) {
            return;
        }
        for (ToolParam param : tool.params(ToolProfile.WORKSPACE_FULL)) {
            try {
                read(args, param, arguments.get(param.name()));
            } catch (PyroException refused) {
                if (!refused.code().equals("invalid_argument")) {
                    throw new AssertionError(param.name() + " refused with " + refused.code());
                }
            }
        }
    }

    private static void read(ToolArguments args, ToolParam param, Object sent) {
        switch (param.type()) {
            case "string" -> args.optionalString(param.name());
            case "boolean" -> args.bool(param.name());
            case "object" -> args.stringMap(param.name());
            case "array" -> args.stringList(param.name());
            case "integer" -> {
                // Handlers read parameters without a default through optionalInteger.
                java.util.Optional<Long> accepted = param.defaultValue() == null
                        ? args.optionalInteger(param.name()) : java.util.Optional.of(args.integer(param.name()));
                if (sent instanceof Number number && accepted.isPresent()
                        && new BigDecimal(number.toString()).compareTo(BigDecimal.valueOf(accepted.get())) != 0) {
                    throw new AssertionError(param.name() + ": sent " + number + " but the tool would use " + accepted.get());
                }
            }
            default -> throw new AssertionError("parameter type " + param.type() + " is not fuzzed; add it here");
        }
    }

    private static Pyro emptyPyro() {
        try {
            Path dir = Files.createTempDirectory("pyro-tool-fuzz");
            return Pyro.create(new PyroPaths(dir.resolve("home"), dir.resolve("cache")), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
