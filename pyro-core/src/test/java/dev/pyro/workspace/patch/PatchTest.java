package dev.pyro.workspace.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyro.PyroException;
import dev.pyro.workspace.diff.UnifiedDiffWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatchTest {
    @TempDir
    Path dir;

    private final Map<String, String> files = new HashMap<>();

    private Map<String, String> apply(String patch) {
        List<PatchApplier.Planned> planned = PatchApplier.plan(PatchParser.parse(patch),
                path -> Optional.ofNullable(files.get(path)).map(s -> s.getBytes(StandardCharsets.UTF_8)));
        Map<String, String> result = new HashMap<>(files);
        for (PatchApplier.Planned change : planned) {
            if (change.content() == null) {
                result.remove(change.path());
            } else {
                result.put(change.path(), new String(change.content(), StandardCharsets.UTF_8));
            }
        }
        return result;
    }

    @Test
    void appliesAGitStyleMultiFilePatch() {
        files.put("src/calc.py", "def add(a, b):\n    return a - b\n\n\ndef mul(a, b):\n    return a * b\n");
        files.put("old.txt", "bye\n");
        String patch = """
                diff --git a/src/calc.py b/src/calc.py
                index 1111111..2222222 100644
                --- a/src/calc.py
                +++ b/src/calc.py
                @@ -1,2 +1,2 @@
                 def add(a, b):
                -    return a - b
                +    return a + b
                diff --git a/new/notes.md b/new/notes.md
                new file mode 100755
                --- /dev/null
                +++ b/new/notes.md
                @@ -0,0 +1,2 @@
                +# Notes
                +fixed add
                diff --git a/old.txt b/old.txt
                deleted file mode 100644
                --- a/old.txt
                +++ /dev/null
                @@ -1 +0,0 @@
                -bye
                """;
        Map<String, String> result = apply(patch);
        assertThat(result.get("src/calc.py")).startsWith("def add(a, b):\n    return a + b\n");
        assertThat(result.get("new/notes.md")).isEqualTo("# Notes\nfixed add\n");
        assertThat(result).doesNotContainKey("old.txt");
        assertThat(PatchParser.parse(patch).get(1).newMode()).isEqualTo(0755);
    }

    @Test
    void appliesPlainDiffsWithTimestampsAndOffsets() {
        files.put("notes.txt", "intro\nline 1\nline 2\nline 3\n");
        String patch = """
                --- notes.txt\t2026-01-01 00:00:00.000000000 +0000
                +++ notes.txt\t2026-01-02 00:00:00.000000000 +0000
                @@ -1,3 +1,3 @@
                 line 1
                -line 2
                +line two
                 line 3
                """;
        assertThat(apply(patch).get("notes.txt")).isEqualTo("intro\nline 1\nline two\nline 3\n");
        assertThat(PatchApplier.plan(PatchParser.parse(patch),
                p -> Optional.of(files.get(p).getBytes(StandardCharsets.UTF_8))).get(0).offsets()).containsExactly(1);
    }

    @Test
    void rejectsMismatchedContextAndChangesNothing() {
        files.put("a.txt", "one\ntwo\nthree\n");
        files.put("b.txt", "alpha\n");
        String patch = """
                --- a/b.txt
                +++ b/b.txt
                @@ -1 +1 @@
                -alpha
                +beta
                --- a/a.txt
                +++ b/a.txt
                @@ -1,3 +1,3 @@
                 one
                -TWO
                +2
                 three
                """;
        assertThatThrownBy(() -> apply(patch))
                .isInstanceOf(PyroException.class)
                .hasMessageContaining("nothing was changed")
                .hasMessageContaining("a.txt: hunk 1 (@@ -1,3 +1,3 @@) does not match")
                .hasMessageContaining("| TWO")
                .hasMessageContaining("| two")
                .satisfies(e -> assertThat(((PyroException) e).code()).isEqualTo("patch_rejected"));
    }

    @Test
    void refusesPathsOutsideTheWorkspaceAndUnsupportedForms() {
        assertThatThrownBy(() -> PatchParser.parse("--- a/../etc/passwd\n+++ b/../etc/passwd\n@@ -1 +1 @@\n-x\n+y\n"))
                .hasMessageContaining("climbs out");
        assertThatThrownBy(() -> PatchParser.parse("--- /etc/passwd\n+++ /etc/passwd\n@@ -1 +1 @@\n-x\n+y\n"))
                .hasMessageContaining("absolute path outside /workspace");
        assertThat(PatchParser.parse("--- /workspace/x\n+++ /workspace/x\n@@ -1 +1 @@\n-x\n+y\n").get(0).path()).isEqualTo("x");
        assertThatThrownBy(() -> PatchParser.parse("diff --git a/x b/y\nsimilarity index 100%\nrename from x\nrename to y\n"))
                .hasMessageContaining("renames");
        assertThatThrownBy(() -> PatchParser.parse("diff --git a/x b/x\nBinary files a/x and b/x differ\n"))
                .hasMessageContaining("binary patches");
        assertThatThrownBy(() -> PatchParser.parse("--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n one\n"))
                .hasMessageContaining("ends early");
        assertThatThrownBy(() -> PatchParser.parse("just some words\n")).hasMessageContaining("no file changes");
        // Found by fuzz/PatchFuzzTest: each was an unchecked exception (an "internal error") before.
        assertThatThrownBy(() -> PatchParser.parse("--- a/x\0y\n+++ b/x\0y\n@@ -1 +1 @@\n-x\n+y\n"))
                .isInstanceOf(PyroException.class).hasMessageContaining("NUL byte");
        assertThatThrownBy(() -> PatchParser.parse("--- a/x\n+++ b/x\n@@ -1,99999999999 +1 @@\n-x\n+y\n"))
                .isInstanceOf(PyroException.class).hasMessageContaining("too large");
        assertThatThrownBy(() -> PatchParser.parse("--- \"a/x\\2+ \"\n+++ b/x\n@@ -1 +1 @@\n-x\n+y\n"))
                .isInstanceOf(PyroException.class).hasMessageContaining("bad octal escape");
        assertThatThrownBy(() -> PatchParser.parse("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n"
                + "\\ No newline at end of file\n+y\n")).isInstanceOf(PyroException.class).hasMessageContaining("two");
        files.put("exists.txt", "x\n");
        assertThatThrownBy(() -> apply("--- /dev/null\n+++ b/exists.txt\n@@ -0,0 +1 @@\n+y\n")).hasMessageContaining("already exists");
    }

    @Test
    void handlesMissingFinalNewlinesBothWays() {
        files.put("f.txt", "a\nb");
        String diff = UnifiedDiffWriter.file("f.txt", "a\nb", "a\nb\nc\n", 0644, 0644);
        assertThat(diff).contains("\\ No newline at end of file");
        assertThat(apply(diff).get("f.txt")).isEqualTo("a\nb\nc\n");
        files.put("f.txt", "a\nb\n");
        assertThat(apply(UnifiedDiffWriter.file("f.txt", "a\nb\n", "a\nb", 0644, 0644)).get("f.txt")).isEqualTo("a\nb");
    }

    @Test
    void ourDiffsRoundTripThroughOurApplierAndGnuPatch() throws Exception {
        StringBuilder oldText = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            oldText.append("line ").append(i).append('\n');
        }
        String newText = oldText.toString().replace("line 5\n", "line five\n").replace("line 30\n", "")
                .replace("line 58\n", "line 58\ninserted\n") + "tail";
        files.put("big.txt", oldText.toString());
        String diff = UnifiedDiffWriter.file("big.txt", oldText.toString(), newText, 0644, 0644);
        assertThat(diff.split("\n@@ ", -1)).hasSizeGreaterThan(2);
        assertThat(apply(diff).get("big.txt")).isEqualTo(newText);

        Files.writeString(dir.resolve("big.txt"), oldText.toString());
        Files.writeString(dir.resolve("change.patch"), diff);
        Process patch = new ProcessBuilder("patch", "-p1", "-i", "change.patch").directory(dir.toFile())
                .redirectErrorStream(true).start();
        String output = new String(patch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(patch.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(patch.exitValue()).as(output).isZero();
        assertThat(Files.readString(dir.resolve("big.txt"))).isEqualTo(newText);
    }
}
