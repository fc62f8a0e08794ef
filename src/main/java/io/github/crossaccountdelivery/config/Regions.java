package io.github.crossaccountdelivery.config;

import io.github.crossaccountdelivery.naming.Partitions;
import java.util.List;

/**
 * The regions a configuration may name: those aws-cdk-lib knows, in the partitions whose ARNs this
 * app writes. A pattern such as {@code us-east-9} would pass a regular expression but not a deployment.
 */
final class Regions {

    /** The partitions the app's names and the ARN rules know. */
    static final List<String> PARTITIONS = List.of("aws", "aws-cn", "aws-us-gov");

    private Regions() {
    }

    /** Whether the region can be configured. */
    static boolean supported(String region) {
        String partition = Partitions.byRegion().get(region);
        return partition != null && PARTITIONS.contains(partition);
    }

    /** What {@code region} should be, said for the value given. */
    static String expected(String given) {
        String form = "an AWS region code that aws-cdk-lib knows, in the " + String.join(", ", PARTITIONS)
                + " partitions";
        String partition = Partitions.byRegion().get(given);
        if (partition != null) {
            return form + ": " + given + " is in the " + partition
                    + " partition, and this app writes ARNs for those partitions only";
        }
        String closest = ContextKeys.closest(given,
                Partitions.byRegion().keySet().stream().filter(Regions::supported).toList());
        return closest != null ? form + ": did you mean " + closest + "?" : form;
    }
}
