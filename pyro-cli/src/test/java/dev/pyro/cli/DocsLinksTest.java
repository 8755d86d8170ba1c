package dev.pyro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every relative link in the documentation leads to a file that exists, and to a heading or anchor in it. */
class DocsLinksTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$", Pattern.MULTILINE);
    private static final Pattern ANCHOR = Pattern.compile("<a id=\"([^\"]+)\"");
    private static final Pattern FENCE = Pattern.compile("```.*?```", Pattern.DOTALL);

    @Test
    void relativeLinksResolve() throws IOException {
        List<String> broken = new ArrayList<>();
        List<Path> documents = documents();
        assertThat(documents).extracting(p -> ROOT.relativize(p).toString())
                .contains("README.md", "docs/vision.md", "docs/integrations.md", "docs/first-run.md",
                        "docs/roadmap/task-workspace-ga.md", "docs/roadmap/llm-chat-ergonomics.md", "docs/use-cases/README.md");
        for (Path document : documents) {
            String text = FENCE.matcher(Files.readString(document)).replaceAll("");
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue;
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String fragment = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
                String where = ROOT.relativize(document) + ": " + target;
                if (!Files.exists(resolved)) {
                    broken.add(where + " (no such file)");
                } else if (fragment != null && !anchors(resolved).contains(fragment)) {
                    broken.add(where + " (no such heading)");
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void theRoadmapIsLinkedFromTheReadmeTheVisionAndTheWorkspaceRoadmap() throws IOException {
        for (String from : List.of("README.md", "docs/vision.md", "docs/roadmap/task-workspace-ga.md")) {
            assertThat(Files.readString(ROOT.resolve(from))).as(from).contains("llm-chat-ergonomics.md");
        }
    }

    private static List<Path> documents() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> {
                        String relative = ROOT.relativize(p).toString();
                        return !relative.contains("node_modules") && !relative.contains("/target/") && !relative.startsWith("build/")
                                && !relative.startsWith(".");
                    })
                    .sorted().toList();
        }
    }

    /** GitHub's heading anchors (lower case, punctuation dropped, spaces to hyphens) and explicit ones. */
    private static Set<String> anchors(Path document) throws IOException {
        Set<String> anchors = new HashSet<>();
        if (!document.toString().endsWith(".md")) {
            return anchors;
        }
        String text = Files.readString(document);
        Matcher explicit = ANCHOR.matcher(text);
        while (explicit.find()) {
            anchors.add(explicit.group(1));
        }
        Matcher heading = HEADING.matcher(FENCE.matcher(text).replaceAll(""));
        while (heading.find()) {
            anchors.add(heading.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
        }
        return anchors;
    }
}
