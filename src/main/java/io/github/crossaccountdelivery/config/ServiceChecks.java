package io.github.crossaccountdelivery.config;

import static io.github.crossaccountdelivery.config.TargetSettings.BAKE_MINUTES;
import static io.github.crossaccountdelivery.config.TargetSettings.DEPLOYMENT;
import static io.github.crossaccountdelivery.config.TargetSettings.DEPLOY_WINDOW;
import static io.github.crossaccountdelivery.config.TargetSettings.DEPLOY_WINDOW_TIME_ZONE;
import static io.github.crossaccountdelivery.config.TargetSettings.STEP_BAKE_MINUTES;
import static io.github.crossaccountdelivery.config.TargetSettings.STEP_PERCENT;

import io.github.crossaccountdelivery.common.FargateSizes;
import io.github.crossaccountdelivery.common.ReleaseStrategy;
import io.github.crossaccountdelivery.common.RolloutTime;
import io.github.crossaccountdelivery.common.TrafficShift;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Predicate;

/**
 * The rules between the settings of how one target runs the service: memory its CPU size allows,
 * a health-check timeout below the interval, a maximum above the minimum, strategy settings only
 * with the strategies they belong to, a window's time zone only with a window, and a rollout the
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
        checkStrategySettings(values, keyOf, problems);
        checkRolloutFitsTheDeployAction(values, keyOf, problems);
    }

    /**
     * The settings a strategy does not use: the bake time with {@code rolling}, the steps with
     * anything but {@code canary} and {@code linear}.
     */
    private static List<Setting<?>> notUsedBy(ReleaseStrategy strategy) {
        return switch (strategy) {
            case ROLLING -> List.of(BAKE_MINUTES, STEP_PERCENT, STEP_BAKE_MINUTES);
            case BLUE_GREEN -> List.of(STEP_PERCENT, STEP_BAKE_MINUTES);
            case CANARY, LINEAR -> List.of();
        };
    }

    /**
     * Drops what a target inherits from the top level but its own strategy does not use: the
     * top-level values are defaults for the targets that use them. Settings the target sets itself
     * stay, for {@link #check} to refuse.
     *
     * @param own whether the target sets the key itself
     */
    static void dropInheritedSettingsItsStrategyDoesNotUse(Map<Setting<?>, Object> values, Predicate<String> own) {
        if (values.get(DEPLOYMENT) instanceof ReleaseStrategy strategy) {
            notUsedBy(strategy).stream().filter(setting -> !own.test(setting.key())).forEach(values::remove);
        }
    }

    /** Strategy settings given with a strategy that does not use them, and a time zone without a window. */
    private static void checkStrategySettings(Map<Setting<?>, Object> values, BinaryOperator<String> keyOf,
                                              Problems problems) {
        if (values.get(DEPLOYMENT) instanceof ReleaseStrategy strategy) {
            for (Setting<?> setting : notUsedBy(strategy)) {
                if (values.get(setting) != null) {
                    problems.add(keyOf.apply(setting.key(), DEPLOYMENT.key()), values.get(setting), "nothing while"
                            + " deployment is " + strategy + ": " + setting.key() + " applies to "
                            + (setting == BAKE_MINUTES ? "blueGreen, canary and linear" : "canary and linear")
                            + "; remove it, or set deployment to one of those");
                    values.put(setting, null);
                }
            }
            if (strategy == ReleaseStrategy.LINEAR && values.get(STEP_PERCENT) instanceof Double percent
                    && !TrafficShift.validPercent(percent, TrafficShift.MIN_LINEAR_PERCENT)) {
                problems.add(keyOf.apply(STEP_PERCENT.key(), DEPLOYMENT.key()), percent, "a number from "
                        + Setting.plain(TrafficShift.MIN_LINEAR_PERCENT) + " to 100 in steps of 0.1 while deployment"
                        + " is linear: ECS moves at least 3 percent per linear step (a canary's first step may be"
                        + " smaller)");
                values.put(STEP_PERCENT, null);
            }
        }
        if (values.get(DEPLOY_WINDOW_TIME_ZONE) != null && !values.containsKey(DEPLOY_WINDOW)) {
            problems.add(keyOf.apply(DEPLOY_WINDOW_TIME_ZONE.key(), DEPLOY_WINDOW.key()),
                    values.get(DEPLOY_WINDOW_TIME_ZONE), "nothing without deployWindow: it is the window's time"
                            + " zone; set deployWindow too, or remove it");
            values.put(DEPLOY_WINDOW_TIME_ZONE, null);
        }
    }

    /** The traffic shift the values describe, or null when a value it needs is not valid. */
    static TrafficShift trafficShift(Map<Setting<?>, Object> values) {
        if (!(values.get(DEPLOYMENT) instanceof ReleaseStrategy strategy)) {
            return null;
        }
        for (Setting<?> setting : List.of(BAKE_MINUTES, STEP_PERCENT, STEP_BAKE_MINUTES)) {
            if (values.containsKey(setting) && values.get(setting) == null) {
                return null;
            }
        }
        try {
            return TrafficShift.of(strategy, (Integer) values.get(BAKE_MINUTES), (Double) values.get(STEP_PERCENT),
                    (Integer) values.get(STEP_BAKE_MINUTES));
        } catch (IllegalArgumentException e) {
            return null;
        }
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
        TrafficShift shift = trafficShift(values);
        if (!terms.stream().allMatch(term -> values.get(term) instanceof Integer) || shift == null) {
            return;
        }
        RolloutTime rollout = new RolloutTime((Integer) values.get(terms.get(0)), (Integer) values.get(terms.get(1)),
                (Integer) values.get(terms.get(2)), (Integer) values.get(terms.get(3)),
                (Integer) values.get(terms.get(4)), (Integer) values.get(terms.get(5)), shift);
        if (rollout.deployMinutes() <= RolloutTime.DEPLOY_ACTION_LIMIT_MINUTES) {
            return;
        }
        Map<Setting<?>, Integer> seconds = new LinkedHashMap<>();
        seconds.put(terms.get(0), rollout.gracePeriodSeconds());
        seconds.put(terms.get(1), rollout.healthCheckIntervalSeconds() * rollout.healthyThreshold());
        seconds.put(terms.get(3), rollout.deregistrationDelaySeconds());
        seconds.put(terms.get(5), rollout.bakeSeconds());
        if (shift.strategy().shiftsTraffic()) {
            seconds.put(BAKE_MINUTES, shift.bakeSeconds());
        }
        if (shift.strategy().steps()) {
            seconds.put(STEP_BAKE_MINUTES, shift.shiftWaitSeconds());
        }
        Setting<?> largest = seconds.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        String smaller = values.get(largest) == null ? "a value below its default for " + shift.strategy() : "a smaller value";
        problems.add(keyOf.apply(largest.key(), largest.key()), values.get(largest), smaller + ": with these"
                + " timings a " + shift.strategy() + " rollout may take " + rollout.verifySeconds() + " s with Verify's"
                + " checks, longer than the pipeline's deploy action can wait (" + RolloutTime.DEPLOY_ACTION_LIMIT_MINUTES
                + " minutes); docs/speed-and-cost.md shows the formula");
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
