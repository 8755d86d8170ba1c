package dev.pyro.examples;

import dev.pyro.Pyro;
import dev.pyro.contract.ToolProfile;
import dev.pyro.json.JsonSupport;
import dev.pyro.tools.ToolBox;
import dev.pyro.tools.ToolResult;
import java.util.List;
import java.util.Map;

/** pyro's tools for one profile, called through the Java SDK in this process. */
public final class InProcessTools implements ChatTools {
    private final ToolBox tools;

    public InProcessTools(Pyro pyro, ToolProfile profile) {
        this.tools = new ToolBox(pyro, profile);
    }

    @Override
    public List<Tool> list() {
        return tools.tools().stream()
                .map(tool -> new Tool(tool.name(), tool.description(), tool.inputSchema(tools.profile())))
                .toList();
    }

    @Override
    public Reply call(String name, Map<String, Object> arguments) {
        ToolResult result = tools.call(name, arguments);
        return result.error() ? new Reply(true, result.text()) : new Reply(false, JsonSupport.line(result.structured()));
    }

    @Override
    public void close() {
    }
}
