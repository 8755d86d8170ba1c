package dev.pyro.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyro.contract.ToolProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The profiles in the contract and the tool definitions agree, and definitions follow the house rules. */
class ToolCatalogTest {

    @Test
    void everyProfileToolIsDefinedAndFullHasEveryTool() {
        for (ToolProfile profile : ToolProfile.values()) {
            assertThat(ToolCatalog.forProfile(profile)).extracting(PyroTool::name).containsExactlyElementsOf(profile.tools());
        }
        assertThat(ToolProfile.WORKSPACE_FULL.tools())
                .containsExactlyInAnyOrderElementsOf(ToolCatalog.all().stream().map(PyroTool::name).toList());
    }

    @Test
    void profilesAreNestedAndCoreLeavesOutTheAdvancedTools() {
        assertThat(ToolProfile.VM_RUN.tools()).containsExactly("vm_run");
        assertThat(ToolProfile.WORKSPACE_FULL.tools()).containsAll(ToolProfile.WORKSPACE_CORE.tools());
        assertThat(ToolProfile.WORKSPACE_CORE.tools()).noneMatch(name -> name.startsWith("snapshot_")
                || name.startsWith("vm_") || name.equals("workspace_sync_push"));
        assertThat(ToolProfile.DEFAULT).isEqualTo(ToolProfile.WORKSPACE_CORE);
    }

    @Test
    void coreSchemasHaveNoFullOnlyParameters() {
        for (PyroTool tool : ToolCatalog.forProfile(ToolProfile.WORKSPACE_CORE)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) tool.inputSchema(ToolProfile.WORKSPACE_CORE).get("properties");
            List<String> fullOnly = tool.params().stream().filter(ToolParam::fullProfileOnly).map(ToolParam::name).toList();
            fullOnly.forEach(name -> assertThat(properties).as(tool.name()).doesNotContainKey(name));
        }
        assertThat(ToolCatalog.find("workspace_reset").orElseThrow().params(ToolProfile.WORKSPACE_CORE))
                .extracting(ToolParam::name).containsExactly("workspace_id");
    }

    @Test
    void definitionsAreWrittenForAModel() {
        for (PyroTool tool : ToolCatalog.all()) {
            assertThat(tool.name()).matches("[a-z][a-z_]{2,63}");
            assertThat(tool.description()).as(tool.name()).doesNotContain("\n").endsWith(".").hasSizeLessThan(170);
            assertThat(tool.outputSchema()).as(tool.name()).containsEntry("type", "object");
            for (ToolParam param : tool.params()) {
                assertThat(param.description()).as(tool.name() + "." + param.name()).isNotBlank().endsWith(".");
                assertThat(param.name()).matches("[a-z][a-z_]*");
            }
        }
    }
}
