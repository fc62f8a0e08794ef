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
 * @param controls             the Deploy stage's conditions; {@link Controls#NONE} for none
 */
public record TargetStages(TargetNames target, boolean approval, int deployTimeoutMinutes, Checks checks,
                           Controls controls) {

    /**
     * When the Deploy stage may start: a CodePipeline {@code DeploymentWindow} rule's configuration.
     * https://docs.aws.amazon.com/codepipeline/latest/userguide/rule-reference-DeploymentWindow.html
     *
     * @param cron     the rule's {@code Cron}, six fields and an optional year
     * @param timeZone the rule's {@code TimeZone}, such as {@code UTC} or {@code Europe/Dublin}
     */
    public record Window(String cron, String timeZone) {
        public Window {
            Objects.requireNonNull(cron, "cron");
            Objects.requireNonNull(timeZone, "timeZone");
        }
    }

    /**
     * The Deploy stage's conditions.
     *
     * @param window            an entry condition that admits the stage only inside this window;
     *                          empty for none
     * @param rollbackOnFailure whether a failed stage is rolled back to its last successful
     *                          execution (an on-failure condition with the result ROLLBACK)
     */
    public record Controls(Optional<Window> window, boolean rollbackOnFailure) {
        /** No conditions: the stage as earlier releases had it. */
        public static final Controls NONE = new Controls(Optional.empty(), false);

        public Controls {
            Objects.requireNonNull(window, "window");
        }
    }

    /** Stages without conditions on the Deploy stage. */
    public TargetStages(TargetNames target, boolean approval, int deployTimeoutMinutes, Checks checks) {
        this(target, approval, deployTimeoutMinutes, checks, Controls.NONE);
    }

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
        Objects.requireNonNull(controls, "controls");
        if (deployTimeoutMinutes < 1 || deployTimeoutMinutes > 60) {
            throw new IllegalArgumentException("a deploy action waits 1 to 60 minutes, not " + deployTimeoutMinutes);
        }
    }
}
