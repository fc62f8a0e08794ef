package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The source tree shows the architecture, and no tool mistakes part of it for build output. */
class LayoutTest {

    /**
     * Folder names that Maven, Gradle and common ignore files treat as build output. A package
     * with one of these names disappears from a clone whose global gitignore lists them.
     */
    private static final Set<String> OUTPUT_FOLDER_NAMES = Set.of("build", "target", "out", "dist", "bin");

    @Test
    void noSourceFolderIsNamedLikeABuildOutputFolder() throws IOException {
        for (Path root : List.of(Path.of("src", "main"), Path.of("src", "test"))) {
            try (Stream<Path> folders = Files.walk(root)) {
                assertThat(folders.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                        .as("folders under %s", root)
                        .doesNotContainAnyElementsOf(OUTPUT_FOLDER_NAMES);
            }
        }
    }

    @Test
    void aClassOverAbout200LinesSaysWhyInItsJavadoc() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() > 210) {
                    String header = String.join("\n", lines.subList(0, lines.indexOf(lines.stream()
                            .filter(l -> l.matches("public .*(class|record|enum|interface) .*")).findFirst()
                            .orElseThrow())));
                    assertThat(header).as("%s has %d lines; its Javadoc should say why", file, lines.size())
                            .contains("200 lines");
                }
            }
        }
    }

    /**
     * Constructs hand their maps to CDK, which writes them into templates in iteration order;
     * Map.of and hash-based collections iterate in an order that changes from one JVM to the
     * next. DeterminismTest catches that only when two runs happen to differ; this catches it
     * every time.
     */
    @Test
    void constructsUseOnlyMapsThatKeepTheirOrder() throws IOException {
        Path base = Path.of("src", "main", "java", "io", "github", "crossaccountdelivery");
        for (String folder : List.of("buildaccount", "targetaccount", "common")) {
            try (Stream<Path> files = Files.walk(base.resolve(folder))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    assertThat(Files.readString(file)).as(file.toString())
                            .doesNotContain("Map.of(", "Set.of(", "Map.copyOf(", "Set.copyOf(", "new HashMap",
                                    "new HashSet", "Map.ofEntries(");
                }
            }
        }
    }

    @Test
    void eachAccountHasItsOwnPackage() {
        Path base = Path.of("src", "main", "java", "io", "github", "crossaccountdelivery");
        assertThat(base.resolve("config")).isDirectory();
        assertThat(base.resolve("buildaccount")).isDirectory();
        assertThat(base.resolve("targetaccount")).isDirectory();
    }
}
