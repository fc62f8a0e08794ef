package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.common.ReleaseStrategy;
import io.github.crossaccountdelivery.common.RolloutTime;
import io.github.crossaccountdelivery.config.TargetConfig;
import io.github.crossaccountdelivery.config.TargetSettings;
import io.github.crossaccountdelivery.naming.AppNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The progressive example (test blue/green, staging canary, prod linear inside a deployment
 * window), passed as {@code -c targets="$(cat examples/progressive-targets.json)"} would pass it:
 * each target stack gets its strategy's resources, and the pipeline waits for each strategy and
 * holds its controls.
 */
@ReadsWholeApps
class ProgressiveTargetsTest {

    private static Synthesized app;
    private static AppNames names;
    private static List<Map<String, Object>> stages;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synthesize() {
        app = Synthesized.progressive();
        names = app.config.names();
        Capture captured = new Capture();
        app.build().hasResourceProperties("AWS::CodePipeline::Pipeline", Match.objectLike(Map.of("Stages", captured)));
        stages = captured.asArray().stream().map(s -> (Map<String, Object>) s).toList();
    }

    private static Map<String, Object> stage(String name) {
        return stages.stream().filter(s -> s.get("Name").equals(name)).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deploymentConfiguration(String target) {
        Capture configuration = new Capture();
        app.target(target).hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "DeploymentConfiguration", configuration)));
        return (Map<String, Object>) configuration.asObject();
    }

    @Test
    void theExampleFileIsOneLineBecauseTheCdkCliKeepsOnlyTheFirstLineOfAContextValue() throws Exception {
        assertThat(Files.readAllLines(Path.of("examples", "progressive-targets.json"))).hasSize(1);
    }

    @Test
    void eachTargetsServiceRunsItsOwnStrategy() {
        assertThat(app.config.targets()).extracting(t -> t.trafficShift().strategy())
                .containsExactly(ReleaseStrategy.BLUE_GREEN, ReleaseStrategy.CANARY, ReleaseStrategy.LINEAR);
        assertThat(deploymentConfiguration("test")).containsEntry("Strategy", "BLUE_GREEN")
                .containsEntry("BakeTimeInMinutes", 2);
        assertThat(deploymentConfiguration("staging")).containsEntry("Strategy", "CANARY")
                .containsEntry("CanaryConfiguration", Map.of("CanaryPercent", 20, "CanaryBakeTimeInMinutes", 4));
        assertThat(deploymentConfiguration("prod")).containsEntry("Strategy", "LINEAR")
                .containsEntry("LinearConfiguration", Map.of("StepPercent", 20, "StepBakeTimeInMinutes", 2));
        for (TargetConfig target : app.config.targets()) {
            assertThat(deploymentConfiguration(target.name()).get("LifecycleHooks")).asList().singleElement()
                    .satisfies(hook -> assertThat(hook.toString()).contains("POST_TEST_TRAFFIC_SHIFT"));
        }
    }

    @Test
    void everyTargetHasTwoGroupsTwoRulesATestRouteSecretAndItsOwnReleaseCheck() {
        for (TargetConfig target : app.config.targets()) {
            Template template = app.target(target.name());
            template.resourceCountIs("AWS::ElasticLoadBalancingV2::TargetGroup", 2);
            template.resourceCountIs("AWS::ElasticLoadBalancingV2::ListenerRule", 2);
            template.resourceCountIs("AWS::SecretsManager::Secret", 1);
            template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of("Timeout",
                    RolloutTime.RELEASE_CHECK_SECONDS, "Description",
                    "Asks the new revision of orders for its health check through the test route")));
            template.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of("LoadBalancers", List.of(
                    Match.objectLike(Map.of("AdvancedConfiguration", Match.objectLike(Map.of(
                            "AlternateTargetGroupArn", Match.anyValue(),
                            "ProductionListenerRule", Match.anyValue(),
                            "TestListenerRule", Match.anyValue()))))))));
        }
    }

    @Test
    void eachDeployActionWaitsForItsStrategysWorstRolloutAndEachVerifyForItsChecks() {
        for (TargetConfig target : app.config.targets()) {
            RolloutTime rollout = new RolloutTime(target.get(TargetSettings.HEALTH_CHECK_GRACE_PERIOD_SECONDS),
                    target.get(TargetSettings.HEALTH_CHECK_INTERVAL_SECONDS), target.get(TargetSettings.HEALTHY_THRESHOLD),
                    target.get(TargetSettings.DEREGISTRATION_DELAY_SECONDS),
                    target.get(TargetSettings.STOP_TIMEOUT_SECONDS), target.get(TargetSettings.ALARM_EVALUATION_MINUTES),
                    target.trafficShift());
            var deploy = action(stage("Deploy-" + target.name()));
            assertThat(((Map<?, ?>) deploy.get("Configuration")).get("DeploymentTimeout"))
                    .isEqualTo(Math.max(target.get(TargetSettings.DEPLOY_TIMEOUT_MINUTES), rollout.deployMinutes()));
            assertThat(action(stage("Verify-" + target.name())).toString())
                    .contains("export VERIFY_TIMEOUT_SECONDS='" + rollout.verifySeconds() + "'");
        }
        // Blue/green with a 2-minute bake: 35 + 30 + 10 + 60 + 120 + 120 + 5 + 5 = 385 s, and 60 s of checks.
        assertThat(((Map<?, ?>) action(stage("Deploy-test")).get("Configuration")).get("DeploymentTimeout")).isEqualTo(15);
        // Linear 20 % every 2 minutes (5 steps, 4 waits) with prod's drains:
        // 35 + 30 + 10 + 60 + 480 + 300 + 120 + 30 + 30 + 60 = 1155 s.
        assertThat(((Map<?, ?>) action(stage("Deploy-prod")).get("Configuration")).get("DeploymentTimeout")).isEqualTo(20);
    }

    @Test
    void stagingAndProdRollBackAFailedDeployAndProdDeploysOnlyInsideItsWindow() {
        assertThat(stage("Deploy-test")).containsOnlyKeys("Name", "Actions");
        assertThat(stage("Deploy-staging")).containsEntry("OnFailure", Map.of("Result", "ROLLBACK"))
                .doesNotContainKey("BeforeEntry");
        assertThat(stage("Deploy-prod")).containsEntry("OnFailure", Map.of("Result", "ROLLBACK"))
                .containsKey("BeforeEntry");
        assertThat(stage("Deploy-prod").get("BeforeEntry").toString())
                .contains("DeploymentWindow", "0 0 9-16 ? * MON-FRI *", "Europe/Dublin", "FAIL");
        assertThat(stages).extracting(s -> s.get("Name")).containsExactly("Source", "Build", "Deploy-test",
                "Verify-test", "Approve-staging", "Deploy-staging", "Verify-staging", "Approve-prod", "Deploy-prod",
                "Verify-prod");
    }

    @Test
    void theReleaseChecksLogGroupKeepsItsLogicalIdInEveryTarget() {
        for (TargetConfig target : app.config.targets()) {
            assertThat(new TreeMap<>(app.target(target.name()).findResources("AWS::Logs::LogGroup")).keySet())
                    .containsExactly("ReleaseCheckLogs", "VerificationLogs5DB72A42", "WebCurrentImageLogs4FFA813C",
                            "WebLogsD9759FC4");
        }
    }

    @Test
    void noTargetsTemplateHoldsTheTestRoutesValue() throws Exception {
        for (TargetConfig target : app.config.targets()) {
            String template = Snapshots.JSON.writeValueAsString(app.json(names.appName() + "-" + target.name()));
            assertThat(template).contains("{{resolve:secretsmanager:").contains("\"GenerateSecretString\"");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> action(Map<String, Object> stage) {
        var actions = (List<Map<String, Object>>) stage.get("Actions");
        assertThat(actions).hasSize(1);
        return actions.get(0);
    }
}
