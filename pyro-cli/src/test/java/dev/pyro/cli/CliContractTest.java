package dev.pyro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyro.contract.Contract;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI and the contract name the same commands and flags. */
class CliContractTest {

    private static CommandLine cli() {
        return PyroCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    @Test
    void commandsMatchTheContract() {
        List<String> commands = new ArrayList<>();
        collect(cli(), "", commands);
        assertThat(commands).containsExactlyInAnyOrderElementsOf(Contract.CLI_COMMANDS);
    }

    @Test
    void runFlagsMatchTheContract() {
        List<String> flags = cli().getSubcommands().get("run").getCommandSpec().options().stream()
                .map(option -> option.longestName())
                .filter(name -> !name.equals("--help") && !name.equals("--version"))
                .toList();
        assertThat(flags).containsExactlyInAnyOrderElementsOf(Contract.CLI_RUN_FLAGS);
    }

    @Test
    void runDefaultsComeFromTheContract() {
        CommandLine.Model.CommandSpec run = cli().getSubcommands().get("run").getCommandSpec();
        assertThat(run.findOption("--timeout-seconds").initialValue()).isEqualTo(Contract.DEFAULT_TIMEOUT_SECONDS);
        assertThat(run.findOption("--mem-mib").initialValue()).isEqualTo(Contract.DEFAULT_MEM_MIB);
        assertThat(run.findOption("--vcpu-count").initialValue()).isEqualTo(Contract.DEFAULT_VCPU_COUNT);
    }

    private static void collect(CommandLine command, String prefix, List<String> into) {
        command.getSubcommands().forEach((name, sub) -> {
            String full = prefix.isEmpty() ? name : prefix + " " + name;
            into.add(full);
            collect(sub, full, into);
        });
    }
}
