package io.github.crossaccountdelivery.common;

import static software.amazon.awscdk.services.logs.RetentionDays.EIGHTEEN_MONTHS;
import static software.amazon.awscdk.services.logs.RetentionDays.EIGHT_YEARS;
import static software.amazon.awscdk.services.logs.RetentionDays.FIVE_YEARS;
import static software.amazon.awscdk.services.logs.RetentionDays.NINE_YEARS;
import static software.amazon.awscdk.services.logs.RetentionDays.ONE_YEAR;
import static software.amazon.awscdk.services.logs.RetentionDays.SEVEN_YEARS;
import static software.amazon.awscdk.services.logs.RetentionDays.SIX_YEARS;
import static software.amazon.awscdk.services.logs.RetentionDays.TEN_YEARS;
import static software.amazon.awscdk.services.logs.RetentionDays.THIRTEEN_MONTHS;
import static software.amazon.awscdk.services.logs.RetentionDays.THREE_YEARS;
import static software.amazon.awscdk.services.logs.RetentionDays.TWO_YEARS;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Log retention in days, as CDK's enum. Governed accounts keep logs at least a year (AWS
 * Control Tower's CT.CLOUDWATCH.PR.2), so only CloudWatch Logs' periods of a year or more are here
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html);
 * the configuration refuses any other before it gets this far.
 */
public final class LogRetention {

    private static final Map<Integer, RetentionDays> PERIODS = new TreeMap<>(Map.ofEntries(Map.entry(365, ONE_YEAR),
            Map.entry(400, THIRTEEN_MONTHS), Map.entry(545, EIGHTEEN_MONTHS), Map.entry(731, TWO_YEARS),
            Map.entry(1096, THREE_YEARS), Map.entry(1827, FIVE_YEARS), Map.entry(2192, SIX_YEARS),
            Map.entry(2557, SEVEN_YEARS), Map.entry(2922, EIGHT_YEARS), Map.entry(3288, NINE_YEARS),
            Map.entry(3653, TEN_YEARS)));

    /** The periods, in days, ascending. */
    public static final List<Integer> DAYS = List.copyOf(PERIODS.keySet());

    private LogRetention() {
    }

    public static RetentionDays of(int days) {
        RetentionDays retention = PERIODS.get(days);
        if (retention == null) {
            throw new IllegalArgumentException(days + " is not a CloudWatch Logs retention of a year or more");
        }
        return retention;
    }
}
