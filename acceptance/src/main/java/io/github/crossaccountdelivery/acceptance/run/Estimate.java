package io.github.crossaccountdelivery.acceptance.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a run costs and how long it takes, printed before anything is created.
 *
 * <p>Duration: each phase's typical length (from the app's own timing model and AWS's usual
 * provisioning times) and its bound (the run's timeouts). Cost: the resources that bill by the
 * hour (load balancer, its addresses, the task, keys, metrics) for as long as the test stack
 * lives, which is close to the whole run, plus what bills by use (build minutes, pipeline action
 * minutes, Verify's compute, log ingestion, the delivery metrics, A13's metric requests). Free
 * tiers are left out, so a sandbox account with free minutes left pays less. What an idle sandbox
 * would cost anyway (the bootstrap stacks' buckets) is not the run's.
 *
 * @param lines       what each item costs, typical and bounded
 * @param phases      the run's phases, typical and bounded
 * @param pricesNote  where the prices come from and their date
 */
public record Estimate(List<Line> lines, List<Phase> phases, String pricesNote) {

    public Estimate {
        lines = List.copyOf(lines);
        phases = List.copyOf(phases);
    }

    /** One item: its cost for a typical run and for a run where every wait runs to its bound. */
    public record Line(String item, double typicalUsd, double boundUsd) {
    }

    public record Phase(String name, Duration typical, Duration bound) {
    }

    public double typicalUsd() {
        return lines.stream().mapToDouble(Line::typicalUsd).sum();
    }

    public double boundUsd() {
        return lines.stream().mapToDouble(Line::boundUsd).sum();
    }

    public Duration typical() {
        return phases.stream().map(Phase::typical).reduce(Duration.ZERO, Duration::plus);
    }

    public Duration bound() {
        return phases.stream().map(Phase::bound).reduce(Duration.ZERO, Duration::plus);
    }

    /** Typical minutes of each pipeline action per release, from the app's timing model (docs/speed-and-cost.md). */
    static final double SOURCE_MINUTES = 1;
    static final double BUILD_MINUTES = 5;
    static final double DEPLOY_MINUTES = 3;
    static final double VERIFY_MINUTES = 2;
    /** The broken release's deploy runs until the circuit breaker (three failed tasks) or an alarm rolls it back. */
    static final double BROKEN_DEPLOY_MINUTES = 10;
    /** Task-hours beyond one task for the run: the rolling deploys' second task and the broken release's tasks. */
    static final double EXTRA_TASK_SHARE = 0.3;
    /** Container Insights metrics of one cluster, service and task family (the app's price files). */
    static final int INSIGHTS_METRICS = 24;
    static final double LOG_GB = 0.01;
    /** How long the delivery metrics of the broken release typically take to show in CloudWatch (A13). */
    static final int METRICS_WAIT_MINUTES = 2;
    /**
     * Metrics A13 requests from GetMetricData at each look: Sum and SampleCount of Deployments,
     * FailedDeployments and LeadTimeSeconds.
     */
    static final int METRICS_PER_LOOK = 6;
    /** The custom metrics the app's metrics function writes in a run: Deployments, FailedDeployments, LeadTimeSeconds. */
    static final int DELIVERY_METRICS = 3;
    static final double IMAGE_GB = 0.1;

    public static Estimate of(String region, String architecture, Timeouts timeouts) {
        Optional<Prices> known = Prices.of(region);
        Prices p = known.orElseGet(() -> Prices.fallback(region));
        String note = known.isPresent()
                ? "list prices for %s as of %s (acceptance/README.md names the pages)".formatted(region, p.asOf())
                : "no prices of %s in the table: Ireland's (as of %s) plus %d%%".formatted(region, p.asOf(),
                Math.round((Prices.UNKNOWN_REGION_MARGIN - 1) * 100));

        List<Phase> phases = List.of(
                new Phase("checks, project copy, cdk synth", Duration.ofMinutes(2), timeouts.synth()),
                new Phase("deploy the test stack", Duration.ofMinutes(10), timeouts.deployTestStack()),
                new Phase("push release 1, deploy the build stack", Duration.ofMinutes(4), timeouts.deployBuildStack()),
                new Phase("release 1 through the pipeline", Duration.ofMinutes(12), timeouts.execution()),
                new Phase("day-two cdk deploy", Duration.ofMinutes(5), timeouts.dayTwoDeploy()),
                new Phase("broken release, rollback", Duration.ofMinutes(16),
                        timeouts.execution().plus(timeouts.serviceSettles())),
                new Phase("delivery metrics in CloudWatch", Duration.ofMinutes(METRICS_WAIT_MINUTES),
                        timeouts.metricsAppear()),
                new Phase("teardown", Duration.ofMinutes(15), timeouts.stackSettles().multipliedBy(2)
                        .plus(timeouts.destroyBuildStack()).plus(timeouts.destroyTestStack())
                        .plus(timeouts.lateLogDelivery())));
        double typicalHours = phases.stream().map(Phase::typical).reduce(Duration.ZERO, Duration::plus).toMinutes() / 60.0;
        double boundHours = phases.stream().map(Phase::bound).reduce(Duration.ZERO, Duration::plus).toMinutes() / 60.0;

        boolean arm = !architecture.equals("X86_64");
        // 0.25 vCPU and 0.5 GB, then 1 GB after the day-two deploy: priced at 1 GB throughout.
        double taskHour = 0.25 * (arm ? p.fargateArmVcpuHour() : p.fargateX86VcpuHour())
                + 1.0 * (arm ? p.fargateArmGbHour() : p.fargateX86GbHour());
        double releaseActionMinutes = SOURCE_MINUTES + BUILD_MINUTES + DEPLOY_MINUTES + VERIFY_MINUTES;
        double brokenActionMinutes = SOURCE_MINUTES + BUILD_MINUTES + BROKEN_DEPLOY_MINUTES;
        double boundActionMinutes = 2 * timeouts.execution().toMinutes();

        List<Line> lines = new ArrayList<>();
        lines.add(hourly("Application Load Balancer and one LCU", p.albPerHour() + p.lcuPerHour(), typicalHours,
                boundHours));
        lines.add(hourly("public IPv4 addresses (2 for the load balancer, 1 for the task)", 3 * p.publicIpv4PerHour(),
                typicalHours, boundHours));
        lines.add(hourly("Fargate task (%s, 0.25 vCPU, up to 1 GB), with rollout overlap".formatted(architecture),
                taskHour * (1 + EXTRA_TASK_SHARE), typicalHours, boundHours));
        lines.add(hourly("KMS keys (2), prorated hourly", 2 * p.kmsKeyPerMonth() / Prices.HOURS_PER_MONTH,
                typicalHours, boundHours));
        lines.add(hourly("Container Insights metrics (%d) and 2 alarms".formatted(INSIGHTS_METRICS),
                (INSIGHTS_METRICS * p.metricPerMonth() + 2 * p.alarmPerMonth()) / Prices.HOURS_PER_MONTH, typicalHours, boundHours));
        lines.add(new Line("CodeBuild, 2 image builds", 2 * BUILD_MINUTES * p.codeBuildSmallPerMinute(),
                2 * timeouts.stage("Build").toMinutes() * p.codeBuildSmallPerMinute()));
        lines.add(new Line("CodePipeline V2 action minutes, 2 executions",
                (releaseActionMinutes + brokenActionMinutes) * p.actionMinute(), boundActionMinutes * p.actionMinute()));
        lines.add(new Line("Verify's Commands compute", VERIFY_MINUTES * p.commandsComputeMinute(),
                timeouts.stage("Verify-test").toMinutes() * p.commandsComputeMinute()));
        lines.add(new Line("log ingestion and image storage (deleted at teardown)",
                LOG_GB * p.logIngestionPerGb() + IMAGE_GB * p.ecrStorageGbMonth() * typicalHours / Prices.HOURS_PER_MONTH,
                10 * LOG_GB * p.logIngestionPerGb() + IMAGE_GB * p.ecrStorageGbMonth() * boundHours / Prices.HOURS_PER_MONTH));
        // One look every poll interval, and one at the start.
        long typicalLooks = Duration.ofMinutes(METRICS_WAIT_MINUTES).dividedBy(timeouts.poll()) + 1;
        long boundLooks = timeouts.metricsAppear().dividedBy(timeouts.poll()) + 1;
        // Each metric the function writes is billed for the hours it is published in: about one each.
        double deliveryMetrics = DELIVERY_METRICS * p.metricPerMonth() / Prices.HOURS_PER_MONTH;
        lines.add(new Line("delivery metrics (%d metric-hours) and A13's GetMetricData (%d a look)"
                .formatted(DELIVERY_METRICS, METRICS_PER_LOOK),
                deliveryMetrics + typicalLooks * METRICS_PER_LOOK * p.metricsRequested() / 1000,
                deliveryMetrics + boundLooks * METRICS_PER_LOOK * p.metricsRequested() / 1000));
        return new Estimate(lines, phases, note);
    }

    private static Line hourly(String item, double perHour, double typicalHours, double boundHours) {
        return new Line(item, perHour * typicalHours, perHour * boundHours);
    }

    /** The text printed before the run asks to go on. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append("Estimated cost: about %.2f USD (at most about %.2f USD if every wait runs to its bound)%n"
                .formatted(typicalUsd(), boundUsd()));
        for (Line line : lines) {
            text.append("  %-72s %6.3f  (bound %6.3f)%n".formatted(line.item(), line.typicalUsd(), line.boundUsd()));
        }
        text.append("  Prices: ").append(pricesNote).append(". Estimates, without taxes or free tiers.\n");
        text.append("Estimated duration: about %d minutes; every wait is bounded, so at most %d minutes%n"
                .formatted(typical().toMinutes(), bound().toMinutes()));
        for (Phase phase : phases) {
            text.append("  %-72s %4d min  (bound %4d min)%n".formatted(phase.name(), phase.typical().toMinutes(),
                    phase.bound().toMinutes()));
        }
        text.append("KMS keys stay pending deletion for 7 days after the run (no charge while pending).\n");
        return text.toString();
    }
}
