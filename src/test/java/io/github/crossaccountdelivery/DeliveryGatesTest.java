package io.github.crossaccountdelivery;

import static io.github.crossaccountdelivery.Policies.list;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.buildaccount.VerifyCommands;
import io.github.crossaccountdelivery.config.DeploymentTarget;
import io.github.crossaccountdelivery.config.ResourceNames.TargetNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * What stops a bad release between the build and the next target: the Verify stage after every
 * Deploy, run in the target account as a role that can only read, and the deployment alarms that
 * roll a service back when its tasks start failing requests. (The scan gate is in the buildspec:
 * BuildSpecTest; its settings: BuildStackTest.)
 */
class DeliveryGatesTest {

    @Test
    void everyDeployIsFollowedByItsVerifyBeforeTheNextApprovalOrDeploy() {
        for (Synthesized app : List.of(Synthesized.example(), Synthesized.threeTargets())) {
            List<String> stages = stages(app).stream().map(s -> (String) s.get("Name")).toList();
            for (DeploymentTarget target : app.config.targets()) {
                int deploy = stages.indexOf("Deploy-" + target.name());
                assertThat(stages.get(deploy + 1)).isEqualTo("Verify-" + target.name());
            }
            assertThat(stages.stream().filter(s -> s.startsWith("Verify-"))).hasSize(app.config.targets().size());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theVerifyActionRunsTheCheckedCommandsInTheTargetAccountAsItsVerificationRole() {
        Synthesized app = Synthesized.threeTargets();
        for (DeploymentTarget target : app.config.targets()) {
            TargetNames names = app.config.names().target(target);
            var stage = stages(app).stream().filter(s -> s.get("Name").equals("Verify-" + target.name())).findFirst()
                    .orElseThrow();
            var action = ((List<Map<String, Object>>) stage.get("Actions")).get(0);
            assertThat(action.get("ActionTypeId")).isEqualTo(Map.of(
                    "Category", "Compute", "Owner", "AWS", "Provider", "Commands", "Version", "1"));
            assertThat(action.get("RoleArn")).isEqualTo(names.verifyRoleArn()).asString()
                    .startsWith("arn:aws:iam::" + target.account() + ":role/");
            // The build output first (imagedefinitions.json in the working directory), the source second.
            assertThat(action.get("InputArtifacts")).isEqualTo(List.of(
                    Map.of("Name", "ImageDefinitions"), Map.of("Name", "Source")));
            var commands = (List<String>) action.get("Commands");
            assertThat(commands).containsSequence(VerifyCommands.fromFile()).startsWith(
                    "export CLUSTER_NAME='" + names.cluster() + "'",
                    "export SERVICE_NAME='" + names.service() + "'",
                    "export CONTAINER_NAME='" + app.config.containerName() + "'",
                    "export HEALTH_CHECK_PATH='" + app.config.healthCheckPath() + "'",
                    "export SERVICE_URL_PARAMETER='" + names.serviceUrlParameter() + "'",
                    "export SMOKE_TEST_PATH='" + app.config.smokeTestPath() + "'",
                    "export VERIFY_TIMEOUT_SECONDS='" + target.service().verifyTimeoutSeconds() + "'");
            assertThat(commands).hasSizeLessThanOrEqualTo(50).allSatisfy(c -> assertThat(c).hasSizeLessThanOrEqualTo(1000));
        }
    }

    @Test
    void theVerificationRoleIsAssumableOnlyByThePipelineRoleAndCanOnlyRead() {
        Synthesized app = Synthesized.example();
        TargetNames names = app.config.names().target(app.config.firstTarget());
        Template target = app.test();
        assertThat(Policies.role(target, names.verifyRole()).trust()).singleElement().satisfies(trust -> {
            assertThat(trust.get("Principal")).isEqualTo(Map.of("AWS", "arn:aws:iam::" + app.config.buildAccount() + ":root"));
            assertThat(trust.get("Condition")).isEqualTo(Map.of("ArnEquals",
                    Map.of("aws:PrincipalArn", app.config.names().pipelineRoleArn())));
        });
        var statements = Policies.managedPolicyOfRole(target, names.verifyRole());
        List<Object> actions = new ArrayList<>();
        statements.forEach(s -> actions.addAll(list(s.get("Action"))));
        assertThat(actions).containsExactlyInAnyOrder("ecs:DescribeServices", "ecs:DescribeTaskDefinition",
                "ssm:GetParameter", "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
                "s3:GetObject", "s3:GetObjectVersion", "s3:GetBucketLocation", "kms:Decrypt");
        assertThat(Policies.bySid(Map.of("Statement", statements), "SeeTheRollout").get("Resource"))
                .isEqualTo(names.serviceArn());
        assertThat(Policies.bySid(Map.of("Statement", statements), "FindTheService").get("Resource"))
                .isEqualTo(names.serviceUrlParameterArn());
        target.hasResourceProperties("AWS::SSM::Parameter", Match.objectLike(Map.of(
                "Name", names.serviceUrlParameter(), "Type", "String")));
        target.hasResourceProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of(
                "LogGroupName", names.verifyLogGroup())));
    }

    @Test
    void theServiceRollsBackOnItsDeploymentAlarmsNextToTheCircuitBreaker() {
        Synthesized app = Synthesized.example();
        TargetNames names = app.config.names().target(app.config.firstTarget());
        app.test().hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "DeploymentConfiguration", Match.objectLike(Map.of(
                        "DeploymentCircuitBreaker", Map.of("Enable", true, "Rollback", true),
                        "Alarms", Map.of(
                                "AlarmNames", List.of(names.targetErrorsAlarm(), names.unhealthyHostsAlarm()),
                                "Enable", true,
                                "Rollback", true))))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theAlarmsWatchTheServicesOwnTargetGroupWithTheConfiguredThresholds() {
        Synthesized app = Synthesized.example();
        var settings = app.config.firstTarget().service();
        TargetNames names = app.config.names().target(app.config.firstTarget());
        Template target = app.test();
        String targetGroup = target.findResources("AWS::ElasticLoadBalancingV2::TargetGroup").keySet().iterator().next();
        Map<String, Object> targetGroupDimension = Map.of("Name", "TargetGroup",
                "Value", Map.of("Fn::GetAtt", List.of(targetGroup, "TargetGroupFullName")));
        for (var expected : List.of(
                List.of(names.targetErrorsAlarm(), "HTTPCode_Target_5XX_Count", settings.alarm5xxThreshold()),
                List.of(names.unhealthyHostsAlarm(), "UnHealthyHostCount", settings.alarmUnhealthyHostsThreshold()))) {
            Capture dimensions = new Capture();
            target.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "AlarmName", expected.get(0),
                    "MetricName", expected.get(1),
                    "Namespace", "AWS/ApplicationELB",
                    "Threshold", expected.get(2),
                    "EvaluationPeriods", settings.alarmEvaluationMinutes(),
                    "Period", 60,
                    "Dimensions", dimensions)));
            assertThat(dimensions.asArray()).contains(targetGroupDimension);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> stages(Synthesized app) {
        Capture stages = new Capture();
        app.build().hasResourceProperties("AWS::CodePipeline::Pipeline", Match.objectLike(Map.of("Stages", stages)));
        return stages.asArray().stream().map(s -> (Map<String, Object>) s).toList();
    }
}
