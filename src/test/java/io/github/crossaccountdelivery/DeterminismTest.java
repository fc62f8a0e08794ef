package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same input gives byte-identical templates, in two JVMs: a map whose order changes from
 * one run to the next would make every {@code cdk deploy} update a resource and every
 * {@code cdk diff} show a change that is not there. (CI checks the same through the CDK CLI.)
 */
class DeterminismTest {

    @Test
    void twoSynthesesInSeparateJvmsWriteByteIdenticalTemplates(@TempDir Path first, @TempDir Path second)
            throws Exception {
        Process one = probe(first);
        Process two = probe(second);
        for (Process process : List.of(one, two)) {
            assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        }
        List<Path> templates = templates(first);
        assertThat(templates).hasSizeGreaterThanOrEqualTo(2);
        for (Path template : templates) {
            assertThat(Files.readAllBytes(second.resolve(template.getFileName())))
                    .as("%s in two syntheses", template.getFileName())
                    .isEqualTo(Files.readAllBytes(template));
        }
    }

    private static Process probe(Path outdir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SynthesisProbe.class.getName(), outdir.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static List<Path> templates(Path outdir) throws IOException {
        try (Stream<Path> files = Files.list(outdir)) {
            return files.filter(f -> f.toString().endsWith(".template.json")).sorted().toList();
        }
    }
}
