package dev.pyro.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyro.contract.ToolProfile;
import org.junit.jupiter.api.Test;

class ToolBudgetTest {
    @Test
    void workspaceCoreStaysUnderFourThousandTokens() {
        ToolBudget.ProfileCost core = ToolBudget.measure(ToolProfile.WORKSPACE_CORE);
        assertThat(core.tools()).isEqualTo(ToolProfile.WORKSPACE_CORE.tools().size());
        assertThat(core.estimatedTokens()).isLessThan(4000);
        assertThat(core.estimatedTokens()).isEqualTo((core.bytes() + 3) / 4);
    }

    @Test
    void biggerProfilesCostMore() {
        var costs = ToolBudget.measure();
        assertThat(costs).extracting(ToolBudget.ProfileCost::profile).containsExactly("vm-run", "workspace-core", "workspace-full");
        assertThat(costs.get(0).bytes()).isLessThan(costs.get(1).bytes());
        assertThat(costs.get(1).bytes()).isLessThan(costs.get(2).bytes());
    }
}
