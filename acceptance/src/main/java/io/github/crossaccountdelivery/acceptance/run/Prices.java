package io.github.crossaccountdelivery.acceptance.run;

import java.util.Map;
import java.util.Optional;

/**
 * On-demand list prices in USD that the run's cost estimate uses, by region, with the date they
 * were transcribed. Most come from the app's own dated price files
 * (src/test/resources/prices/*.json, which name their sources); the rest are from the service
 * pricing pages named beside each. Estimates: check them against the pages before relying on them.
 *
 * @param asOf                   when the figures were taken
 * @param albPerHour             https://aws.amazon.com/elasticloadbalancing/pricing/
 * @param lcuPerHour             the same page; one LCU-hour covers an idle load balancer's probes
 * @param publicIpv4PerHour      https://aws.amazon.com/vpc/pricing/ (public IPv4 addresses)
 * @param fargateArmVcpuHour     https://aws.amazon.com/fargate/pricing/ (Linux/ARM)
 * @param fargateArmGbHour       the same page
 * @param fargateX86VcpuHour     the same page (Linux/X86)
 * @param fargateX86GbHour       the same page
 * @param codeBuildSmallPerMinute https://aws.amazon.com/codebuild/pricing/ (general1.small, Linux; the
 *                               ARM small machine costs less, so this is an upper bound)
 * @param actionMinute           https://aws.amazon.com/codepipeline/pricing/ (V2: per action execution
 *                               minute, rounded up per action; 100 minutes a month are free)
 * @param commandsComputeMinute  Commands action compute, priced as a small CodeBuild machine (assumption
 *                               of the app's price files)
 * @param kmsKeyPerMonth         https://aws.amazon.com/kms/pricing/ (prorated hourly; no charge while
 *                               a key is pending deletion)
 * @param metricPerMonth         https://aws.amazon.com/cloudwatch/pricing/ (custom metrics, prorated hourly)
 * @param alarmPerMonth          the same page (standard-resolution alarms, prorated hourly)
 * @param logIngestionPerGb      the same page (Logs, standard ingestion)
 * @param ecrStorageGbMonth      https://aws.amazon.com/ecr/pricing/
 * @param metricsRequested       https://aws.amazon.com/cloudwatch/pricing/ (GetMetricData, per 1,000 metrics
 *                               requested; not in the app's price files, and the same in both regions)
 */
public record Prices(String region, String asOf, double albPerHour, double lcuPerHour, double publicIpv4PerHour,
                     double fargateArmVcpuHour, double fargateArmGbHour, double fargateX86VcpuHour,
                     double fargateX86GbHour, double codeBuildSmallPerMinute, double actionMinute,
                     double commandsComputeMinute, double kmsKeyPerMonth, double metricPerMonth,
                     double alarmPerMonth, double logIngestionPerGb, double ecrStorageGbMonth,
                     double metricsRequested) {

    public static final double HOURS_PER_MONTH = 730;

    private static final Map<String, Prices> KNOWN = Map.of(
            "eu-west-1", new Prices("eu-west-1", "2026-11-27", 0.0252, 0.008, 0.005, 0.03238, 0.00356, 0.04048,
                    0.004445, 0.005, 0.002, 0.005, 1.0, 0.30, 0.10, 0.57, 0.10, 0.01),
            "us-east-1", new Prices("us-east-1", "2026-11-26", 0.0225, 0.008, 0.005, 0.03238, 0.00356, 0.04048,
                    0.004445, 0.005, 0.002, 0.005, 1.0, 0.30, 0.10, 0.50, 0.10, 0.01));

    /** Margin on a region without its own figures: most regions cost the same as or more than Ireland. */
    static final double UNKNOWN_REGION_MARGIN = 1.25;

    /** This region's prices, if the table has them. */
    public static Optional<Prices> of(String region) {
        return Optional.ofNullable(KNOWN.get(region));
    }

    /** A region without figures of its own: Ireland's, plus {@link #UNKNOWN_REGION_MARGIN}. */
    public static Prices fallback(String region) {
        Prices p = KNOWN.get("eu-west-1");
        double m = UNKNOWN_REGION_MARGIN;
        return new Prices(region, p.asOf(), p.albPerHour * m, p.lcuPerHour * m, p.publicIpv4PerHour * m,
                p.fargateArmVcpuHour * m, p.fargateArmGbHour * m, p.fargateX86VcpuHour * m, p.fargateX86GbHour * m,
                p.codeBuildSmallPerMinute * m, p.actionMinute * m, p.commandsComputeMinute * m,
                p.kmsKeyPerMonth * m, p.metricPerMonth * m, p.alarmPerMonth * m, p.logIngestionPerGb * m,
                p.ecrStorageGbMonth * m, p.metricsRequested * m);
    }
}
