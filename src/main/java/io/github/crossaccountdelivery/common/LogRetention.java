package io.github.crossaccountdelivery.common;

import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Log retention in days, as CDK's enum. Governed accounts keep logs at least a year (AWS
 * Control Tower's CT.CLOUDWATCH.PR.2), so only CloudWatch's periods of a year or more are here;
 * the configuration refuses anything else before it gets this far.
 */
public final class LogRetention {

    private LogRetention() {
    }

    public static RetentionDays of(int days) {
        return switch (days) {
            case 365 -> RetentionDays.ONE_YEAR;
            case 400 -> RetentionDays.THIRTEEN_MONTHS;
            case 545 -> RetentionDays.EIGHTEEN_MONTHS;
            case 731 -> RetentionDays.TWO_YEARS;
            case 1096 -> RetentionDays.THREE_YEARS;
            case 1827 -> RetentionDays.FIVE_YEARS;
            case 2192 -> RetentionDays.SIX_YEARS;
            case 2557 -> RetentionDays.SEVEN_YEARS;
            case 2922 -> RetentionDays.EIGHT_YEARS;
            case 3288 -> RetentionDays.NINE_YEARS;
            case 3653 -> RetentionDays.TEN_YEARS;
            default -> throw new IllegalArgumentException(days + " is not a CloudWatch Logs retention of a year or more");
        };
    }
}
