package dev.pyro.cli;

import dev.pyro.contract.Contract;
import dev.pyro.doctor.DoctorReport;
import java.io.PrintWriter;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

@Command(
        name = "doctor",
        description = {
                "Check that this host can run pyro, and say how to fix what is missing.",
                "It builds a real sandbox, places a process under the resource limits, and starts a",
                "persistent sandbox with its agent."},
        footer = {"", "Exit status: 0 when everything works, 1 when there are problems."})
final class DoctorCommand extends PyroSubcommand {

    @picocli.CommandLine.Option(names = "--environment", paramLabel = "ENV",
            description = "Also check that this environment is installed and a sandbox runs on it.")
    String environment;

    @Override
    public Integer call() {
        DoctorReport report = pyro().doctor(environment);
        print(report, r -> printHuman(out(), r));
        return report.ok() ? 0 : Contract.EXIT_ERROR;
    }

    private static void printHuman(PrintWriter out, DoctorReport r) {
        out.println("pyro: " + r.pyroVersion() + " (Java " + r.java() + ")");
        out.println("Platform: " + r.platform() + ", kernel " + r.kernel());
        out.println("Runtime: " + (r.runtime().available() ? "PASS" : "FAIL") + " (" + r.runtime().name()
                + ", isolation=" + r.runtime().isolation() + ", execution_mode=" + r.runtime().executionMode() + ")");
        out.println("Bubblewrap: " + (r.bubblewrap() == null ? "not installed"
                : r.bubblewrap().version() + " (" + r.bubblewrap().path() + ")"));
        out.println("User namespaces: " + r.userNamespaces());
        if (r.limits() != null) {
            out.println("Cgroups: " + r.limits().cgroupLayout());
            out.println("Limits: " + r.limits().mode() + " - " + r.limits().description());
        } else {
            out.println("Limits: unavailable");
        }
        out.println("Network egress: " + (r.network().available() ? "PASS" : "FAIL") + " ("
                + (r.network().path() == null ? r.network().helper() + " not installed" : r.network().version() + ", "
                + r.network().path()) + ")");
        out.println("KVM: exists=" + yesNo(r.kvm().exists()) + " readable=" + yesNo(r.kvm().readable())
                + " writable=" + yesNo(r.kvm().writable()) + " (not required by the bwrap runtime)");
        out.println("State: " + r.pyroHome());
        out.println("Environment cache: " + r.environmentCache());
        if (r.environment() != null) {
            out.println("Environment " + r.environment().name() + ": " + (!r.environment().installed() ? "not installed"
                    : (r.environment().healthy() ? "PASS" : "FAIL") + " (Debian " + r.environment().version() + ", "
                    + r.environment().contentDigest() + ")"));
        }
        out.println("Capabilities: " + r.capabilities().entrySet().stream()
                .map(e -> e.getKey() + "=" + yesNo(e.getValue()))
                .collect(Collectors.joining(" ")));
        if (r.problems().isEmpty()) {
            out.println("Problems: none");
        } else {
            out.println("Problems:");
            for (DoctorReport.Problem problem : r.problems()) {
                out.println("- " + problem.problem());
                if (problem.fix() != null) {
                    out.println("  fix: " + problem.fix());
                }
            }
        }
        out.flush();
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

}
