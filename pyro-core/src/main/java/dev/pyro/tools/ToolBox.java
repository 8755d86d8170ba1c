package dev.pyro.tools;

import dev.pyro.Pyro;
import dev.pyro.PyroException;
import dev.pyro.contract.ToolProfile;
import java.nio.file.InvalidPathException;
import java.util.List;
import java.util.Map;

/**
 * The tools of one profile, bound to a {@link Pyro}: what a model may call, and the one place
 * that turns a call into a result or an actionable error. A call never throws.
 */
public final class ToolBox {
    private static final System.Logger LOG = System.getLogger(ToolBox.class.getName());

    private final Pyro pyro;
    private final ToolProfile profile;

    public ToolBox(Pyro pyro, ToolProfile profile) {
        this.pyro = pyro;
        this.profile = profile;
    }

    public ToolProfile profile() {
        return profile;
    }

    public List<PyroTool> tools() {
        return ToolCatalog.forProfile(profile);
    }

    public ToolResult call(String name, Map<String, Object> arguments) {
        if (!profile.includes(name)) {
            return ToolResult.failure(refusal(name));
        }
        PyroTool tool = ToolCatalog.find(name).orElseThrow();
        try {
            return ToolResult.success(tool.handler().handle(pyro, new ToolArguments(tool, profile, arguments)));
        } catch (PyroException e) {
            return ToolResult.failure("Error (" + e.code() + "): " + CliHintsForTools.translate(e.getMessage())
                    + (e.fix() == null ? "" : "\nTo fix: " + CliHintsForTools.translate(e.fix())));
        } catch (InvalidPathException e) {
            return ToolResult.failure("Error (invalid_argument): not a usable path: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "tool " + name + " failed", e);
            return ToolResult.failure("Error (internal): " + name + " failed unexpectedly: " + e
                    + "\nThe server keeps running; retrying may help. Please report this.");
        }
    }

    private String refusal(String name) {
        String where = ToolProfile.smallestWith(name)
                .map(p -> "it is in the " + p.id() + " profile (serve with --profile " + p.id() + ")")
                .orElse("there is no such tool");
        return "Error (tool_not_available): " + name + " is not available in the " + profile.id() + " profile; " + where
                + ". Available: " + String.join(", ", profile.tools());
    }
}
