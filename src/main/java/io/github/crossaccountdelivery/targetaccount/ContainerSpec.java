package io.github.crossaccountdelivery.targetaccount;

import java.util.Objects;

/**
 * The application's container as the task definition, the load balancer and the pipeline's
 * image definitions all see it.
 *
 * @param name            the container's name, which {@code imagedefinitions.json} names too
 * @param port            the port the application listens on
 * @param healthCheckPath the path that answers 200 while the application is healthy
 */
public record ContainerSpec(String name, int port, String healthCheckPath) {
    public ContainerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(healthCheckPath, "healthCheckPath");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
    }
}
