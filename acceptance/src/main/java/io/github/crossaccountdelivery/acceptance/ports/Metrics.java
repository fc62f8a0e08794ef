package io.github.crossaccountdelivery.acceptance.ports;

import java.time.Instant;
import java.util.Map;

/** CloudWatch metrics of one account and region. */
public interface Metrics {

    /**
     * What CloudWatch holds of one metric with exactly these dimensions, over data points whose
     * timestamps fall in [{@code from}, {@code to}): the sum of their values, and how many values
     * they aggregate. None and none when there are no data points, which CloudWatch does not tell
     * apart from a metric that was never written.
     */
    Statistics statistics(String namespace, String metric, Map<String, String> dimensions, Instant from, Instant to);

    /**
     * @param sum     the values' sum (CloudWatch's {@code Sum})
     * @param samples how many values (CloudWatch's {@code SampleCount})
     */
    record Statistics(double sum, long samples) {
        public static final Statistics NONE = new Statistics(0, 0);
    }
}
