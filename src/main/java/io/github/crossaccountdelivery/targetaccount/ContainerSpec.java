package io.github.crossaccountdelivery.targetaccount;

import java.util.Objects;
import java.util.Optional;

/**
 * The application's container as the task definition, the load balancer and the pipeline's
 * image definitions all see it.
 *
 * @param name                   the container's name, which {@code imagedefinitions.json} names too
 * @param port                   the port the application listens on
 * @param user                   the user to run as ({@code uid} or {@code uid:gid}); empty to run as
 *                               the image's own {@code USER}
 * @param readonlyRootFilesystem whether the root file system is read-only (with a writable {@code /tmp})
 */
public record ContainerSpec(String name, int port, Optional<String> user, boolean readonlyRootFilesystem) {
    public ContainerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(user, "user");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
    }
}
