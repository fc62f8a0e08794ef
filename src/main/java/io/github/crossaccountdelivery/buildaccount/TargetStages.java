package io.github.crossaccountdelivery.buildaccount;

import io.github.crossaccountdelivery.naming.TargetNames;
import java.util.Objects;
import java.util.Optional;

/**
 * The pipeline's stages for one deployment target: an optional approval, the deploy, and the
 * verification after it.
 *
 * @param target               the target's names: its account, its deployment and verification
 *                             roles, its cluster and service
 * @param approval             whether a person approves before the deploy
 * @param deployTimeoutMinutes how long the deploy action waits for ECS, 1 to 60 (the action's own
 *                             default, 60, holds the pipeline long after a rollback)
 * @param checks               what the verification checks
 */
public record TargetStages(TargetNames target, boolean approval, int deployTimeoutMinutes, Checks checks) {

    /**
     * What the Verify stage checks after the deploy.
     *
     * @param containerName   the container whose image must be the one built
     * @param healthCheckPath the path that must answer 200
     * @param smokeTestPath   the application's smoke-test script, run when the source has it
     * @param timeoutSeconds  how long the checks may take together
     * @param domainName      the name the target's certificate is for, which the health check
     *                        verifies it against over https; empty for a target without one
     *                        (plain http)
     */
    public record Checks(String containerName, String healthCheckPath, String smokeTestPath, int timeoutSeconds,
                         Optional<String> domainName) {
        public Checks {
            Objects.requireNonNull(containerName, "containerName");
            Objects.requireNonNull(healthCheckPath, "healthCheckPath");
            Objects.requireNonNull(smokeTestPath, "smokeTestPath");
            Objects.requireNonNull(domainName, "domainName");
        }

        /** Checks of a plain-http target. */
        public Checks(String containerName, String healthCheckPath, String smokeTestPath, int timeoutSeconds) {
            this(containerName, healthCheckPath, smokeTestPath, timeoutSeconds, Optional.empty());
        }
    }

    public TargetStages {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(checks, "checks");
        if (deployTimeoutMinutes < 1 || deployTimeoutMinutes > 60) {
            throw new IllegalArgumentException("a deploy action waits 1 to 60 minutes, not " + deployTimeoutMinutes);
        }
    }
}
