package dev.pyro.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A tiny repository with a failing test, in plain sh so any host can run it. */
public final class SampleRepo {
    public static final String CALC = """
            # calc.sh: arithmetic helpers
            add() {
                echo $(($1 - $2))
            }

            mul() {
                echo $(($1 * $2))
            }
            """;

    public static final String TEST = """
            . ./calc.sh
            result=$(add 2 3)
            if [ "$result" = 5 ]; then echo PASS; else echo "FAIL: add 2 3 gave $result"; exit 1; fi
            """;

    public static final String FIX = """
            --- a/calc.sh
            +++ b/calc.sh
            @@ -1,4 +1,4 @@
             # calc.sh: arithmetic helpers
             add() {
            -    echo $(($1 - $2))
            +    echo $(($1 + $2))
             }
            """;

    private SampleRepo() {
    }

    public static Path create(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("calc.sh"), CALC);
        Files.writeString(dir.resolve("test.sh"), TEST);
        Files.writeString(dir.resolve("docs/README.md"), "# calc\n");
        return dir;
    }
}
