package dev.pyro.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyro.Pyro;
import dev.pyro.PyroException;
import dev.pyro.TestPyro;
import dev.pyro.env.EnvironmentCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workspace contract through the SDK, in real sandboxes. */
class WorkspaceFlowTest {
    @TempDir
    Path dir;
    Pyro pyro;

    @org.junit.jupiter.api.AfterEach
    void cleanUp() {
        TestPyro.deleteAllWorkspaces(pyro);
    }

    @Test
    void reproFixLoopFromSeedToDelete() throws Exception {
        pyro = TestPyro.in(dir);
        Path repo = SampleRepo.create(dir.resolve("repo"));
        WorkspaceInfo created = pyro.createWorkspace(CreateRequest.of("host").withSeedPath(repo).withName("calc-fix"));
        String id = created.workspaceId();
        assertThat(created.state()).isEqualTo("started");
        assertThat(created.workspaceSeed().mode()).isEqualTo("directory");
        assertThat(created.workspaceSeed().entries()).isEqualTo(5);
        assertThat(pyro.diffWorkspace(id).changed()).isFalse();

        WorkspaceCommands.ExecOutcome failing = pyro.execWorkspace(id, "sh test.sh");
        assertThat(failing.exitCode()).isEqualTo(1);
        assertThat(failing.stdout()).isEqualTo("FAIL: add 2 3 gave -1\n");
        assertThat(failing.sequence()).isEqualTo(1);

        WorkspaceFiles.Content calc = pyro.readWorkspaceFile("calc-fix", "calc.sh");
        assertThat(calc.content()).isEqualTo(SampleRepo.CALC);
        assertThat(calc.binary()).isFalse();

        WorkspaceChanges.Patched patched = pyro.applyWorkspacePatch(id, SampleRepo.FIX);
        assertThat(patched.files()).extracting(WorkspaceChanges.PatchedFile::path).containsExactly("/workspace/calc.sh");

        WorkspaceCommands.ExecOutcome passing = pyro.execWorkspace(id, "sh test.sh");
        assertThat(passing.exitCode()).isZero();
        assertThat(passing.stdout()).isEqualTo("PASS\n");

        WorkspaceChanges.Diff diff = pyro.diffWorkspace(id);
        assertThat(diff.changed()).isTrue();
        assertThat(diff.entries()).containsExactly(new WorkspaceChanges.Change("calc.sh", "modified", "file", false));
        assertThat(diff.patch()).contains("--- a/calc.sh", "+++ b/calc.sh", "-    echo $(($1 - $2))", "+    echo $(($1 + $2))");

        Path exported = dir.resolve("out/calc.sh");
        Files.createDirectories(exported.getParent());
        pyro.exportWorkspace(id, "calc.sh", exported);
        assertThat(Files.readString(exported)).contains("$(($1 + $2))");

        WorkspaceLifecycle.ResetResult reset = pyro.resetWorkspace(id, null);
        assertThat(reset.resetCount()).isEqualTo(1);
        assertThat(pyro.diffWorkspace(id).changed()).isFalse();
        assertThat(pyro.execWorkspace(id, "sh test.sh").exitCode()).isEqualTo(1);
        assertThat(pyro.statusWorkspace(id).name()).isEqualTo("calc-fix");

        pyro.deleteWorkspace(id);
        assertThat(pyro.listWorkspaces()).isEmpty();
        assertThat(dir.resolve("home/workspaces/" + id)).doesNotExist();
    }

    @Test
    void snapshotsRestoreAndBaselineRestoresTheSeed() throws Exception {
        pyro = TestPyro.in(dir);
        String id = pyro.createWorkspace(CreateRequest.of("host").withSeedPath(SampleRepo.create(dir.resolve("repo"))))
                .workspaceId();
        pyro.execWorkspace(id, "echo v1 > state.txt");
        pyro.createSnapshot(id, "v1");
        pyro.execWorkspace(id, "echo v2 > state.txt; rm calc.sh; mkdir -p new/dir");
        assertThat(pyro.listSnapshots(id).snapshots()).extracting(WorkspaceSnapshots.Snapshot::name).containsExactly("baseline", "v1");

        pyro.resetWorkspace(id, "v1");
        assertThat(pyro.execWorkspace(id, "cat state.txt; ls").stdout()).isEqualTo("v1\ncalc.sh\ndocs\nstate.txt\ntest.sh\n");
        assertThat(pyro.logsWorkspace(id).entries()).extracting(JournalEntry::command).containsExactly("cat state.txt; ls");

        pyro.execWorkspace(id, "cp -p calc.sh /tmp/orig && sed -i 's/a/A/g' calc.sh && touch -r /tmp/orig calc.sh");
        pyro.resetWorkspace(id, "baseline");
        assertThat(pyro.execWorkspace(id, "ls").stdout()).isEqualTo("calc.sh\ndocs\ntest.sh\n");
        assertThat(pyro.readWorkspaceFile(id, "calc.sh").content()).as("same size and time, other bytes").isEqualTo(SampleRepo.CALC);
        assertThat(pyro.statusWorkspace(id).resetCount()).isEqualTo(2);

        assertThatThrownBy(() -> pyro.resetWorkspace(id, "nope")).hasMessageContaining("has no snapshot 'nope'");
        assertThatThrownBy(() -> pyro.createSnapshot(id, "v1")).hasMessageContaining("already has a snapshot 'v1'");
        pyro.deleteSnapshot(id, "v1");
        assertThat(pyro.listSnapshots(id).snapshots()).extracting(WorkspaceSnapshots.Snapshot::name).containsExactly("baseline");
        pyro.deleteWorkspace(id);
    }

    @Test
    void resetStopsProcessesThatEscapedTheirCommandBeforeRestoring() throws Exception {
        pyro = TestPyro.in(dir);
        String id = pyro.createWorkspace(CreateRequest.of("host").withSeedPath(SampleRepo.create(dir.resolve("repo")))).workspaceId();
        pyro.execWorkspace(id, "env -i /usr/bin/setsid /bin/sh -c 'while :; do echo tampered > /workspace/.t && mv /workspace/.t /workspace/calc.sh; sleep 0.01; done'"
                + " >/dev/null 2>&1 &");
        Thread.sleep(200);
        assertThat(pyro.readWorkspaceFile(id, "calc.sh").content()).as("the escaped writer is running").isEqualTo("tampered\n");
        pyro.resetWorkspace(id, null);
        Thread.sleep(200);
        assertThat(pyro.readWorkspaceFile(id, "calc.sh").content()).isEqualTo(SampleRepo.CALC);
        assertThat(pyro.execWorkspace(id, "cat /proc/[0-9]*/cmdline | tr '\\0' ' '").stdout()).doesNotContain("tampered");
    }

    @Test
    void namedWorkspacesAreRediscoveredUpdatedAndDeletedOneByOne() {
        pyro = TestPyro.in(dir);
        WorkspaceInfo one = pyro.createWorkspace(CreateRequest.of("host").withName("issue-101").withLabels(List.of("issue=101")));
        WorkspaceInfo two = pyro.createWorkspace(CreateRequest.of("host").withName("issue-102").withLabels(List.of("issue=102", "pr=7")));
        pyro.execWorkspace("issue-101", "echo working");
        assertThat(pyro.listWorkspaces()).extracting(WorkspaceInfo::name).containsExactly("issue-101", "issue-102");

        WorkspaceInfo renamed = pyro.updateWorkspace("issue-102", "pr-7-review", Map.of("reviewer", "bot"), List.of("issue"));
        assertThat(renamed.name()).isEqualTo("pr-7-review");
        assertThat(renamed.labels()).containsExactly(Map.entry("pr", "7"), Map.entry("reviewer", "bot"));
        assertThat(pyro.statusWorkspace(two.workspaceId().substring(0, 6)).name()).isEqualTo("pr-7-review");

        assertThatThrownBy(() -> pyro.createWorkspace(CreateRequest.of("host").withName("issue-101")))
                .hasMessageContaining("already used by workspace " + one.workspaceId());
        assertThatThrownBy(() -> pyro.statusWorkspace("issue-1O1"))
                .isInstanceOf(PyroException.class)
                .hasMessageContaining("no workspace 'issue-1O1'; closest: " + one.workspaceId() + " (issue-101)");
        assertThatThrownBy(() -> pyro.updateWorkspace("issue-101", null, Map.of(), List.of("missing")))
                .hasMessageContaining("has no label 'missing'");

        pyro.deleteWorkspace("issue-101");
        assertThat(pyro.listWorkspaces()).extracting(WorkspaceInfo::name).containsExactly("pr-7-review");
        pyro.deleteWorkspace(two.workspaceId());
        assertThat(pyro.listWorkspaces()).isEmpty();
    }

    @Test
    void aHugeChangeSetListsEveryEntryButCapsThePatchText() {
        pyro = TestPyro.in(dir);
        String id = pyro.createWorkspace(CreateRequest.of("host")).workspaceId();
        pyro.execWorkspace(id, "mkdir many && for i in $(seq 600); do echo $i > many/f$i.txt; done");
        WorkspaceChanges.Diff diff = pyro.diffWorkspace(id);
        assertThat(diff.entries()).hasSize(601);
        assertThat(diff.summary().added()).isEqualTo(601);
        assertThat(diff.patchTruncated()).isTrue();
        assertThat(diff.patch().split("diff --git ", -1)).hasSize(dev.pyro.contract.Contract.MAX_DIFF_PATCH_FILES + 1);
    }

    @Test
    void theJournalKeepsFullOutputReadableByPage() {
        pyro = TestPyro.in(dir);
        String id = pyro.createWorkspace(CreateRequest.of("host")).workspaceId();
        WorkspaceCommands.ExecOutcome big = pyro.execWorkspace(id, "seq 1 100000; echo err >&2",
                WorkspaceCommands.ExecOptions.defaults().withMaxOutputBytes(300));
        assertThat(big.stdoutTruncated()).isTrue();
        assertThat(big.stdout()).startsWith("1\n2\n").endsWith("99999\n100000\n").contains("bytes omitted");

        WorkspaceCommands.Logs logs = pyro.logsWorkspace(id);
        assertThat(logs.entries()).singleElement().satisfies(e -> {
            assertThat(e.stdoutBytes()).isEqualTo(588895);
            assertThat(e.exitCode()).isZero();
        });
        WorkspaceCommands.CommandOutput page = pyro.workspaces().commands().output(id, 1, 588890, 100);
        assertThat(page.stdout()).isEqualTo("0000\n");
        assertThat(page.stdoutMore()).isFalse();
        assertThat(pyro.workspaces().commands().output(id, 1, 0, 4).stdout()).isEqualTo("1\n2\n");
        assertThatThrownBy(() -> pyro.workspaces().commands().output(id, 9, 0, 10)).hasMessageContaining("no command 9");
        pyro.deleteWorkspace(id);
    }

    @Test
    void editsExactTextAndExplainsMisses() {
        pyro = TestPyro.in(dir);
        String id = pyro.createWorkspace(CreateRequest.of("host")).workspaceId();
        pyro.writeWorkspaceFile(id, "src/app.py", "x = 1\nprint(x)\nx = 1\n");
        assertThatThrownBy(() -> pyro.editWorkspaceFile(id, "src/app.py", "x = 1", "x = 2", false))
                .hasMessageContaining("occurs 2 times").hasMessageContaining("lines 1, 3");
        assertThatThrownBy(() -> pyro.editWorkspaceFile(id, "src/app.py", "  print(x)", "print(y)", false))
                .hasMessageContaining("not found").hasMessageContaining("different whitespace is at line 2");
        assertThat(pyro.editWorkspaceFile(id, "src/app.py", "x = 1", "x = 2", true).replacements()).isEqualTo(2);
        assertThat(pyro.editWorkspaceFile(id, "src/app.py", "print(x)", "print(x + 1)", false).replacements()).isEqualTo(1);
        assertThat(pyro.readWorkspaceFile(id, "src/app.py").content()).isEqualTo("x = 2\nprint(x + 1)\nx = 2\n");
        assertThat(pyro.listWorkspaceFiles(id, "src", false).entries())
                .extracting(WorkspaceFiles.Entry::path).containsExactly("/workspace/src/app.py");
        pyro.deleteWorkspace(id);
    }

    @Test
    void idleWorkspacesExpireOnTheNextCall() {
        pyro = TestPyro.in(dir);
        MovableClock clock = new MovableClock();
        Workspaces workspaces = new Workspaces(pyro.paths(), pyro.sandboxRuntime(), new EnvironmentCatalog(), clock);
        WorkspaceInfo info = workspaces.lifecycle().create(CreateRequest.of("host").withTtlSeconds(60));
        assertThat(Instant.parse(info.expiresAt())).isEqualTo(Instant.parse(info.lastActivityAt()).plusSeconds(60));
        clock.advance(Duration.ofSeconds(30));
        assertThat(workspaces.lifecycle().list()).hasSize(1);
        clock.advance(Duration.ofSeconds(31));
        assertThat(workspaces.lifecycle().list()).isEmpty();
        assertThat(dir.resolve("home/workspaces/" + info.workspaceId())).doesNotExist();
    }

    /** A clock the test moves forward; everything else in the workspace uses it. */
    static final class MovableClock extends Clock {
        private Instant now = Instant.now();

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
