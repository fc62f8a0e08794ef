package io.github.crossaccountdelivery.common;

import java.util.Objects;

/**
 * How long ECS may take to roll a service onto a new task definition, from the settings that
 * decide it: the one formula behind the pipeline's deploy and verify timeouts and the speed model.
 *
 * <p>A rolling deployment is COMPLETED when the new tasks are healthy, the old ones are gone and
 * the bake time is over: {@code L + G + I*H + D + S + B}, with
 * <ul>
 * <li>L, {@value #STARTUP_SECONDS} s: Fargate placing the task, pulling the image and starting the
 *     application (an allowance, not a figure AWS publishes);</li>
 * <li>G, the health-check grace period: how long the application may take to answer at all;</li>
 * <li>I*H, the load balancer's interval times the healthy threshold: checks until healthy;</li>
 * <li>D, the deregistration delay, and S, the stop timeout: the old task drained and stopped;</li>
 * <li>B, the bake time. With deployment alarms, ECS keeps watching them after the old tasks are
 *     gone and marks the rollout COMPLETED only then; it "computes this time period based on the
 *     alarm configuration" without saying how
 *     (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html),
 *     so it is taken as the alarms' evaluation window, evaluation periods times their one-minute
 *     period. The acceptance run measures it.</li>
 * </ul>
 * An application that answers at once does not use G; {@link #expectedSeconds} leaves it out,
 * {@link #worstSeconds} keeps it. Timeouts use the worst case and a margin: they fail a release
 * that is still rolling out, so erring long is the safe side.
 *
 * <p>A deployment that shifts traffic ({@link TrafficShift}: blue/green, canary, linear) starts the
 * whole new revision beside the old one, behind a second target group, and is COMPLETED when
 * <ul>
 * <li>the new tasks are healthy, {@code L + G + I*H};</li>
 * <li>the release check has called the test route, at most C, {@value #RELEASE_CHECK_SECONDS} s
 *     (the check's own time limit);</li>
 * <li>production traffic has moved: W, the waits between its shifts (a canary's bake, a linear
 *     step's bake before each later step);</li>
 * <li>the bake time K has passed with both revisions running, and B on top of it: AWS does not
 *     say whether the alarm bake of a rolling deployment also follows a blue/green bake time,
 *     so both are counted, erring long;</li>
 * <li>the old tasks are drained and stopped, {@code D + S}.</li>
 * </ul>
 * That is {@code L + G + I*H + C + W + K + B + D + S}
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html).
 *
 * @param gracePeriodSeconds         G
 * @param healthCheckIntervalSeconds I
 * @param healthyThreshold           H
 * @param deregistrationDelaySeconds D
 * @param stopTimeoutSeconds         S
 * @param alarmEvaluationMinutes     the deployment alarms' evaluation periods, of one minute each (B)
 * @param shift                      how production traffic moves; {@link TrafficShift#rolling()} for none
 */
public record RolloutTime(int gracePeriodSeconds, int healthCheckIntervalSeconds, int healthyThreshold,
                          int deregistrationDelaySeconds, int stopTimeoutSeconds, int alarmEvaluationMinutes,
                          TrafficShift shift) {

    /** L: the start-up allowance. */
    public static final int STARTUP_SECONDS = 35;
    /** What Verify needs after the rollout: the health check and the application's smoke test. */
    public static final int CHECKS_SECONDS = 60;
    /** The longest a CodePipeline ECS deploy action may wait. */
    public static final int DEPLOY_ACTION_LIMIT_MINUTES = 60;
    /** C: the longest the release check of a traffic-shifting deployment takes (its time limit). */
    public static final int RELEASE_CHECK_SECONDS = 60;

    public RolloutTime {
        Objects.requireNonNull(shift, "shift");
    }

    /** A rolling deployment's timings. */
    public RolloutTime(int gracePeriodSeconds, int healthCheckIntervalSeconds, int healthyThreshold,
                       int deregistrationDelaySeconds, int stopTimeoutSeconds, int alarmEvaluationMinutes) {
        this(gracePeriodSeconds, healthCheckIntervalSeconds, healthyThreshold, deregistrationDelaySeconds,
                stopTimeoutSeconds, alarmEvaluationMinutes, TrafficShift.rolling());
    }

    /** B. */
    public int bakeSeconds() {
        return alarmEvaluationMinutes * 60;
    }

    /** Until the new tasks are healthy, for an application that answers at once: L + I*H. */
    public int healthySeconds() {
        return STARTUP_SECONDS + healthCheckIntervalSeconds * healthyThreshold;
    }

    /**
     * Until COMPLETED, for an application that answers its health check as soon as it starts,
     * and a release check that passes at once.
     */
    public int expectedSeconds() {
        return healthySeconds() + shift.shiftWaitSeconds() + shift.bakeSeconds() + deregistrationDelaySeconds
                + stopTimeoutSeconds + bakeSeconds();
    }

    /**
     * Until COMPLETED, for one that takes its whole grace period to answer, and a release check
     * that takes all of its time.
     */
    public int worstSeconds() {
        return expectedSeconds() + gracePeriodSeconds + (shift.strategy().shiftsTraffic() ? RELEASE_CHECK_SECONDS : 0);
    }

    /** The least Verify should wait: the worst rollout, then its own checks. */
    public int verifySeconds() {
        return worstSeconds() + CHECKS_SECONDS;
    }

    /** The least the deploy action should wait, in whole minutes. */
    public int deployMinutes() {
        return (verifySeconds() + 59) / 60;
    }
}
