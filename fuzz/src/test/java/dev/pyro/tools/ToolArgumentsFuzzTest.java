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
 * MCP tool arguments are whatever a model sends. Parsed as the MCP server parses them
 * (Jackson), every tool's arguments are either accepted with the values that were sent or
 * refused with an invalid-argument error; a call never ends in an internal error.
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
        Map<String, Object> arguments = parse(data.consumeRemainingAsString());
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
            case "string" -> args.string(param.name());
            case "boolean" -> args.bool(param.name());
            case "object" -> args.stringMap(param.name());
            case "array" -> args.stringList(param.name());
            case "integer" -> {
                long accepted = args.integer(param.name());
                if (sent instanceof Number number && new BigDecimal(number.toString()).compareTo(BigDecimal.valueOf(accepted)) != 0) {
                    throw new AssertionError(param.name() + ": sent " + number + " but the tool would use " + accepted);
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
