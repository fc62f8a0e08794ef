package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.cdklabs.cdknag.NIST80053R5Checks;
import io.github.crossaccountdelivery.config.DeliveryConfig;
import java.io.IOException;
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
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.IConstruct;

/**
 * Compliance packs: cdk-nag's AwsSolutions pack runs inside every synthesis of the app (a new
 * finding fails {@code cdk synth} and every test); the NIST 800-53 Rev 5 pack runs here. Every
 * finding the app accepts is acknowledged on one resource, with a reason, and listed in a
 * reviewed file.
 */
class ComplianceTest {

    static final Path ACKNOWLEDGMENTS = Path.of("src", "test", "resources", "acknowledgments.json");
    private static final boolean UPDATE = Boolean.getBoolean("snapshots.update");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void exampleSynthesizesWithNoUnacknowledgedAwsSolutionsFinding() {
        // Synthesized.example() throws if the pack, registered by DeliveryApp.define, finds anything.
        assertThat(Synthesized.example().stackNames()).hasSize(2);
        assertThat(Synthesized.hardened().stackNames()).hasSize(2);
        assertThat(Synthesized.threeTargets().stackNames()).hasSize(4);
    }

    @Test
    void aWildcardStatementFailsSynthesis(@TempDir Path outdir) throws IOException {
        // Shows the pack is live: the same app, plus one over-broad statement, does not synthesize.
        assertThatThrownBy(() -> synthesize(outdir, Synthesized.exampleContext(), app -> { },
                stacks -> stacks.targets().get(0).deploymentRole().role()
                .addToPrincipalPolicy(PolicyStatement.Builder.create()
                        .actions(List.of("s3:*")).resources(List.of("*")).build())))
                .hasMessageContaining("Validation failed");
        assertThat(Files.readString(outdir.resolve("validation-report.json")))
                .contains("AwsSolutions-IAM5[Action::s3:*]")
                .contains("orders-test/Deployment/Role/DefaultPolicy/Resource");
    }

    @Test
    void nist80053Rev5PackFindsNoUnacknowledgedError(@TempDir Path outdir) throws IOException {
        for (Map<String, Object> context : List.of(Synthesized.exampleContext(), Synthesized.hardenedContext(),
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
        actual.put("example configuration (cdk.json)", acknowledgments(Synthesized.example().app));
        actual.put("with certificateArn, loadBalancerDeletionProtection, X86_64 and fargateSpot",
                acknowledgments(Synthesized.hardened().app));
        actual.put("three targets (examples/three-targets.json)", acknowledgments(Synthesized.threeTargets().app));
        if (UPDATE) {
            Files.writeString(ACKNOWLEDGMENTS, JSON.writeValueAsString(actual) + "\n");
            return;
        }
        Map<String, List<Map<String, String>>> reviewed =
                JSON.readValue(ACKNOWLEDGMENTS.toFile(), new TypeReference<>() { });
        assertThat(actual)
                .as("acknowledgments differ from %s (if intended: mvn test -Dsnapshots.update=true, then review)",
                        ACKNOWLEDGMENTS)
                .isEqualTo(reviewed);
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
