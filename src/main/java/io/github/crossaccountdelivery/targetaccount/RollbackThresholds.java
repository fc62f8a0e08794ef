package io.github.crossaccountdelivery.targetaccount;

/**
 * When a deployment's alarms roll it back.
 *
 * <p>Every field is required; the app sets them from the {@code alarm*} keys.
 *
 * @param targetErrorsPerMinute 5XX answers from the tasks in a minute
 * @param unhealthyHosts        targets failing their health checks at once
 * @param evaluationMinutes     consecutive minutes either must hold
 */
public record RollbackThresholds(int targetErrorsPerMinute, int unhealthyHosts, int evaluationMinutes) {

    public RollbackThresholds {
        if (targetErrorsPerMinute < 1 || unhealthyHosts < 1 || evaluationMinutes < 1) {
            throw new IllegalArgumentException("alarm thresholds and evaluation minutes start at 1");
        }
    }
}
