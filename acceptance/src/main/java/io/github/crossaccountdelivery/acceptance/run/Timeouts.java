package io.github.crossaccountdelivery.acceptance.run;

import java.time.Duration;
import java.util.Map;

/**
 * Every wait of the run has a bound, so that a run that hangs still ends, tears down and reports.
 * The bounds sit above the app's own timeouts (CodeBuild's 30 minutes, the deploy action's
 * deployTimeoutMinutes of 15, Verify's verifyTimeoutSeconds of 180 plus its compute start-up).
 * {@code metricsAppear} is how long the delivery metrics may take to show in CloudWatch after the
 * broken release's failure: EventBridge, the metrics function and CloudWatch Logs' extraction of
 * its embedded-metric-format lines usually take a minute or two.
 */
public record Timeouts(Duration poll, Duration synth, Duration deployTestStack, Duration deployBuildStack,
                       Duration dayTwoDeploy, Duration executionAppears, Map<String, Duration> stages,
                       Duration serviceSettles, Duration url, Duration stackSettles, Duration destroyBuildStack,
                       Duration destroyTestStack, Duration lateLogDelivery, Duration metricsAppear) {

    public Timeouts {
        stages = Map.copyOf(stages);
    }

    public static Timeouts standard() {
        return new Timeouts(Duration.ofSeconds(15), Duration.ofMinutes(10), Duration.ofMinutes(40),
                Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofMinutes(10),
                Map.of("Source", Duration.ofMinutes(5), "Build", Duration.ofMinutes(35),
                        "Deploy-test", Duration.ofMinutes(20), "Verify-test", Duration.ofMinutes(15)),
                Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofMinutes(30),
                Duration.ofMinutes(45), Duration.ofMinutes(2), Duration.ofMinutes(10));
    }

    /** How long one stage may run; a stage the run does not know gets the longest bound. */
    public Duration stage(String name) {
        return stages.getOrDefault(name, stages.values().stream().max(Duration::compareTo).orElseThrow());
    }

    /** The longest one pipeline execution can take before the run gives up on it. */
    public Duration execution() {
        return stages.values().stream().reduce(executionAppears, Duration::plus);
    }
}
