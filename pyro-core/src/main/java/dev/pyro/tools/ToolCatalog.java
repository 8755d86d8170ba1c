package dev.pyro.tools;

import dev.pyro.contract.ToolProfile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Every tool pyro offers a model, by name. Profiles (in the contract) choose among them. */
public final class ToolCatalog {
    private static final Map<String, PyroTool> TOOLS = index();

    private ToolCatalog() {
    }

    public static List<PyroTool> all() {
        return List.copyOf(TOOLS.values());
    }

    public static Optional<PyroTool> find(String name) {
        return Optional.ofNullable(TOOLS.get(name));
    }

    /** The tools of {@code profile}, in the profile's order. */
    public static List<PyroTool> forProfile(ToolProfile profile) {
        return profile.tools().stream().map(name -> find(name)
                .orElseThrow(() -> new IllegalStateException("profile " + profile.id() + " lists unknown tool " + name)))
                .toList();
    }

    private static Map<String, PyroTool> index() {
        Map<String, PyroTool> tools = new LinkedHashMap<>();
        Stream.of(RunTools.all(), VmTools.all(), WorkspaceTools.all(), CommandTools.all(), FileTools.all(), ChangeTools.all(),
                DiskTools.all(),
                SnapshotTools.all(), ShellTools.all(), ServiceTools.all()).flatMap(List::stream).forEach(tool -> {
                    if (tools.put(tool.name(), tool) != null) {
                        throw new IllegalStateException("two tools named " + tool.name());
                    }
                });
        return tools;
    }
}
