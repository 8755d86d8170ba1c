package dev.pyro.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pyro.PyroException;
import dev.pyro.workspace.patch.FilePatch;
import dev.pyro.workspace.patch.PatchApplier;
import dev.pyro.workspace.patch.PatchParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Unified patches come from models and users. Whatever the text, parsing and planning either
 * succeed or refuse with a {@link PyroException}; a path that gets through is relative and
 * stays inside the workspace.
 */
class PatchFuzzTest {
    /** What the planner sees as the workspace: files under src/ exist, everything else does not. */
    private static final byte[] EXISTING = "one\ntwo\nthree\nfour\nfive\nsix\nseven\n".getBytes(StandardCharsets.UTF_8);

    @FuzzTest(maxDuration = "10s")
    void parsesAndPlansOrRefuses(byte[] input) {
        List<FilePatch> patches;
        try {
            patches = PatchParser.parse(new String(input, StandardCharsets.UTF_8));
        } catch (PyroException refused) {
            return;
        }
        for (FilePatch patch : patches) {
            FuzzChecks.insideRoot(patch.path());
        }
        try {
            PatchApplier.plan(patches, path -> path.startsWith("src/") ? Optional.of(EXISTING) : Optional.empty());
        } catch (PyroException refused) {
            // rejected as a whole: the documented outcome for a patch that does not fit
        }
    }
}
