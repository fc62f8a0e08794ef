package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.crossaccountdelivery.config.DeliveryConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * Compliance packs: cdk-nag's AwsSolutions pack runs inside every synthesis of the app (a new
 * finding fails {@code cdk synth} and every test); the NIST 800-53 Rev 5 pack runs in the tests'
 * syntheses. Every finding the app accepts is acknowledged on one resource, with a reason, and
 * listed in a reviewed file.
 */
@ReadsWholeApps
class ComplianceTest {

    static final Path ACKNOWLEDGMENTS = Snapshots.ROOT.resolve("acknowledgments.json");

    @Test
    @SuppressWarnings("unchecked")
    void everyConfigurationPassesBothPacksWithNoUnacknowledgedFinding() {
        // Synthesized runs the NIST pack beside the AwsSolutions pack the app registers itself; a
        // finding in either fails the synthesis, and the report lists only packs that found something.
        for (Synthesized synthesized : List.of(Synthesized.example(), Synthesized.switchesOn(),
                Synthesized.threeTargets(), Synthesized.progressive())) {
            var reports = (List<Map<String, Object>>) synthesized.validationReport.get("pluginReports");
            assertThat(reports).allSatisfy(report -> assertThat(report)
                    .containsEntry("conclusion", "success")
                    .containsEntry("violations", List.of()));
        }
    }

    @Test
    void theAppsOwnChecksStopASynthesisWithAWildcardStatement(@TempDir Path outdir) {
        // The same app as cdk synth defines it, plus one over-broad statement.
        Map<String, Object> context = Synthesized.exampleContext();
        App app = new App(AppProps.builder().context(context).outdir(outdir.toString()).build());
        var stacks = DeliveryApp.define(app, DeliveryConfig.fromContext(context),
                DeliveryApp.readBuildSpec(DeliveryApp.BUILD_SPEC));
        stacks.targets().get(0).deploymentRole().role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:*")).resources(List.of("*")).build());
        assertThatThrownBy(app::synth).hasMessageContaining("Validation failed");
        assertThat(outdir.resolve("validation-report.json")).content()
                .contains("AwsSolutions-IAM5[Action::s3:*]").contains("orders-test/Deployment/Role/DefaultPolicy/Resource");
    }

    @Test
    void everyAcknowledgmentIsListedInTheReviewedFile() throws IOException {
        Map<String, List<Map<String, String>>> actual = new LinkedHashMap<>();
        actual.put("example", Synthesized.example().acknowledgments);
        actual.put("switches-on", Synthesized.switchesOn().acknowledgments);
        actual.put("three-targets", Synthesized.threeTargets().acknowledgments);
        actual.put("progressive", Synthesized.progressive().acknowledgments);
        Snapshots.matches(ACKNOWLEDGMENTS, actual);
    }

    @Test
    void everyAcknowledgmentIsOnOneResourceWithAReason() {
        List<Map<String, String>> all = Synthesized.example().acknowledgments;
        assertThat(all).isNotEmpty().allSatisfy(ack -> {
            // A stack's path has no '/': an acknowledgment there would blanket the whole stack.
            assertThat(ack.get("path")).contains("/");
            assertThat(ack.get("reason")).hasSizeGreaterThan(40);
            assertThat(ack.get("rule")).doesNotEndWith("-IAM5").doesNotContain("*]*");
        });
    }

    /** How many acknowledgments each pack has, for the README and review. */
    static Map<String, Long> countsByPack(List<Map<String, String>> acknowledgments) {
        Map<String, Long> counts = new TreeMap<>();
        acknowledgments.forEach(a -> counts.merge(a.get("rule").replaceFirst("(::|-).*", ""), 1L, Long::sum));
        return counts;
    }
}
