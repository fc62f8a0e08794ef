package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.NIST80053R5Checks;
import io.github.crossaccountdelivery.config.DeliveryConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Validations;
import software.constructs.IConstruct;

/**
 * Compliance packs: cdk-nag's AwsSolutions pack runs inside every synthesis of the app (a new
 * finding fails {@code cdk synth} and every test); the NIST 800-53 Rev 5 pack runs here. Every
 * finding the app accepts is acknowledged on one resource, with a reason, and listed in a
 * reviewed file.
 */
class ComplianceTest {

    static final Path ACKNOWLEDGMENTS = Snapshots.ROOT.resolve("acknowledgments.json");

    @Test
    void everyConfigurationSynthesizesWithNoUnacknowledgedFinding() {
        // The AwsSolutions pack runs inside every synthesis (aWildcardStatementFailsSynthesis shows
        // it is live); a plugin that finds something writes a report and fails the synthesis.
        for (Synthesized synthesized : List.of(Synthesized.example(), Synthesized.switchesOn(),
                Synthesized.threeTargets())) {
            @SuppressWarnings("unchecked")
            var reports = (List<Map<String, Object>>) synthesized.validationReport.get("pluginReports");
            assertThat(reports).allSatisfy(report -> assertThat(report)
                    .containsEntry("conclusion", "success")
                    .containsEntry("violations", List.of()));
        }
    }

    @Test
    void aWildcardStatementFailsSynthesis(@TempDir Path outdir) throws Exception {
        // Shows the pack is live: the same app, plus one over-broad statement, does not synthesize.
        // In a process of its own, so that CDK's report of the failure, printed to the console,
        // does not put ERROR lines into a passing test run.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process probe = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SynthesisProbe.class.getName(), outdir.toString(), "--wildcard").redirectErrorStream(true).start();
        String console = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(probe.exitValue()).as(console).isNotZero();
        assertThat(console).contains("Validation failed").contains("AwsSolutions-IAM5[Action::s3:*]");
        assertThat(Files.readString(outdir.resolve("validation-report.json")))
                .contains("AwsSolutions-IAM5[Action::s3:*]")
                .contains("orders-test/Deployment/Role/DefaultPolicy/Resource");
    }

    @Test
    void nist80053Rev5PackFindsNoUnacknowledgedError(@TempDir Path outdir) throws IOException {
        for (Map<String, Object> context : List.of(Synthesized.exampleContext(), Synthesized.switchesOnContext(),
                Synthesized.threeTargetsContext())) {
            try {
                synthesize(outdir, context, app -> Validations.of(app).addPlugins(new NIST80053R5Checks(app)),
                        stacks -> { });
            } catch (RuntimeException e) {
                throw new AssertionError("NIST 800-53 R5 findings:\n"
                        + Files.readString(outdir.resolve("validation-report.json")), e);
            }
        }
    }

    @Test
    void everyAcknowledgmentIsListedInTheReviewedFile() throws IOException {
        Map<String, List<Map<String, String>>> actual = new LinkedHashMap<>();
        actual.put("example", acknowledgments(Synthesized.example().app));
        actual.put("switches-on", acknowledgments(Synthesized.switchesOn().app));
        actual.put("three-targets", acknowledgments(Synthesized.threeTargets().app));
        Snapshots.matches(ACKNOWLEDGMENTS, actual);
    }

    @Test
    void everyAcknowledgmentIsOnOneResourceWithAReason() {
        List<Map<String, String>> all = acknowledgments(Synthesized.example().app);
        assertThat(all).isNotEmpty().allSatisfy(ack -> {
            // A stack's path has no '/': an acknowledgment there would blanket the whole stack.
            assertThat(ack.get("path")).contains("/");
            assertThat(ack.get("reason")).hasSizeGreaterThan(40);
            assertThat(ack.get("rule")).doesNotEndWith("-IAM5").doesNotContain("*]*");
        });
    }

    /** Every acknowledgment in the construct tree: rule, construct path, reason; in tree order. */
    @SuppressWarnings("unchecked")
    static List<Map<String, String>> acknowledgments(App app) {
        List<Map<String, String>> found = new ArrayList<>();
        for (IConstruct construct : app.getNode().findAll()) {
            for (var entry : construct.getNode().getMetadata()) {
                if (!Validations.ACKNOWLEDGED_RULES_METADATA_KEY.equals(entry.getType())) {
                    continue;
                }
                new TreeMap<>((Map<String, String>) entry.getData()).forEach((rule, reason) -> {
                    Map<String, String> ack = new LinkedHashMap<>();
                    ack.put("rule", rule.replaceFirst("(?i)^annotation::", ""));
                    ack.put("path", construct.getNode().getPath());
                    ack.put("reason", reason);
                    found.add(ack);
                });
            }
        }
        found.sort(Comparator.comparing((Map<String, String> a) -> a.get("path")).thenComparing(a -> a.get("rule")));
        return found;
    }

    /** How many acknowledgments each pack has, for the README and review. */
    static Map<String, Long> countsByPack(List<Map<String, String>> acknowledgments) {
        Map<String, Long> counts = new TreeMap<>();
        acknowledgments.forEach(a -> counts.merge(a.get("rule").replaceFirst("(::|-).*", ""), 1L, Long::sum));
        return counts;
    }

    /** Synthesizes the app with a hook before its stacks are defined and one after. */
    private static void synthesize(Path outdir, Map<String, Object> context, Consumer<App> before,
                                   Consumer<DeliveryApp.Stacks> after) {
        App app = new App(AppProps.builder().context(context).outdir(outdir.toString()).build());
        before.accept(app);
        after.accept(DeliveryApp.define(app, DeliveryConfig.fromContext(context),
                DeliveryApp.readBuildSpec(DeliveryApp.BUILD_SPEC)));
        app.synth();
    }
}
