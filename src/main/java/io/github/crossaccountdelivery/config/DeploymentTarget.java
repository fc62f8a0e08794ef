package io.github.crossaccountdelivery.config;

import java.util.Objects;

/**
 * An account the pipeline deploys the service to.
 *
 * @param name    short lowercase name used in stack and resource names, e.g. {@code test}
 * @param account the 12-digit account ID
 */
public record DeploymentTarget(String name, String account) {
    public DeploymentTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(account, "account");
    }
}
