package io.github.crossaccountdelivery.targetaccount;

import static io.github.crossaccountdelivery.BareStack.NAMES;
import static io.github.crossaccountdelivery.BareStack.TEST;
import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awscdk.assertions.Match.objectLike;

import io.github.crossaccountdelivery.BareStack;
import io.github.crossaccountdelivery.Policies;
import io.github.crossaccountdelivery.common.CpuArchitecture;
import io.github.crossaccountdelivery.common.LogGroups;
import io.github.crossaccountdelivery.common.ReleaseStrategy;
import io.github.crossaccountdelivery.common.RolloutTime;
import io.github.crossaccountdelivery.common.TrafficShift;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.s3.Bucket;

/**
 * A traffic-shifting target's service, endpoint, alarms, release check and ECS role, wired as the
 * target stack wires them, in a bare stack per strategy: blue/green, canary and linear.
 */
class TrafficShiftingTest {

    private static final ContainerSpec CONTAINER = new ContainerSpec("app", 8080, Optional.of("1000:1000"), true);
    private static Template blueGreen;
    private static Template canary;
    private static Template linear;

    @BeforeAll
    static void synthesize() {
        blueGreen = target(TrafficShift.of(ReleaseStrategy.BLUE_GREEN, 7, null, null));
        canary = target(TrafficShift.of(ReleaseStrategy.CANARY, null, 20.5, 4));
        linear = target(TrafficShift.of(ReleaseStrategy.LINEAR, 0, null, null));
    }

    /** What TargetStack creates for a traffic-shifting target, in the same order. */
    static Template target(TrafficShift shift) {
        Stack stack = BareStack.inTestAccount();
        LogGroups logs = BareStack.logGroups(stack);
        var vpc = Vpc.Builder.create(stack, "Vpc").natGateways(0).subnetConfiguration(List.of(SubnetConfiguration
                .builder().name("Public").subnetType(SubnetType.PUBLIC).build())).build();
        var web = new WebService(stack, "Web", new WebService.Props(TEST, vpc, CONTAINER,
                new ImageOrigin(NAMES.imageRepositoryArn(), CpuArchitecture.ARM64), new TaskSize(256, 512), 1, false,
                new Rollout(100, 200, 30, 5), logs, shift));
        var secret = new TestRouteSecret(stack, "TestRouteSecret", new TestRouteSecret.Props(TEST));
        var endpoint = new PublicEndpoint(stack, "Endpoint", new PublicEndpoint.Props(vpc, web.service(), 8080,
                new HealthCheck("/health", 5, 4, 2, 2), 5,
                new PublicEndpoint.Exposure(Optional.empty(), false, new Bucket(stack, "AccessLogs"), "alb/orders-test"),
                Optional.of(new PublicEndpoint.TestRoute(TestRouteSecret.HEADER, secret.headerValue()))));
        web.service().getNode().addDependency(new RollbackAlarms(stack, "RollbackAlarms", new RollbackAlarms.Props(TEST,
                endpoint.targetGroups(), new RollbackThresholds(5, 1, 2))));
        var check = new ReleaseCheck(stack, "ReleaseCheck", new ReleaseCheck.Props(TEST, endpoint.url() + "/health",
                Optional.empty(), TestRouteSecret.HEADER, secret.secret(), RolloutTime.RELEASE_CHECK_SECONDS, logs));
        new TrafficShifting(stack, "TrafficShifting", new TrafficShifting.Props(TEST, web.service(), CONTAINER,
                endpoint.listener(), endpoint.routes().orElseThrow(), check.hook()));
        web.service().getNode().addDependency(check);
        return Template.fromStack(stack);
    }

    private static String only(Template template, String type, Map<String, Object> properties) {
        var found = template.findResources(type, objectLike(Map.of("Properties", objectLike(properties))));
        assertThat(found).as(type + " " + properties).hasSize(1);
        return found.keySet().iterator().next();
    }

    private static String only(Template template, String type) {
        var found = template.findResources(type);
        assertThat(found).as(type).hasSize(1);
        return found.keySet().iterator().next();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deploymentConfiguration(Template template) {
        Capture configuration = new Capture();
        template.hasResourceProperties("AWS::ECS::Service", objectLike(Map.of("DeploymentConfiguration", configuration)));
        return (Map<String, Object>) configuration.asObject();
    }

    @Test
    void theServiceTellsEcsItsStrategyBakeTimeAndStepsAndKeepsTheCircuitBreakerAndAlarms() {
        assertThat(deploymentConfiguration(blueGreen)).containsEntry("Strategy", "BLUE_GREEN")
                .containsEntry("BakeTimeInMinutes", 7)
                .doesNotContainKeys("CanaryConfiguration", "LinearConfiguration")
                .containsEntry("DeploymentCircuitBreaker", Map.of("Enable", true, "Rollback", true))
                .containsEntry("Alarms", Map.of("AlarmNames", TEST.rollbackAlarms(), "Enable", true, "Rollback", true));
        assertThat(deploymentConfiguration(canary)).containsEntry("Strategy", "CANARY")
                .containsEntry("BakeTimeInMinutes", TrafficShift.DEFAULT_BAKE_MINUTES)
                .containsEntry("CanaryConfiguration", Map.of("CanaryPercent", 20.5, "CanaryBakeTimeInMinutes", 4))
                .doesNotContainKey("LinearConfiguration");
        assertThat(deploymentConfiguration(linear)).containsEntry("Strategy", "LINEAR")
                .containsEntry("BakeTimeInMinutes", 0)
                .containsEntry("LinearConfiguration", Map.of("StepPercent", 25, "StepBakeTimeInMinutes", 3))
                .doesNotContainKey("CanaryConfiguration");
    }

    @Test
    void theServiceIsRegisteredWithThePrimaryGroupAndNamesTheAlternateTheRulesAndTheRole() {
        for (Template template : List.of(blueGreen, canary, linear)) {
            template.hasResourceProperties("AWS::ECS::Service", objectLike(Map.of("LoadBalancers", List.of(Map.of(
                    "ContainerName", "app",
                    "ContainerPort", 8080,
                    "TargetGroupArn", Map.of("Ref", primaryOf(template)),
                    "AdvancedConfiguration", Map.of(
                            "AlternateTargetGroupArn", Map.of("Ref", alternateOf(template)),
                            "ProductionListenerRule", Map.of("Ref", ruleId(template, 2)),
                            "TestListenerRule", Map.of("Ref", ruleId(template, 1)),
                            "RoleArn", Map.of("Fn::GetAtt", List.of(infrastructureRole(template), "Arn"))))))));
        }
    }

    private static String primaryOf(Template template) {
        return template.findResources("AWS::ElasticLoadBalancingV2::TargetGroup").keySet().stream()
                .filter(id -> id.contains("Primary")).findFirst().orElseThrow();
    }

    private static String alternateOf(Template template) {
        return template.findResources("AWS::ElasticLoadBalancingV2::TargetGroup").keySet().stream()
                .filter(id -> id.contains("Alternate")).findFirst().orElseThrow();
    }

    private static String ruleId(Template template, int priority) {
        return only(template, "AWS::ElasticLoadBalancingV2::ListenerRule", Map.of("Priority", priority));
    }

    private static String infrastructureRole(Template template) {
        return only(template, "AWS::IAM::Role", Map.of("Description",
                "Lets ECS move the traffic of orders between its target groups"));
    }

    @Test
    void bothGroupsCheckHealthAlikeAndEveryRouteForwardsToBothUntilEcsShiftsTheWeights() {
        template().resourceCountIs("AWS::ElasticLoadBalancingV2::TargetGroup", 2);
        template().resourcePropertiesCountIs("AWS::ElasticLoadBalancingV2::TargetGroup", objectLike(Map.of(
                "HealthCheckPath", "/health", "Matcher", Map.of("HttpCode", "200"), "HealthCheckIntervalSeconds", 5,
                "HealthyThresholdCount", 2, "Protocol", "HTTP", "TargetType", "ip",
                "TargetGroupAttributes", Match.arrayWith(List.of(Map.of(
                        "Key", "deregistration_delay.timeout_seconds", "Value", "5"))))), 2);
        Map<String, Object> both = Map.of("Type", "forward", "ForwardConfig", Map.of("TargetGroups", List.of(
                Map.of("TargetGroupArn", Map.of("Ref", primaryOf(template())), "Weight", 1),
                Map.of("TargetGroupArn", Map.of("Ref", alternateOf(template())), "Weight", 0))));
        template().hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", objectLike(Map.of(
                "Port", 80, "DefaultActions", List.of(both))));
        template().hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", Map.of(
                "ListenerArn", Match.anyValue(), "Priority", 2, "Actions", List.of(both),
                "Conditions", List.of(Map.of("Field", "path-pattern", "PathPatternConfig", Map.of("Values", List.of("/*"))))));
    }

    @Test
    void theTestRouteAdmitsOnlyRequestsWithTheSecretTheStackDeploysAndComesBeforeProduction() {
        String secret = only(template(), "AWS::SecretsManager::Secret", Map.of("GenerateSecretString", Map.of(
                "PasswordLength", 48, "ExcludePunctuation", true, "IncludeSpace", false)));
        Capture values = new Capture();
        template().hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", objectLike(Map.of(
                "Priority", 1,
                "Conditions", List.of(Map.of("Field", "http-header", "HttpHeaderConfig", Map.of(
                        "HttpHeaderName", "X-Release-Check", "Values", values))))));
        // A dynamic reference CloudFormation resolves at deploy time: the value is never in the template.
        assertThat(values.asArray()).singleElement().isEqualTo(Map.of("Fn::Join", List.of("", List.of(
                "{{resolve:secretsmanager:", Map.of("Ref", secret), ":SecretString:::}}"))));
        template().hasResource("AWS::SecretsManager::Secret", objectLike(Map.of("DeletionPolicy", "Delete")));
    }

    @Test
    void ecsMovesTrafficWithARoleThatMayTouchOnlyThisServicesGroupsRulesAndListener() {
        var statements = Policies.managedPolicyOfRoleId(template(), infrastructureRole(template()));
        assertThat(statements).containsExactly(
                Map.of("Sid", "SeeTheRoutes", "Effect", "Allow", "Action", List.of(
                        "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeRules",
                        "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth"),
                        "Resource", "*"),
                Map.of("Sid", "RegisterTheRevisions", "Effect", "Allow", "Action", List.of(
                        "elasticloadbalancing:DeregisterTargets", "elasticloadbalancing:RegisterTargets"),
                        // CDK sorts the resources.
                        "Resource", List.of(Map.of("Ref", alternateOf(template())), Map.of("Ref", primaryOf(template())))),
                Map.of("Sid", "ShiftTheTraffic", "Effect", "Allow", "Action", "elasticloadbalancing:ModifyRule",
                        "Resource", List.of(Map.of("Ref", ruleId(template(), 2)), Map.of("Ref", ruleId(template(), 1)))),
                Map.of("Sid", "ModifyTheListener", "Effect", "Allow", "Action", "elasticloadbalancing:ModifyListener",
                        "Resource", Map.of("Ref", only(template(), "AWS::ElasticLoadBalancingV2::Listener"))));
        var trust = Policies.roleById(template(), infrastructureRole(template())).trust();
        assertThat(trust).singleElement().isEqualTo(Map.of("Effect", "Allow", "Action", "sts:AssumeRole",
                "Principal", Map.of("Service", "ecs.amazonaws.com")));
        // The service waits for the policy: ECS uses the role from the first deployment on.
        String policy = only(template(), "AWS::IAM::ManagedPolicy", Map.of("Roles", List.of(
                Map.of("Ref", infrastructureRole(template())))));
        template().hasResource("AWS::ECS::Service", objectLike(Map.of("DependsOn", Match.arrayWith(List.of(policy)))));
    }

    @Test
    void ecsCallsTheReleaseCheckAfterTheTestRouteLeadsToTheNewRevisionWithARoleThatMayCallOnlyIt() {
        String function = only(template(), "AWS::Lambda::Function", Map.of("Description",
                "Asks the new revision of orders for its health check through the test route"));
        String invoker = only(template(), "AWS::IAM::Role", Map.of("Description", "Lets ECS call the release check of orders"));
        assertThat(deploymentConfiguration(template()).get("LifecycleHooks")).isEqualTo(List.of(Map.of(
                "HookTargetArn", Map.of("Fn::GetAtt", List.of(function, "Arn")),
                "RoleArn", Map.of("Fn::GetAtt", List.of(invoker, "Arn")),
                "LifecycleStages", List.of("POST_TEST_TRAFFIC_SHIFT"))));
        assertThat(Policies.managedPolicyOfRoleId(template(), invoker)).containsExactly(Map.of(
                "Sid", "CallTheReleaseCheck", "Effect", "Allow", "Action", "lambda:InvokeFunction",
                "Resource", Map.of("Fn::GetAtt", List.of(function, "Arn"))));
        assertThat(Policies.roleById(template(), invoker).trust()).singleElement().satisfies(statement ->
                assertThat(statement.get("Principal")).isEqualTo(Map.of("Service", "ecs.amazonaws.com")));
        // The check, its roles and policies exist before the service's first deployment calls it.
        var dependsOn = Policies.list(template().findResources("AWS::ECS::Service").values().iterator().next()
                .get("DependsOn"));
        assertThat(dependsOn).contains(function, invoker);
    }

    @Test
    void theRollbackAlarmsWatchBothGroupsTogether() {
        for (String metric : List.of("HTTPCode_Target_5XX_Count", "UnHealthyHostCount")) {
            Capture metrics = new Capture();
            template().hasResourceProperties("AWS::CloudWatch::Alarm", objectLike(Map.of("Metrics", metrics,
                    "EvaluationPeriods", 2, "TreatMissingData", "notBreaching")));
            assertThat(template().findResources("AWS::CloudWatch::Alarm").toString()).contains(metric);
        }
        template().resourcePropertiesCountIs("AWS::CloudWatch::Alarm", objectLike(Map.of("Metrics", Match.arrayWith(
                List.of(objectLike(Map.of("Expression", "FILL(primary, 0) + FILL(alternate, 0)", "ReturnData", true)))))), 2);
        template().resourcePropertiesCountIs("AWS::CloudWatch::Alarm", objectLike(Map.of("MetricName", Match.anyValue())), 0);
    }

    private static Template template() {
        return blueGreen;
    }
}
