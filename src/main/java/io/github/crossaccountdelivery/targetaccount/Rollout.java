package io.github.crossaccountdelivery.targetaccount;

/**
 * How ECS replaces the service's tasks when the task definition changes.
 *
 * <p>Every field is required: CDK's defaults (a 50 percent minimum, no grace period, a 30 s stop
 * timeout) make rollouts slow or drop capacity. The app sets them from {@code minHealthyPercent},
 * {@code maxHealthyPercent}, {@code healthCheckGracePeriodSeconds} and {@code stopTimeoutSeconds}.
 *
 * @param minHealthyPercent  lower bound of running tasks during a rollout, in percent of the desired count
 * @param maxHealthyPercent  upper bound, above the lower one
 * @param gracePeriodSeconds time a new task gets before failed health checks count
 * @param stopTimeoutSeconds time between SIGTERM and SIGKILL for a stopping task
 */
public record Rollout(int minHealthyPercent, int maxHealthyPercent, int gracePeriodSeconds, int stopTimeoutSeconds) {

    public Rollout {
        if (maxHealthyPercent <= minHealthyPercent) {
            throw new IllegalArgumentException("maxHealthyPercent " + maxHealthyPercent
                    + " must be above minHealthyPercent " + minHealthyPercent);
        }
    }
}
