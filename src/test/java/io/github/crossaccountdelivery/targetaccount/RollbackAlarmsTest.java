package io.github.crossaccountdelivery.targetaccount;

import static io.github.crossaccountdelivery.BareStack.TEST;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.BareStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;

/** The alarms that roll a deployment back. */
class RollbackAlarmsTest {

    @Test
    void theAlarmsWatchTheServicesOwnTargetGroupWithTheGivenThresholdsAndDoNothingElse() {
        Stack stack = BareStack.inTestAccount();
        var vpc = Vpc.Builder.create(stack, "Vpc").natGateways(0).build();
        var targetGroup = ApplicationTargetGroup.Builder.create(stack, "Group").port(8080).vpc(vpc).build();
        ApplicationLoadBalancer.Builder.create(stack, "LoadBalancer").vpc(vpc).build()
                .addListener("Http", BaseApplicationListenerProps.builder().port(80)
                        .defaultTargetGroups(List.of(targetGroup)).build());
        new RollbackAlarms(stack, "RollbackAlarms", new RollbackAlarms.Props(TEST, List.of(targetGroup),
                new RollbackThresholds(5, 1, 3)));
        Template template = Template.fromStack(stack);

        String group = template.findResources("AWS::ElasticLoadBalancingV2::TargetGroup").keySet().iterator().next();
        Map<String, Object> dimension = Map.of("Name", "TargetGroup",
                "Value", Map.of("Fn::GetAtt", List.of(group, "TargetGroupFullName")));
        for (var expected : List.of(List.of(TEST.targetErrorsAlarm(), "HTTPCode_Target_5XX_Count", 5, "Sum"),
                List.of(TEST.unhealthyHostsAlarm(), "UnHealthyHostCount", 1, "Maximum"))) {
            Capture dimensions = new Capture();
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "AlarmName", expected.get(0),
                    "MetricName", expected.get(1),
                    "Namespace", "AWS/ApplicationELB",
                    "Threshold", expected.get(2),
                    "Statistic", expected.get(3),
                    "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                    "EvaluationPeriods", 3,
                    "Period", 60,
                    "TreatMissingData", "notBreaching",
                    "Dimensions", dimensions)));
            assertThat(dimensions.asArray()).contains(dimension);
        }
        // ECS acts on them; they have no actions of their own.
        template.resourcePropertiesCountIs("AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of("AlarmActions", Match.anyValue())), 0);
        assertThat(TEST.rollbackAlarms()).containsExactly("orders-test-target-5xx", "orders-test-unhealthy-hosts");
    }
}
