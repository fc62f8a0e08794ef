package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.config.DeliveryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * The same input gives byte-identical templates: a value that changes from one synthesis to the
 * next would make every {@code cdk deploy} update a resource and every {@code cdk diff} show a
 * change that is not there. This JVM synthesizes the example again and compares it with the
 * synthesis the background JVM made ({@link BackgroundSyntheses}), so an order that changes from
 * one JVM to the next shows here as well; ArchitectureTest refuses the usual causes (Map.of,
 * Set.of), and CI compares two syntheses through the CDK CLI, each in its own process.
 */
@ReadsWholeApps
class DeterminismTest {

    @Test
    void theExampleSynthesizedAgainGivesTheSameBytes(@TempDir Path outdir) throws IOException {
        Synthesized first = Synthesized.example();
        Map<String, Object> context = Synthesized.exampleContext();
        App app = new App(AppProps.builder().context(context).outdir(outdir.toString()).build());
        DeliveryApp.define(app, DeliveryConfig.fromContext(context), DeliveryApp.readBuildSpec(DeliveryApp.BUILD_SPEC));
        app.synth();
        for (String stack : first.stackNames()) {
            assertThat(Files.readAllBytes(outdir.resolve(stack + ".template.json"))).as(stack)
                    .isEqualTo(first.templateFile(stack));
        }
    }
}
