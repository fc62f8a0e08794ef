package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The README's security section describes the app as it is. */
class ReadmeTest {

    private static String readme;

    @BeforeAll
    static void read() throws IOException {
        readme = Files.readString(Path.of("README.md"));
    }

    @Test
    void listsEveryAcknowledgedFindingWithItsResource() {
        for (var config : new Synthesized[] {Synthesized.example(), Synthesized.hardened()}) {
            for (Map<String, String> ack : ComplianceTest.acknowledgments(config.app)) {
                String row = "| `%s` | `%s`".formatted(ack.get("rule").replace("|", "\\|"), ack.get("path"));
                assertThat(readme.lines().filter(line -> line.startsWith(row)))
                        .as("README row for %s on %s", ack.get("rule"), ack.get("path"))
                        .anySatisfy(line -> assertThat(line).endsWith("| " + ack.get("reason") + " |"));
            }
        }
    }

    @Test
    void showsTheModelsOutputForTheExample() {
        var model = io.github.crossaccountdelivery.model.DeliveryModel.withBundledPrices();
        for (var stack : new String[] {"orders-build", "orders-test"}) {
            String rendered = io.github.crossaccountdelivery.model.DeliveryModel.render(
                    model.model(stack, Synthesized.example().json(stack)));
            assertThat(readme).contains(rendered.strip());
        }
    }

    @Test
    void statesTheNumberOfAcknowledgmentsPerPack() {
        var counts = ComplianceTest.countsByPack(ComplianceTest.acknowledgments(Synthesized.example().app));
        assertThat(readme).contains("%d AwsSolutions, %d NIST\n800-53 R5 and %d CloudFormation-validation".formatted(
                counts.get("AwsSolutions"), counts.get("NIST.800.53.R5"), counts.get("CloudFormation")));
    }
}
