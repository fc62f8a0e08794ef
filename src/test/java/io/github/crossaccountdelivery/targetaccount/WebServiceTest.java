package io.github.crossaccountdelivery.targetaccount;

import static io.github.crossaccountdelivery.BareStack.NAMES;
import static io.github.crossaccountdelivery.BareStack.TEST;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.BareStack;
import io.github.crossaccountdelivery.Policies;
import io.github.crossaccountdelivery.common.CpuArchitecture;
import io.github.crossaccountdelivery.common.TrafficShift;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.s3.Bucket;

/**
 * The service on Fargate: its cluster, its rollout and rollback, and the image it runs, which is
 * the one the service runs now (read by {@link CurrentImage}) so that a {@code cdk deploy} never
 * undoes the pipeline's work.
 */
class WebServiceTest {

    private static final ContainerSpec CONTAINER = new ContainerSpec("app", 8080, Optional.of("1000:1000"), true);
    private static final Rollout ROLLOUT = new Rollout(100, 200, 30, 5);
    private static Template template;
    private static Template onSpot;
    private static String fingerprintComputed;

    @BeforeAll
    static void synthesize() {
        Defined defined = service(new TaskSize(256, 512), 1, false, ROLLOUT, web -> { });
        fingerprintComputed = defined.web.currentImage().fingerprint();
        template = Template.fromStack(defined.stack);
        onSpot = Template.fromStack(service(new TaskSize(256, 512), 2, true, ROLLOUT, web -> { }).stack);
    }

    private record Defined(Stack stack, WebService web) {
    }

    private static Defined service(TaskSize size, int count, boolean spot, Rollout rollout, Consumer<WebService> then) {
        Stack stack = BareStack.inTestAccount();
        WebService web = new WebService(stack, "Web", new WebService.Props(TEST, vpc(stack), CONTAINER,
                new ImageOrigin(NAMES.imageRepositoryArn(), spot ? CpuArchitecture.X86_64 : CpuArchitecture.ARM64),
                size, count, spot, rollout, BareStack.logGroups(stack), TrafficShift.rolling()));
        then.accept(web);
        return new Defined(stack, web);
    }

    private static IVpc vpc(Stack stack) {
        return Vpc.Builder.create(stack, "Vpc").natGateways(0).subnetConfiguration(List.of(SubnetConfiguration
                .builder().name("Public").subnetType(SubnetType.PUBLIC).build())).build();
    }

    @Test
    void aRollingServiceLeavesTheStrategyToEcsAsEarlierReleasesDid() {
        Capture configuration = new Capture();
        template.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of("DeploymentConfiguration",
                configuration)));
        assertThat(configuration.asObject()).doesNotContainKeys("Strategy", "BakeTimeInMinutes", "CanaryConfiguration",
                "LinearConfiguration", "LifecycleHooks");
    }

    @Test
    void theServiceRunsTheRevisionThisStackRegistersNotTheFamily() {
        String taskDefinition = template.findResources("AWS::ECS::TaskDefinition").keySet().iterator().next();
        template.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "TaskDefinition", Map.of("Ref", taskDefinition))));
    }

    @Test
    void theServiceRunsUnderItsFixedNameOnFargateInPublicSubnetsWithPublicAddresses() {
        template.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "ServiceName", "orders",
                "LaunchType", "FARGATE",
                "NetworkConfiguration", Map.of("AwsvpcConfiguration", Match.objectLike(Map.of(
                        "AssignPublicIp", "ENABLED"))))));
        template.hasResourceProperties("AWS::ECS::Cluster", Map.of("ClusterName", "orders-test",
                "ClusterSettings", List.of(Map.of("Name", "containerInsights", "Value", "enabled"))));
    }

    @Test
    void rollsOutWithTheGivenCountAndTimings() {
        template.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "DesiredCount", 1,
                "HealthCheckGracePeriodSeconds", 30,
                "DeploymentConfiguration", Match.objectLike(Map.of(
                        "MinimumHealthyPercent", 100, "MaximumPercent", 200)))));
        onSpot.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of("DesiredCount", 2)));
    }

    @Test
    void aFailedRolloutRollsBackOnTheCircuitBreakerOrItsDeploymentAlarms() {
        template.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "DeploymentConfiguration", Match.objectLike(Map.of(
                        "DeploymentCircuitBreaker", Map.of("Enable", true, "Rollback", true),
                        "Alarms", Map.of(
                                "AlarmNames", List.of("orders-test-target-5xx", "orders-test-unhealthy-hosts"),
                                "Enable", true,
                                "Rollback", true))))));
    }

    @Test
    void fargateSpotIsASwitch() {
        onSpot.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "CapacityProviderStrategy", List.of(Map.of("CapacityProvider", "FARGATE_SPOT", "Weight", 1)))));
        onSpot.hasResourceProperties("AWS::ECS::ClusterCapacityProviderAssociations",
                Match.objectLike(Map.of("CapacityProviders", List.of("FARGATE", "FARGATE_SPOT"))));
        template.resourceCountIs("AWS::ECS::ClusterCapacityProviderAssociations", 0);
    }

    @Test
    void tasksStartOnlyOnceTheirExecutionRoleMayPullAndLog() {
        var service = template.findResources("AWS::ECS::Service").values().iterator().next();
        String executionPolicy = template.findResources("AWS::IAM::ManagedPolicy").keySet().stream()
                .filter(id -> id.contains("ExecutionPolicy")).findFirst().orElseThrow();
        assertThat(Policies.list(service.get("DependsOn"))).contains(executionPolicy);
    }

    @Test
    void theContainerRunsTheImageTheReaderFoundRunning() {
        String reader = template.findResources("Custom::CurrentImage").keySet().iterator().next();
        Capture containers = new Capture();
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "ContainerDefinitions", containers)));
        assertThat(containers.asArray()).singleElement().satisfies(container -> assertThat(((Map<?, ?>) container)
                .get("Image")).isEqualTo(Map.of("Fn::GetAtt", List.of(reader, "Image"))));
    }

    @Test
    void theReaderIsToldTheServiceTheContainerAndThePlaceholderForAFirstDeploy() {
        template.hasResourceProperties("Custom::CurrentImage", Match.objectLike(Map.of(
                "Cluster", "orders-test",
                "Service", "orders",
                "Container", "app",
                "Placeholder", CurrentImage.PLACEHOLDER_IMAGE,
                "Fingerprint", Match.stringLikeRegexp("[0-9a-f]{64}"))));
        // The value in the template is the one computed at synthesis.
        template.hasResourceProperties("Custom::CurrentImage", Match.objectLike(Map.of(
                "Fingerprint", fingerprintComputed)));
    }

    // ---- The fingerprint: a change to the task definition or the service makes the reader look again ----

    private static String unchanged;

    private static synchronized String unchanged() {
        if (unchanged == null) {
            unchanged = fingerprint(new TaskSize(256, 512), 1, ROLLOUT, 5, web -> { });
        }
        return unchanged;
    }

    /** The reader's fingerprint for a service behind a load balancer, as a target stack builds it. */
    private static String fingerprint(TaskSize size, int count, Rollout rollout, int healthCheckInterval,
                                      Consumer<WebService> change) {
        Defined defined = service(size, count, false, rollout, change);
        new PublicEndpoint(defined.stack, "Endpoint", new PublicEndpoint.Props(
                defined.web.service().getCluster().getVpc(), defined.web.service(), CONTAINER.port(),
                new HealthCheck("/health", healthCheckInterval, 4, 2, 2), 5,
                new PublicEndpoint.Exposure(Optional.empty(), false, new Bucket(defined.stack, "Logs"), "alb/"),
                Optional.empty()));
        return defined.web.currentImage().fingerprint();
    }

    @Test
    void theFingerprintChangesWithTheTaskDefinition() {
        assertThat(fingerprint(new TaskSize(256, 1024), 1, ROLLOUT, 5, web -> { })).isNotEqualTo(unchanged());
        assertThat(fingerprint(new TaskSize(256, 512), 1, ROLLOUT, 5, web -> web.task().taskDefinition()
                .getDefaultContainer().addEnvironment("FEATURE_FLAG", "on"))).isNotEqualTo(unchanged());
    }

    @Test
    void theFingerprintChangesWithTheService() {
        assertThat(fingerprint(new TaskSize(256, 512), 2, ROLLOUT, 5, web -> { })).isNotEqualTo(unchanged());
        assertThat(fingerprint(new TaskSize(256, 512), 1, new Rollout(100, 200, 60, 5), 5, web -> { }))
                .isNotEqualTo(unchanged());
    }

    @Test
    void theFingerprintIsTheSameForTheSameInputAndIgnoresWhatNeitherResourceHolds() {
        assertThat(fingerprint(new TaskSize(256, 512), 1, ROLLOUT, 5, web -> { })).isEqualTo(unchanged());
        // The health-check interval belongs to the target group: no reason to read the image again.
        assertThat(fingerprint(new TaskSize(256, 512), 1, ROLLOUT, 10, web -> { })).isEqualTo(unchanged());
    }
}
