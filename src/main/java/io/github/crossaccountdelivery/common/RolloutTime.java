package io.github.crossaccountdelivery.common;

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
 * @param gracePeriodSeconds         G
 * @param healthCheckIntervalSeconds I
 * @param healthyThreshold           H
 * @param deregistrationDelaySeconds D
 * @param stopTimeoutSeconds         S
 * @param alarmEvaluationMinutes     the deployment alarms' evaluation periods, of one minute each (B)
 */
public record RolloutTime(int gracePeriodSeconds, int healthCheckIntervalSeconds, int healthyThreshold,
                          int deregistrationDelaySeconds, int stopTimeoutSeconds, int alarmEvaluationMinutes) {

    /** L: the start-up allowance. */
    public static final int STARTUP_SECONDS = 35;
    /** What Verify needs after the rollout: the health check and the application's smoke test. */
    public static final int CHECKS_SECONDS = 60;
    /** The longest a CodePipeline ECS deploy action may wait. */
    public static final int DEPLOY_ACTION_LIMIT_MINUTES = 60;

    /** B. */
    public int bakeSeconds() {
        return alarmEvaluationMinutes * 60;
    }

    /** Until COMPLETED, for an application that answers its health check as soon as it starts. */
    public int expectedSeconds() {
        return STARTUP_SECONDS + healthCheckIntervalSeconds * healthyThreshold + deregistrationDelaySeconds
                + stopTimeoutSeconds + bakeSeconds();
    }

    /** Until COMPLETED, for one that takes its whole grace period to answer. */
    public int worstSeconds() {
        return expectedSeconds() + gracePeriodSeconds;
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
