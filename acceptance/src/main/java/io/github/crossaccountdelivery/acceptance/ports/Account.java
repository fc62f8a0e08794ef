package io.github.crossaccountdelivery.acceptance.ports;

import java.util.Objects;

/**
 * Everything the run asks AWS, in one account and region, with one profile's credentials.
 *
 * @param label "build" or "test": how messages name the account
 */
public record Account(String label, Identity identity, Connections connections, Stacks stacks, Pipelines pipelines,
                      Images images, Services services, Buckets buckets, LogGroups logs, Keys keys,
                      Metrics metrics) {

    public Account {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(stacks, "stacks");
        Objects.requireNonNull(pipelines, "pipelines");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(services, "services");
        Objects.requireNonNull(buckets, "buckets");
        Objects.requireNonNull(logs, "logs");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(metrics, "metrics");
    }

    /** Opens an account from a named profile of the AWS CLI configuration. */
    @FunctionalInterface
    public interface Opener {
        Account open(String label, String profile, String region);
    }
}
