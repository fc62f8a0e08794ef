package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awscdk.assertions.Match.arrayWith;
import static software.amazon.awscdk.assertions.Match.objectLike;

import io.github.crossaccountdelivery.buildaccount.BuildStack;
import io.github.crossaccountdelivery.config.DeliveryConfig;
import io.github.crossaccountdelivery.config.Setting;
import io.github.crossaccountdelivery.config.Settings;
import io.github.crossaccountdelivery.config.TargetSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The stacks, the composition roots, hand every setting to the construct that uses it: each
 * setting's value (away from its default, in the switches-on configuration, or per target in the
 * three-target one) shows up where it belongs in the templates. Each construct's own behaviour is
 * tested on its own; this is the wiring between the configuration and the constructs.
 */
@ReadsWholeApps
class CompositionTest {

    private static final Map<String, Runnable> CHECKS = new LinkedHashMap<>();

    private static Synthesized on() {
        return Synthesized.switchesOn();
    }

    private static Template build() {
        return on().build();
    }

    private static Template test() {
        return on().test();
    }

    private static Object service(String key) {
        return Synthesized.SWITCHED_SERVICE.get(key);
    }

    private static void check(Setting<?> setting, Runnable check) {
        CHECKS.put(setting.key(), check);
    }

    static {
        check(Settings.APP_NAME, () -> {
            assertThat(on().stackNames()).containsExactlyInAnyOrder("orders-build", "orders-test");
            build().hasResourceProperties("AWS::CodePipeline::Pipeline", objectLike(Map.of("Name", "orders")));
        });
        check(Settings.BUILD_ACCOUNT, () -> assertThat(on().environment("orders-build"))
                .isEqualTo("aws://111111111111/eu-west-1"));
        check(Settings.TEST_ACCOUNT, () -> assertThat(on().environment("orders-test"))
                .isEqualTo("aws://222222222222/eu-west-1"));
        check(Settings.REGION, () -> assertThat(List.of(on().environment("orders-build"), on().environment("orders-test")))
                .allSatisfy(env -> assertThat(env).endsWith("/eu-west-1")));
        check(Settings.AVAILABILITY_ZONES, () -> assertThat(test().findResources("AWS::EC2::Subnet").values())
                .extracting(r -> (Object) ((Map<?, ?>) r.get("Properties")).get("AvailabilityZone"))
                .containsExactlyInAnyOrder("eu-west-1a", "eu-west-1b"));
        check(Settings.CONNECTION_ARN, () -> assertThat(sourceConfiguration()).containsEntry("ConnectionArn",
                TestConfigurations.example().get("connectionArn")));
        check(Settings.REPOSITORY_OWNER, () -> assertThat(sourceConfiguration())
                .containsEntry("FullRepositoryId", "example-org/orders-service"));
        check(Settings.REPOSITORY_NAME, () -> assertThat(sourceConfiguration())
                .containsEntry("FullRepositoryId", "example-org/orders-service"));
        check(Settings.BRANCH, () -> assertThat(sourceConfiguration()).containsEntry("BranchName", "main"));
        check(Settings.CONTAINER_NAME, () -> {
            assertThat(container()).containsEntry("Name", "app");
            assertThat(buildVariables()).containsEntry("CONTAINER_NAME", "app");
            assertThat(verifyCommands()).contains("export CONTAINER_NAME='app'");
        });
        check(Settings.CONTAINER_PORT, () -> {
            assertThat(container()).containsEntry("PortMappings", List.of(Map.of("ContainerPort", 8080, "Protocol", "tcp")));
            test().hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", objectLike(Map.of("Port", 8080)));
        });
        check(Settings.HEALTH_CHECK_PATH, () -> {
            targetGroup(Map.of("HealthCheckPath", "/health"));
            assertThat(verifyCommands()).contains("export HEALTH_CHECK_PATH='/health'");
        });
        check(Settings.CERTIFICATE_ARN, () -> test().hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener",
                objectLike(Map.of("Certificates", List.of(Map.of("CertificateArn", Synthesized.EXAMPLE_CERTIFICATE))))));
        check(Settings.DOMAIN_NAME, () -> {
            assertThat(((Map<?, ?>) on().json("orders-test").get("Outputs")).toString())
                    .contains("https://" + Synthesized.EXAMPLE_DOMAIN);
            // Verify checks the certificate against this name.
            assertThat(verifyCommands()).contains("export SERVICE_DOMAIN='" + Synthesized.EXAMPLE_DOMAIN + "'");
        });
        check(Settings.ALLOW_UNLISTED_ZONES, () -> {
            // A validation switch: it reaches no template, and lets a zone the region's table lacks pass.
            var context = Synthesized.switchesOnContext();
            context.put("availabilityZones", List.of("eu-west-1a", "eu-west-1d"));
            assertThat(io.github.crossaccountdelivery.config.DeliveryConfig.fromContext(context).firstTarget()
                    .get(Settings.AVAILABILITY_ZONES)).contains("eu-west-1d");
        });
        check(Settings.LOAD_BALANCER_DELETION_PROTECTION, () -> test().hasResourceProperties(
                "AWS::ElasticLoadBalancingV2::LoadBalancer", objectLike(Map.of("LoadBalancerAttributes",
                        arrayWith(List.of(Map.of("Key", "deletion_protection.enabled", "Value", "true")))))));
        check(Settings.IMAGES_TO_KEEP, () -> build().hasResourceProperties("AWS::ECR::Repository", objectLike(Map.of(
                "RepositoryName", "orders", "LifecyclePolicy", objectLike(Map.of("LifecyclePolicyText",
                        Match.serializedJson(objectLike(Map.of("rules", arrayWith(List.of(objectLike(Map.of(
                                "selection", objectLike(Map.of("countNumber", 50)))))))))))))));
        check(Settings.CPU_ARCHITECTURE, () -> {
            test().hasResourceProperties("AWS::ECS::TaskDefinition", objectLike(Map.of("RuntimePlatform",
                    Map.of("CpuArchitecture", "X86_64", "OperatingSystemFamily", "LINUX"))));
            assertThat(buildVariables()).containsEntry("IMAGE_PLATFORM", "linux/amd64");
        });
        check(Settings.NOTIFICATION_EMAIL, () -> build().hasResourceProperties("AWS::SNS::Subscription",
                objectLike(Map.of("Protocol", "email", "Endpoint", "delivery@example.com"))));
        check(Settings.SCAN_FAIL_ON, () -> assertThat(buildVariables()).containsEntry("SCAN_FAIL_ON", "HIGH"));
        check(Settings.SMOKE_TEST_PATH, () -> assertThat(verifyCommands()).contains("export SMOKE_TEST_PATH='ci/smoke.sh'"));
        check(Settings.CONTAINER_USER, () -> {
            assertThat(container()).doesNotContainKey("User");
            assertThat(container(Synthesized.example().test())).containsEntry("User", "1000:1000");
        });
        check(Settings.READONLY_ROOT_FILESYSTEM, () -> {
            assertThat(container()).containsEntry("ReadonlyRootFilesystem", false);
            assertThat(container(Synthesized.example().test())).containsEntry("ReadonlyRootFilesystem", true);
        });
        check(Settings.LOG_RETENTION_DAYS, () -> {
            for (Template template : List.of(build(), test())) {
                assertThat(template.findResources("AWS::Logs::LogGroup").values()).isNotEmpty().allSatisfy(group ->
                        assertThat(((Map<?, ?>) group.get("Properties")).get("RetentionInDays")).isEqualTo(731));
            }
        });
        check(Settings.TARGETS, () -> assertThat(Synthesized.threeTargets().stackNames())
                .containsExactlyInAnyOrder("orders-build", "orders-test", "orders-staging", "orders-prod"));
        check(TargetSettings.DESIRED_COUNT, () -> ecsService(Map.of("DesiredCount", service("desiredCount"))));
        check(TargetSettings.TASK_CPU, () -> taskDefinition(Map.of("Cpu", String.valueOf(service("taskCpu")))));
        check(TargetSettings.TASK_MEMORY_MIB, () -> {
            taskDefinition(Map.of("Memory", String.valueOf(service("taskMemoryMiB"))));
            assertThat(container()).containsEntry("Memory", service("taskMemoryMiB"));
        });
        check(TargetSettings.FARGATE_SPOT, () -> ecsService(Map.of("CapacityProviderStrategy",
                List.of(Map.of("CapacityProvider", "FARGATE_SPOT", "Weight", 1)))));
        check(TargetSettings.HEALTH_CHECK_INTERVAL_SECONDS, () -> targetGroup(Map.of("HealthCheckIntervalSeconds",
                service("healthCheckIntervalSeconds"))));
        check(TargetSettings.HEALTH_CHECK_TIMEOUT_SECONDS, () -> targetGroup(Map.of("HealthCheckTimeoutSeconds",
                service("healthCheckTimeoutSeconds"))));
        check(TargetSettings.HEALTHY_THRESHOLD, () -> targetGroup(Map.of("HealthyThresholdCount",
                service("healthyThreshold"))));
        check(TargetSettings.UNHEALTHY_THRESHOLD, () -> targetGroup(Map.of("UnhealthyThresholdCount",
                service("unhealthyThreshold"))));
        check(TargetSettings.DEREGISTRATION_DELAY_SECONDS, () -> targetGroup(Map.of("TargetGroupAttributes", arrayWith(List.of(
                Map.of("Key", "deregistration_delay.timeout_seconds",
                        "Value", String.valueOf(service("deregistrationDelaySeconds"))))))));
        check(TargetSettings.HEALTH_CHECK_GRACE_PERIOD_SECONDS, () -> ecsService(Map.of("HealthCheckGracePeriodSeconds",
                service("healthCheckGracePeriodSeconds"))));
        check(TargetSettings.STOP_TIMEOUT_SECONDS, () -> assertThat(container())
                .containsEntry("StopTimeout", service("stopTimeoutSeconds")));
        check(TargetSettings.MIN_HEALTHY_PERCENT, () -> ecsService(Map.of("DeploymentConfiguration", objectLike(Map.of(
                "MinimumHealthyPercent", service("minHealthyPercent"))))));
        check(TargetSettings.MAX_HEALTHY_PERCENT, () -> ecsService(Map.of("DeploymentConfiguration", objectLike(Map.of(
                "MaximumPercent", service("maxHealthyPercent"))))));
        check(TargetSettings.DEPLOY_TIMEOUT_MINUTES, () -> assertThat(action("Deploy-test").get("Configuration"))
                .asString().contains("DeploymentTimeout=" + service("deployTimeoutMinutes")));
        check(TargetSettings.ALARM_5XX_THRESHOLD, () -> alarm("orders-test-target-5xx", Map.of(
                "Threshold", service("alarm5xxThreshold"))));
        check(TargetSettings.ALARM_UNHEALTHY_HOSTS_THRESHOLD, () -> alarm("orders-test-unhealthy-hosts", Map.of(
                "Threshold", service("alarmUnhealthyHostsThreshold"))));
        check(TargetSettings.ALARM_EVALUATION_MINUTES, () -> {
            for (String name : List.of("orders-test-target-5xx", "orders-test-unhealthy-hosts")) {
                alarm(name, Map.of("EvaluationPeriods", service("alarmEvaluationMinutes")));
            }
        });
        check(TargetSettings.VERIFY_TIMEOUT_SECONDS, () -> assertThat(verifyCommands())
                .contains("export VERIFY_TIMEOUT_SECONDS='" + service("verifyTimeoutSeconds") + "'"));
        // How traffic moves, and when: per target in the progressive example, each away from its default.
        check(TargetSettings.DEPLOYMENT, () -> {
            progressiveService("test", Map.of("Strategy", "BLUE_GREEN"));
            progressiveService("staging", Map.of("Strategy", "CANARY"));
            progressiveService("prod", Map.of("Strategy", "LINEAR"));
            ecsService(Map.of("DeploymentConfiguration", Match.not(objectLike(Map.of("Strategy", Match.anyValue())))));
        });
        check(TargetSettings.BAKE_MINUTES, () -> progressiveService("test", Map.of("BakeTimeInMinutes", 2)));
        check(TargetSettings.STEP_PERCENT, () -> {
            progressiveService("staging", Map.of("CanaryConfiguration", objectLike(Map.of("CanaryPercent", 20))));
            progressiveService("prod", Map.of("LinearConfiguration", objectLike(Map.of("StepPercent", 20))));
        });
        check(TargetSettings.STEP_BAKE_MINUTES, () -> {
            progressiveService("staging", Map.of("CanaryConfiguration", objectLike(Map.of("CanaryBakeTimeInMinutes", 4))));
            progressiveService("prod", Map.of("LinearConfiguration", objectLike(Map.of("StepBakeTimeInMinutes", 2))));
        });
        check(TargetSettings.DEPLOY_WINDOW, () -> assertThat(progressiveStage("Deploy-prod").get("BeforeEntry"))
                .asString().contains("Cron=0 0 9-16 ? * MON-FRI *"));
        check(TargetSettings.DEPLOY_WINDOW_TIME_ZONE, () -> assertThat(progressiveStage("Deploy-prod").get("BeforeEntry"))
                .asString().contains("TimeZone=Europe/Dublin"));
        check(TargetSettings.ROLLBACK_ON_FAILURE, () -> {
            assertThat(progressiveStage("Deploy-staging")).containsEntry("OnFailure", Map.of("Result", "ROLLBACK"));
            assertThat(progressiveStage("Deploy-test")).doesNotContainKey("OnFailure");
        });
        check(TargetSettings.TARGET_NAME, () -> assertThat(Synthesized.threeTargets().stackNames()).contains("orders-staging"));
        check(TargetSettings.TARGET_ACCOUNT, () -> assertThat(Synthesized.threeTargets().environment("orders-prod"))
                .isEqualTo("aws://444444444444/eu-west-1"));
        check(TargetSettings.APPROVAL, () -> assertThat(stageNames(Synthesized.threeTargets()))
                .containsSubsequence("Verify-test", "Approve-staging", "Deploy-staging"));
    }

    static Stream<String> settings() {
        return CHECKS.keySet().stream();
    }

    @Test
    void everySettingIsCheckedHere() {
        assertThat(CHECKS.keySet()).containsExactlyInAnyOrderElementsOf(
                Settings.all().stream().map(Setting::key).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void reachesTheConstructThatUsesIt(String key) {
        CHECKS.get(key).run();
    }

    @Test
    void perTargetValuesReachOnlyTheirTarget() {
        Synthesized three = Synthesized.threeTargets();
        three.target("prod").hasResourceProperties("AWS::ECS::Service", objectLike(Map.of("DesiredCount", 2)));
        three.target("prod").hasResourceProperties("AWS::ECS::TaskDefinition", objectLike(Map.of(
                "Cpu", "512", "Memory", "1024")));
        three.target("staging").hasResourceProperties("AWS::ECS::Service", objectLike(Map.of("DesiredCount", 1)));
        three.target("staging").hasResourceProperties("AWS::ECS::TaskDefinition", objectLike(Map.of(
                "Cpu", "256", "Memory", "512")));
    }

    /**
     * The pipeline never waits less than the rollout its timings allow ({@code RolloutTime}): a
     * configured deploy or verify timeout below that is raised to it, since a shorter wait would
     * fail a release that is still rolling out. With the default timings: 35 s start-up + 30 s
     * grace + 5 s x 2 checks + 5 s drain + 5 s stop + 120 s bake, then 60 s of Verify's checks, is
     * 265 s, which the deploy action waits as 5 whole minutes.
     */
    @Test
    @SuppressWarnings("unchecked")
    void deployAndVerifyTimeoutsShorterThanTheRolloutAreRaisedToIt(@TempDir Path outdir) {
        Map<String, Object> context = Synthesized.exampleContext();
        context.put("deployTimeoutMinutes", 1);
        context.put("verifyTimeoutSeconds", 30);
        DeliveryConfig config = DeliveryConfig.fromContext(context);
        App app = new App(AppProps.builder().context(context).outdir(outdir.toString()).build());
        Template build = Template.fromStack(new BuildStack(app, "orders-build", StackProps.builder()
                .env(Environment.builder().account("111111111111").region("eu-west-1").build()).build(),
                new BuildStack.Props(config, DeliveryApp.readBuildSpec(DeliveryApp.BUILD_SPEC))));

        assertThat(action(stages(build), "Deploy-test").get("Configuration"))
                .asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("DeploymentTimeout", 5);
        assertThat((List<String>) action(stages(build), "Verify-test").get("Commands"))
                .contains("export VERIFY_TIMEOUT_SECONDS='265'");
    }

    // ---- Where to look ----

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Template template) {
        Capture containers = new Capture();
        template.hasResourceProperties("AWS::ECS::TaskDefinition", objectLike(Map.of("ContainerDefinitions", containers)));
        return (Map<String, Object>) containers.asArray().get(0);
    }

    private static Map<String, Object> container() {
        return container(test());
    }

    private static void taskDefinition(Map<String, Object> properties) {
        test().hasResourceProperties("AWS::ECS::TaskDefinition", objectLike(properties));
    }

    private static void ecsService(Map<String, Object> properties) {
        test().hasResourceProperties("AWS::ECS::Service", objectLike(properties));
    }

    private static void progressiveService(String target, Map<String, Object> deploymentConfiguration) {
        Synthesized.progressive().target(target).hasResourceProperties("AWS::ECS::Service", objectLike(Map.of(
                "DeploymentConfiguration", objectLike(deploymentConfiguration))));
    }

    private static Map<String, Object> progressiveStage(String name) {
        return stages(Synthesized.progressive()).stream().filter(s -> s.get("Name").equals(name)).findFirst()
                .orElseThrow();
    }

    private static void targetGroup(Map<String, Object> properties) {
        test().hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", objectLike(properties));
    }

    private static void alarm(String name, Map<String, Object> properties) {
        Map<String, Object> expected = new LinkedHashMap<>(properties);
        expected.put("AlarmName", name);
        test().hasResourceProperties("AWS::CloudWatch::Alarm", objectLike(expected));
    }

    private static List<Map<String, Object>> stages(Synthesized app) {
        return stages(app.build());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> stages(Template build) {
        Capture stages = new Capture();
        build.hasResourceProperties("AWS::CodePipeline::Pipeline", objectLike(Map.of("Stages", stages)));
        return stages.asArray().stream().map(s -> (Map<String, Object>) s).toList();
    }

    private static List<Object> stageNames(Synthesized app) {
        return stages(app).stream().map(s -> s.get("Name")).toList();
    }

    private static Map<String, Object> action(String stage) {
        return action(stages(on()), stage);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> action(List<Map<String, Object>> stages, String stage) {
        return ((List<Map<String, Object>>) stages.stream().filter(s -> s.get("Name").equals(stage))
                .findFirst().orElseThrow().get("Actions")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sourceConfiguration() {
        return (Map<String, Object>) action("Source").get("Configuration");
    }

    @SuppressWarnings("unchecked")
    private static List<String> verifyCommands() {
        return (List<String>) action("Verify-test").get("Commands");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> buildVariables() {
        Capture variables = new Capture();
        build().hasResourceProperties("AWS::CodeBuild::Project", objectLike(Map.of(
                "Environment", objectLike(Map.of("EnvironmentVariables", variables)))));
        Map<String, Object> byName = new LinkedHashMap<>();
        variables.asArray().forEach(v -> byName.put((String) ((Map<String, Object>) v).get("Name"),
                ((Map<String, Object>) v).get("Value")));
        return byName;
    }
}
