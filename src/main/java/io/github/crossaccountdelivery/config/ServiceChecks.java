package io.github.crossaccountdelivery.config;

import io.github.crossaccountdelivery.common.FargateSizes;
import io.github.crossaccountdelivery.common.RolloutTime;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * The rules between the settings of how one target runs the service: memory its CPU size allows,
 * a health-check timeout below the interval, a maximum above the minimum, and a rollout the
 * pipeline's deploy action can wait for. Each runs only on values that are valid on their own
 * (null here means not valid, and is skipped), and a value that breaks one becomes unusable.
 */
final class ServiceChecks {

    private ServiceChecks() {
    }

    private interface Rule {
        /** What the first value should be given the second, or null when it fits. */
        String problem(int atFault, int other);
    }

    /**
     * How a target runs the service: memory that its CPU size allows, a health-check timeout
     * below the interval, a maximum above the minimum. A value that breaks one becomes unusable (null).
     *
     * @param keyOf the key to blame, given the setting at fault and the other one its rule involves
     */
    static void check(Map<Setting<?>, Object> values, BinaryOperator<String> keyOf, Problems problems) {
        across(values, TargetSettings.TASK_MEMORY_MIB, TargetSettings.TASK_CPU, (memory, cpu) -> FargateSizes.fits(cpu, memory) ? null
                : "a Fargate memory size for taskCpu " + cpu + ": " + FargateSizes.memorySizes(cpu), keyOf, problems);
        across(values, TargetSettings.HEALTH_CHECK_TIMEOUT_SECONDS, TargetSettings.HEALTH_CHECK_INTERVAL_SECONDS,
                (timeout, interval) -> timeout < interval ? null : "a whole number of seconds from 2 to less than"
                        + " healthCheckIntervalSeconds (" + interval + "); AWS rejects a timeout as long as the interval",
                keyOf, problems);
        across(values, TargetSettings.MAX_HEALTHY_PERCENT, TargetSettings.MIN_HEALTHY_PERCENT, (max, min) -> max > min ? null
                : "a whole number from 100 to 200, above minHealthyPercent (" + min + ")", keyOf, problems);
        checkRolloutFitsTheDeployAction(values, keyOf, problems);
    }

    /**
     * The pipeline waits for the rollout, and its deploy action waits at most an hour: timings whose
     * rollout could take longer are refused, blaming the one that adds most.
     */
    private static void checkRolloutFitsTheDeployAction(Map<Setting<?>, Object> values, BinaryOperator<String> keyOf,
                                                        Problems problems) {
        List<Setting<Integer>> terms = List.of(TargetSettings.HEALTH_CHECK_GRACE_PERIOD_SECONDS,
                TargetSettings.HEALTH_CHECK_INTERVAL_SECONDS, TargetSettings.HEALTHY_THRESHOLD,
                TargetSettings.DEREGISTRATION_DELAY_SECONDS, TargetSettings.STOP_TIMEOUT_SECONDS, TargetSettings.ALARM_EVALUATION_MINUTES);
        if (!terms.stream().allMatch(term -> values.get(term) instanceof Integer)) {
            return;
        }
        RolloutTime rollout = new RolloutTime((Integer) values.get(terms.get(0)), (Integer) values.get(terms.get(1)),
                (Integer) values.get(terms.get(2)), (Integer) values.get(terms.get(3)),
                (Integer) values.get(terms.get(4)), (Integer) values.get(terms.get(5)));
        if (rollout.deployMinutes() <= RolloutTime.DEPLOY_ACTION_LIMIT_MINUTES) {
            return;
        }
        Map<Setting<Integer>, Integer> seconds = Map.of(terms.get(0), rollout.gracePeriodSeconds(),
                terms.get(1), rollout.healthCheckIntervalSeconds() * rollout.healthyThreshold(),
                terms.get(3), rollout.deregistrationDelaySeconds(), terms.get(5), rollout.bakeSeconds());
        Setting<Integer> largest = seconds.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        problems.add(keyOf.apply(largest.key(), largest.key()), values.get(largest), "a smaller value: with these"
                + " timings a rollout may take " + rollout.verifySeconds() + " s with Verify's checks, longer than the"
                + " pipeline's deploy action can wait (" + RolloutTime.DEPLOY_ACTION_LIMIT_MINUTES + " minutes);"
                + " docs/speed-and-cost.md shows the formula");
    }

    private static void across(Map<Setting<?>, Object> values, Setting<Integer> atFault, Setting<Integer> other,
                               Rule rule, BinaryOperator<String> keyOf, Problems problems) {
        if (values.get(atFault) instanceof Integer a && values.get(other) instanceof Integer b) {
            String expected = rule.problem(a, b);
            if (expected != null) {
                problems.add(keyOf.apply(atFault.key(), other.key()), a, expected);
                values.put(atFault, null);
            }
        }
    }
}
