package dev.pyro.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyro.Pyro;
import dev.pyro.PyroException;
import dev.pyro.TestPyro;
import dev.pyro.workspace.WorkspaceShells.Output;
import dev.pyro.workspace.WorkspaceShells.ReadOptions;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shells on real terminals inside a real sandbox: chat-friendly reads, signals, cursors, and their life cycle. */
class WorkspaceShellTest {
    private static final ReadOptions SETTLED = ReadOptions.defaults().withPlain(true).withWaitForIdleMs(300);

    @TempDir
    Path dir;
    Pyro pyro;

    @AfterEach
    void cleanUp() {
        TestPyro.deleteAllWorkspaces(pyro);
    }

    @Test
    void aShellIsARealTerminalAndPlainReadsAreCleanText() {
        pyro = TestPyro.in(dir);
        String id = pyro.createWorkspace(CreateRequest.of("host").withName("shells")).workspaceId();
        WorkspaceShells.Shell shell = pyro.openShell(id, WorkspaceShells.OpenOptions.defaults().withSize(90, 20));
        assertThat(shell.state()).isEqualTo("running");
        assertThat(shell.cwd()).isEqualTo("/workspace");
        String sh = shell.shellId();

        pyro.writeShell(id, sh, "tty; stty size; test -t 0 && echo interactive");
        Output terminal = readUntil(id, sh, 0, text -> text.contains("interactive\n"));
        assertThat(terminal.output()).contains("/dev/pts/").contains("20 90");

        pyro.writeShell(id, sh, "printf '\\033[1;31mred\\033[0m plain\\n'; for i in 1 2 3; do printf '\\rprogress %d%%' $((i*33)); done;"
                + " printf '\\rdone!       \\n'");
        Output coloured = readUntil(id, sh, terminal.nextCursor(), text -> text.contains("done!"));
        assertThat(coloured.output()).contains("red plain\n").contains("done!\n")
                .doesNotContain("\u001b").doesNotContain("\r").doesNotContain("progress 33");
        Output raw = pyro.readShell(id, sh, ReadOptions.defaults().withCursor(terminal.nextCursor()));
        assertThat(raw.output()).contains("\u001b[1;31mred").contains("\rprogress 33%");
        assertThat(raw.nextCursor()).isGreaterThanOrEqualTo(coloured.nextCursor());

        Output page = pyro.readShell(id, sh, ReadOptions.defaults().withMaxChars(5));
        assertThat(page.output()).hasSize(5);
        assertThat(page.truncated()).isTrue();
        assertThat(page.nextCursor()).isEqualTo(5);
        String everything = pyro.readShell(id, sh, ReadOptions.defaults()).output();
        assertThat(pyro.readShell(id, sh, ReadOptions.defaults().withCursor(5).withMaxChars(5)).output())
                .isEqualTo(everything.substring(5, 10));
    }

    @Test
    void interruptStopsTheForegroundCommandNotTheShell() {
        pyro = TestPyro.in(dir);
        String id = pyro.createWorkspace(CreateRequest.of("host")).workspaceId();
        String sh = pyro.openShell(id).shellId();
        pyro.writeShell(id, sh, "sleep 300");
        Output started = readUntil(id, sh, 0, text -> text.contains("sleep 300"));
        assertThat(pyro.execWorkspace(id, "pgrep -x sleep >/dev/null && echo sleeping").stdout()).isEqualTo("sleeping\n");

        pyro.signalShell(id, sh, "INT");
        pyro.writeShell(id, sh, "echo status=$?");
        Output after = readUntil(id, sh, started.nextCursor(), text -> text.contains("status=130"));
        assertThat(after.state()).isEqualTo("running");
        assertThat(pyro.execWorkspace(id, "pgrep -x sleep || echo none").stdout()).isEqualTo("none\n");

        assertThatThrownBy(() -> pyro.signalShell(id, sh, "USR1")).isInstanceOf(PyroException.class)
                .hasMessageContaining("HUP, INT, TERM, KILL");
        pyro.writeShell(id, sh, "exit 3");
        Output exited = readUntil(id, sh, after.nextCursor(), text -> true, "exited");
        assertThat(exited.exitCode()).isEqualTo(3);
        assertThatThrownBy(() -> pyro.writeShell(id, sh, "true")).isInstanceOf(PyroException.class)
                .satisfies(e -> assertThat(((PyroException) e).code()).isEqualTo("shell_exited"));
    }

    @Test
    void shellsShareTheWorkspaceOutliveTheirClientAndEndWithReset() {
        pyro = TestPyro.in(dir);
        String id = pyro.createWorkspace(CreateRequest.of("host")).workspaceId();
        pyro.execWorkspace(id, "mkdir -p sub");
        String first = pyro.openShell(id, WorkspaceShells.OpenOptions.defaults().withCwd("sub")).shellId();
        assertThat(pyro.listShells(id).shells()).singleElement().satisfies(s -> assertThat(s.cwd()).isEqualTo("/workspace/sub"));
        String second = pyro.openShell(id, WorkspaceShells.OpenOptions.defaults().withCwd("sub")).shellId();
        pyro.writeShell(id, second, "echo from-first > note.txt && pwd");
        readUntil(id, second, 0, text -> text.contains("/workspace/sub\n"));
        pyro.closeShell(id, second);

        // Another client (a separate Pyro over the same state, as another process would be) sees the same shells.
        Pyro other = TestPyro.in(dir);
        String third = other.openShell(id).shellId();
        other.writeShell(id, third, "cat sub/note.txt");
        assertThat(readUntil(id, third, 0, text -> text.contains("from-first\n")).output()).contains("from-first");
        assertThat(other.listShells(id).shells()).extracting(WorkspaceShells.Shell::shellId).containsExactlyInAnyOrder(first, third);

        assertThatThrownBy(() -> pyro.readShell(id, second, ReadOptions.defaults())).isInstanceOf(PyroException.class)
                .hasMessageContaining("no shell '" + second + "'").hasMessageContaining(third)
                .satisfies(e -> assertThat(((PyroException) e).code()).isEqualTo("shell_not_found"));
        assertThatThrownBy(() -> pyro.openShell(id, WorkspaceShells.OpenOptions.defaults().withCwd("/nope")))
                .hasMessageContaining("/nope does not exist");
        assertThatThrownBy(() -> ReadOptions.defaults().withWaitForIdleMs(60_000)).hasMessageContaining("wait for idle");

        pyro.resetWorkspace(id, null);
        assertThat(pyro.listShells(id).count()).isZero();
    }

    private Output readUntil(String id, String shell, long cursor, Predicate<String> seen) {
        return readUntil(id, shell, cursor, seen, "running");
    }

    /** Reads (settled, plain) from {@code cursor} until the text so far satisfies {@code seen} in the wanted state. */
    private Output readUntil(String id, String shell, long cursor, Predicate<String> seen, String state) {
        StringBuilder text = new StringBuilder();
        long next = cursor;
        for (int attempt = 0; attempt < 100; attempt++) {
            Output read = pyro.readShell(id, shell, SETTLED.withCursor(next));
            text.append(read.output());
            next = read.nextCursor();
            if (seen.test(text.toString()) && read.state().equals(state)) {
                return new Output(read.workspaceId(), read.shellId(), read.state(), read.exitCode(), cursor, next,
                        read.truncated(), read.skippedChars(), true, text.toString());
            }
        }
        throw new AssertionError("shell " + shell + " never showed what was expected; it showed: " + text);
    }
}
