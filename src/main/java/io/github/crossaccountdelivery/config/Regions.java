package io.github.crossaccountdelivery.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.regioninfo.RegionInfo;

/**
 * The regions a configuration may name: those aws-cdk-lib knows (its {@link RegionInfo} table,
 * which follows the pinned aws-cdk-lib version), in the partitions whose ARNs this app writes.
 * A pattern such as {@code us-east-9} would pass a regular expression but not a deployment.
 */
final class Regions {

    /** The partitions {@link ResourceNames#partition()} and the ARN rules know. */
    static final List<String> PARTITIONS = List.of("aws", "aws-cn", "aws-us-gov");

    private static Map<String, String> partitionByRegion;

    private Regions() {
    }

    /** Every region aws-cdk-lib knows, with its partition. Read once: each call crosses into jsii. */
    private static synchronized Map<String, String> all() {
        if (partitionByRegion == null) {
            Map<String, String> regions = new TreeMap<>();
            for (RegionInfo region : RegionInfo.getRegions()) {
                regions.put(region.getName(), region.getPartition());
            }
            partitionByRegion = Map.copyOf(regions);
        }
        return partitionByRegion;
    }

    /** Whether the region can be configured. */
    static boolean supported(String region) {
        String partition = all().get(region);
        return partition != null && PARTITIONS.contains(partition);
    }

    /** The partition of a supported region, e.g. {@code aws-cn} for {@code cn-north-1}. */
    static String partition(String region) {
        return all().get(region);
    }

    /** What {@code region} should be, said for the value given. */
    static String expected(String given) {
        String form = "an AWS region code that aws-cdk-lib knows, in the " + String.join(", ", PARTITIONS)
                + " partitions";
        if (all().containsKey(given)) {
            return form + ": " + given + " is in the " + all().get(given)
                    + " partition, and this app writes ARNs for those partitions only";
        }
        String closest = ContextKeys.closest(given,
                all().keySet().stream().filter(Regions::supported).sorted().toList());
        return closest != null ? form + ": did you mean " + closest + "?" : form;
    }
}
