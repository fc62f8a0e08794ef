package io.github.crossaccountdelivery.naming;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.regioninfo.RegionInfo;

/**
 * The regions aws-cdk-lib knows and the partition each belongs to: the one place a region's
 * partition is worked out. Read once from aws-cdk-lib's {@link RegionInfo} table, which follows the
 * pinned aws-cdk-lib version; each call to it crosses into jsii.
 */
public final class Partitions {

    /**
     * The partitions the app deploys to: the commercial one. In aws-cn and aws-us-gov the app's
     * notification rule (AWS::CodeStarNotifications::NotificationRule) does not exist, which
     * CloudFormation's own validation reports for cn-north-1 and us-gov-west-1 (F3006), and
     * nothing else of the app has been checked there; a region of those is refused up front
     * rather than failing at deploy.
     */
    public static final List<String> SUPPORTED = List.of("aws");

    private static Map<String, String> partitionByRegion;

    private Partitions() {
    }

    /** Every region aws-cdk-lib knows, with its partition, sorted by region. */
    public static synchronized Map<String, String> byRegion() {
        if (partitionByRegion == null) {
            Map<String, String> regions = new TreeMap<>();
            for (RegionInfo region : RegionInfo.getRegions()) {
                regions.put(region.getName(), region.getPartition());
            }
            partitionByRegion = java.util.Collections.unmodifiableMap(regions);
        }
        return partitionByRegion;
    }

    /**
     * The partition of a region, e.g. {@code aws-cn} for {@code cn-north-1}.
     *
     * @throws IllegalArgumentException for a region aws-cdk-lib does not know
     */
    public static String of(String region) {
        String partition = byRegion().get(region);
        if (partition == null) {
            throw new IllegalArgumentException("aws-cdk-lib knows no region " + region);
        }
        return partition;
    }

    /** Whether the app can deploy to the region: aws-cdk-lib knows it, in a partition the app writes ARNs for. */
    public static boolean supported(String region) {
        String partition = byRegion().get(region);
        return partition != null && SUPPORTED.contains(partition);
    }

    /** The DNS suffix of the partition's service endpoints, e.g. {@code amazonaws.com.cn}. */
    static String dnsSuffix(String partition) {
        return partition.equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com";
    }
}
