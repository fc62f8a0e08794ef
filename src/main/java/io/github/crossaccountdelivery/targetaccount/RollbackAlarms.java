package io.github.crossaccountdelivery.targetaccount;

import io.github.crossaccountdelivery.common.Compliance;
import io.github.crossaccountdelivery.common.Ordered;
import io.github.crossaccountdelivery.naming.TargetNames;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;
import software.constructs.Construct;

/**
 * The alarms that roll a deployment back when the new tasks pass their health checks but then
 * fail requests: the service's targets answering 5XX, and targets turning unhealthy, both on the
 * service's own target group, or on both of a traffic-shifting service's groups together: its
 * new revision serves from either, and AWS's own blue/green example watches both.
 * https://aws.amazon.com/blogs/devops/choosing-between-amazon-ecs-blue-green-native-or-aws-codedeploy-in-aws-cdk/
 *
 * <p>Creates two CloudWatch alarms under fixed names ({@link TargetNames#rollbackAlarms()}), which the ECS service
 * lists as its deployment alarms with rollback: ECS watches them during each deployment, next to
 * the circuit breaker, and rolls back when one goes into ALARM. They have no actions of their
 * own; an alarm already in ALARM when a deployment starts is ignored for that deployment.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html
 *
 * <p>Exposes {@link #alarms()}.
 */
public final class RollbackAlarms extends Construct {

    /**
     * @param target       this target's names, which give the alarms theirs
     * @param targetGroups the service's target groups, whose metrics the alarms watch: one, or the
     *                     primary and alternate of a traffic-shifting service (their sum)
     * @param thresholds   when either alarm trips
     */
    public record Props(TargetNames target, List<ApplicationTargetGroup> targetGroups, RollbackThresholds thresholds) {
        public Props {
            Objects.requireNonNull(target, "target");
            targetGroups = List.copyOf(targetGroups);
            Objects.requireNonNull(thresholds, "thresholds");
            if (targetGroups.size() != 1 && targetGroups.size() != 2) {
                throw new IllegalArgumentException("one target group, or a primary and an alternate");
            }
        }
    }

    private final List<Alarm> alarms;

    public RollbackAlarms(Construct scope, String id, Props props) {
        super(scope, id);
        TargetNames target = props.target();
        RollbackThresholds thresholds = props.thresholds();
        MetricOptions perMinute = MetricOptions.builder().period(Duration.minutes(1)).statistic("Sum").build();

        Alarm errors = Alarm.Builder.create(this, "TargetErrors")
                .alarmName(target.targetErrorsAlarm())
                .alarmDescription("Tasks of " + target.service() + " answer 5XX; rolls a deployment back")
                .metric(summed(props.targetGroups(), group -> group.getMetrics()
                        .httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, perMinute)))
                .threshold(thresholds.targetErrorsPerMinute())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(thresholds.evaluationMinutes())
                // No requests, no errors.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        Alarm unhealthy = Alarm.Builder.create(this, "UnhealthyHosts")
                .alarmName(target.unhealthyHostsAlarm())
                .alarmDescription("Tasks of " + target.service() + " fail health checks; rolls a deployment back")
                .metric(summed(props.targetGroups(), group -> group.getMetrics().unhealthyHostCount(
                        MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").build())))
                .threshold(thresholds.unhealthyHosts())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(thresholds.evaluationMinutes())
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarms = List.of(errors, unhealthy);
        for (Alarm alarm : alarms) {
            Compliance.acknowledge(alarm, "NIST.800.53.R5-CloudWatchAlarmAction",
                    "ECS acts on this alarm: it is one of the service's deployment alarms, and rolls a"
                            + " deployment back when it goes into ALARM.");
        }
    }

    /**
     * One group's metric as it is; two groups' as their sum per minute, a group without data
     * counting 0 (the alternate group has no targets between deployments).
     */
    private static IMetric summed(List<ApplicationTargetGroup> groups, Function<ApplicationTargetGroup, IMetric> metric) {
        if (groups.size() == 1) {
            return metric.apply(groups.get(0));
        }
        return MathExpression.Builder.create()
                .expression("FILL(primary, 0) + FILL(alternate, 0)")
                .usingMetrics(Ordered.map("primary", metric.apply(groups.get(0)), "alternate", metric.apply(groups.get(1))))
                .period(Duration.minutes(1))
                .build();
    }

    public List<Alarm> alarms() {
        return alarms;
    }
}
