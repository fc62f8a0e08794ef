package io.github.crossaccountdelivery.acceptance.ports;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** ECS, in a target account. */
public interface Services {

    /** The service with its current deployments, the image of {@code container} resolved for each. */
    Optional<Service> service(String cluster, String service, String container);

    /** The service deployments created at or after {@code since}, oldest first, each with its target image. */
    List<ServiceDeployment> deploymentsSince(String cluster, String service, String container, Instant since);

    /** The ACTIVE task definition revisions of a family. */
    List<String> activeTaskDefinitions(String family);

    /**
     * Deregisters every revision of the family and deletes them.
     *
     * @return how many revisions it deregistered or deleted
     */
    int removeTaskDefinitions(String family);

    record Service(String status, int desired, int running, List<Deployment> deployments) {
        public Service {
            deployments = List.copyOf(deployments);
        }

        /** The deployment ECS is converging to; after a rollback, the one it rolled back to. */
        public Optional<Deployment> primary() {
            return deployments.stream().filter(d -> d.status().equals("PRIMARY")).findFirst();
        }
    }

    /**
     * One entry of DescribeServices' deployments.
     *
     * @param rolloutState IN_PROGRESS, COMPLETED or FAILED
     * @param image        the container's image in the deployment's task definition
     */
    record Deployment(String status, String rolloutState, String taskDefinition, String image, int running,
                      int desired) {
    }

    /**
     * A service deployment as ListServiceDeployments and DescribeServiceDeployments report it.
     *
     * @param status      PENDING, IN_PROGRESS, SUCCESSFUL, STOPPED, ROLLBACK_IN_PROGRESS,
     *                    ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED, ...
     * @param targetImage the image the deployment tried to run
     * @param reason      why it ended as it did (circuit breaker, alarm), or ""
     */
    record ServiceDeployment(String arn, String status, String targetImage, Instant created,
                             Optional<Instant> finished, String reason) {
        public boolean finishedDeploying() {
            return switch (status) {
                case "SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED" -> true;
                default -> false;
            };
        }
    }
}
