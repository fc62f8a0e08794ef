package io.github.crossaccountdelivery.targetaccount;

import java.util.Objects;
import software.amazon.awscdk.Duration;

/**
 * How the load balancer decides that a task is healthy: it asks {@code path} every
 * {@code intervalSeconds} and waits {@code timeoutSeconds} for a 200.
 *
 * <p>Every field is required, because AWS's defaults (a check every 30 s, five in a row to be
 * healthy) make a rollout take minutes; the app sets them from the {@code healthCheck*} and
 * {@code *Threshold} keys.
 *
 * @param path               what answers 200 while the application is healthy, such as {@code /health}
 * @param intervalSeconds    seconds between checks
 * @param timeoutSeconds     seconds to wait for an answer, less than the interval
 * @param healthyThreshold   consecutive successes before a task is healthy
 * @param unhealthyThreshold consecutive failures before a task is unhealthy
 */
public record HealthCheck(String path, int intervalSeconds, int timeoutSeconds, int healthyThreshold,
                          int unhealthyThreshold) {

    public HealthCheck {
        Objects.requireNonNull(path, "path");
        // AWS rejects a timeout as long as the interval; CDK checks it only when both are set.
        if (timeoutSeconds >= intervalSeconds) {
            throw new IllegalArgumentException("a health-check timeout of " + timeoutSeconds
                    + " s must be less than its interval of " + intervalSeconds + " s");
        }
    }

    /** The check as a target group takes it, with 200 as the only healthy answer. */
    software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck forTargetGroup() {
        return software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck.builder()
                .path(path)
                .healthyHttpCodes("200")
                .interval(Duration.seconds(intervalSeconds))
                .timeout(Duration.seconds(timeoutSeconds))
                .healthyThresholdCount(healthyThreshold)
                .unhealthyThresholdCount(unhealthyThreshold)
                .build();
    }
}
