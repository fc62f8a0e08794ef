package io.github.crossaccountdelivery;

import static io.github.crossaccountdelivery.Policies.list;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.config.DeliveryConfig;
import io.github.crossaccountdelivery.config.ResourceNames.TargetNames;
import io.github.crossaccountdelivery.targetaccount.CurrentImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * A {@code cdk deploy} after the pipeline has deployed must keep the pipeline's image and still
 * roll out CDK's own changes: the service runs the task definition this stack registers, whose
 * image is read from the running service by a custom resource, re-read exactly when the task
 * definition or the service is about to change.
 */
class DayTwoDeployTest {

    private static Template target;
    private static TargetNames names;
    private static String readerId;

    @BeforeAll
    static void synthesize() {
        Synthesized app = Synthesized.example();
        target = app.test();
        names = app.config.names().target(app.config.firstTarget());
        readerId = only(target.findResources("Custom::CurrentImage").keySet());
    }

    @Test
    void serviceRunsTheTaskDefinitionRevisionThisStackRegistersNotTheFamily() {
        String taskDefinition = only(target.findResources("AWS::ECS::TaskDefinition").keySet());
        target.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "TaskDefinition", Map.of("Ref", taskDefinition))));
    }

    @Test
    void theContainerRunsTheImageTheReaderFoundRunning() {
        Capture containers = new Capture();
        target.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "ContainerDefinitions", containers)));
        assertThat(containers.asArray()).singleElement().satisfies(container -> assertThat(((Map<?, ?>) container)
                .get("Image")).isEqualTo(Map.of("Fn::GetAtt", List.of(readerId, "Image"))));
    }

    @Test
    void theReaderIsToldTheServiceTheContainerAndThePlaceholderForAFirstDeploy() {
        var config = Synthesized.example().config;
        target.hasResourceProperties("Custom::CurrentImage", Match.objectLike(Map.of(
                "Cluster", names.cluster(),
                "Service", names.service(),
                "Container", config.containerName(),
                "Placeholder", CurrentImage.PLACEHOLDER_IMAGE,
                "Fingerprint", Match.stringLikeRegexp("[0-9a-f]{64}"))));
    }

    @Test
    void theReaderIsTheHandlerInlineOnACurrentNodeRuntime() throws IOException {
        String handler;
        try (InputStream in = CurrentImage.class.getResourceAsStream("/handlers/current-image.js")) {
            handler = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        target.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Runtime", "nodejs24.x",
                "Handler", "index.handler",
                // Inline: no asset to publish to the target account.
                "Code", Map.of("ZipFile", handler))));
        assertThat(handler.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
        Capture timeout = new Capture();
        target.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Code", Map.of("ZipFile", handler), "Timeout", timeout)));
        // The handler answers CloudFormation 5 s before Lambda would stop it.
        assertThat(timeout.asNumber().intValue()).isGreaterThanOrEqualTo(30);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theReaderMayDescribeThisServiceAndTaskDefinitionsAndWriteItsOwnLogsOnly() {
        var function = (Map<String, Object>) target.findResources("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("Runtime", "nodejs24.x", "Handler", "index.handler")))))
                .values().iterator().next();
        String role = (String) ((List<Object>) ((Map<String, Object>) ((Map<String, Object>) function.get("Properties"))
                .get("Role")).get("Fn::GetAtt")).get(0);
        String logGroup = (String) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) function
                .get("Properties")).get("LoggingConfig")).get("LogGroup")).get("Ref");
        var policies = target.findResources("AWS::IAM::ManagedPolicy", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("Roles", List.of(Map.of("Ref", role)))))));
        assertThat(policies).hasSize(1);
        var statements = Policies.statements(((Map<String, Object>) policies.values().iterator().next()
                .get("Properties")).get("PolicyDocument"));
        assertThat(statements).extracting(s -> List.of(list(s.get("Action")), s.get("Resource")))
                .containsExactlyInAnyOrder(
                        List.of(List.of("ecs:DescribeServices"), names.serviceArn()),
                        List.of(List.of("ecs:DescribeTaskDefinition"), "*"),
                        List.of(List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                Map.of("Fn::GetAtt", List.of(logGroup, "Arn"))));
        target.hasResourceProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of(
                "RetentionInDays", Match.anyValue())));
    }

    static Stream<Arguments> changesThatRereadTheImage() {
        return Stream.of(
                Arguments.of("task memory", (Consumer<Map<String, Object>>) c -> c.put("taskMemoryMiB", 1024),
                        NO_HOOK),
                Arguments.of("an environment variable", NO_CHANGE,
                        (Consumer<DeliveryApp.Stacks>) s -> s.targets().get(0).web().task().taskDefinition()
                                .getDefaultContainer().addEnvironment("FEATURE_FLAG", "on")),
                Arguments.of("the desired count", (Consumer<Map<String, Object>>) c -> c.put("desiredCount", 2),
                        NO_HOOK),
                Arguments.of("the health-check grace period",
                        (Consumer<Map<String, Object>>) c -> c.put("healthCheckGracePeriodSeconds", 60), NO_HOOK));
    }

    private static final Consumer<Map<String, Object>> NO_CHANGE = c -> { };
    private static final Consumer<DeliveryApp.Stacks> NO_HOOK = s -> { };

    @ParameterizedTest(name = "{0}")
    @MethodSource("changesThatRereadTheImage")
    void theFingerprintChangesWhen(String what, Consumer<Map<String, Object>> change,
                                   Consumer<DeliveryApp.Stacks> hook) {
        assertThat(fingerprint(change, hook)).isNotEqualTo(unchanged());
    }

    @Test
    void theFingerprintIsTheSameForTheSameInputAndIgnoresWhatNeitherResourceHolds() {
        String first = unchanged();
        assertThat(fingerprint(NO_CHANGE, NO_HOOK)).isEqualTo(first);
        // The health-check interval belongs to the target group: no reason to re-read the image.
        assertThat(fingerprint(c -> c.put("healthCheckIntervalSeconds", 10), NO_HOOK)).isEqualTo(first);
        // And the value in the synthesized template is the one computed here.
        target.hasResourceProperties("Custom::CurrentImage", Match.objectLike(Map.of("Fingerprint", first)));
    }

    private static String unchanged;

    /** The example's own fingerprint, defined once for every comparison (a definition costs seconds). */
    private static synchronized String unchanged() {
        if (unchanged == null) {
            unchanged = fingerprint(NO_CHANGE, NO_HOOK);
        }
        return unchanged;
    }

    /** The fingerprint of the first target's reader, for the example context changed as given. */
    private static String fingerprint(Consumer<Map<String, Object>> change, Consumer<DeliveryApp.Stacks> hook) {
        try {
            Map<String, Object> context = Synthesized.exampleContext();
            change.accept(context);
            App app = new App(AppProps.builder().context(context)
                    .outdir(Files.createTempDirectory("fingerprint").toString()).build());
            var stacks = DeliveryApp.define(app, DeliveryConfig.fromContext(context),
                    DeliveryApp.readBuildSpec(DeliveryApp.BUILD_SPEC));
            hook.accept(stacks);
            // Defining is enough: the fingerprint resolves the resources' properties, no synthesis needed.
            return stacks.targets().get(0).web().currentImage().fingerprint();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String only(java.util.Set<String> ids) {
        assertThat(ids).hasSize(1);
        return ids.iterator().next();
    }
}
