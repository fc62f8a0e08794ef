package io.github.crossaccountdelivery.common;

import java.util.Objects;

/**
 * How a target's production traffic moves to a new revision, and how long each part waits: the
 * strategy with its bake time and, for canary and linear, the share of traffic per step and the
 * bake time between steps. {@link #rolling()} moves no traffic of its own (ECS replaces tasks
 * behind the one target group) and has none of these.
 *
 * <p>The ranges are those ECS accepts: bake times 0 to 1440 minutes, canary shares from 0.1 to
 * 100 percent and linear ones from 3 to 100, in steps of 0.1
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CanaryConfiguration.html,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinearConfiguration.html).
 *
 * @param strategy        how the traffic moves
 * @param bakeMinutes     how long both revisions keep running after all production traffic
 *                        moved, from which ECS rolls back at once; 0 for rolling
 * @param stepPercent     canary: the share of production traffic moved first; linear: the share
 *                        moved per step; 0 otherwise
 * @param stepBakeMinutes canary: minutes before the rest moves; linear: minutes between steps
 *                        (none after the last); 0 otherwise
 */
public record TrafficShift(ReleaseStrategy strategy, int bakeMinutes, double stepPercent, int stepBakeMinutes) {

    /**
     * The bake time when none is configured. ECS requires one for blue/green; five minutes keep
     * the old revision ready for an instant rollback for twice the default alarm window.
     */
    public static final int DEFAULT_BAKE_MINUTES = 5;
    /**
     * Canary defaults: 10 percent for 5 minutes. ECS's own (5 percent for 10 minutes) are
     * slower to give a verdict on a test service with one task.
     */
    public static final double DEFAULT_CANARY_PERCENT = 10.0;
    public static final int DEFAULT_CANARY_BAKE_MINUTES = 5;
    /**
     * Linear defaults: 25 percent every 3 minutes. ECS's own (10 percent every 6 minutes) spend
     * 54 minutes shifting, which leaves the pipeline's 60-minute deploy action no room.
     */
    public static final double DEFAULT_LINEAR_PERCENT = 25.0;
    public static final int DEFAULT_LINEAR_BAKE_MINUTES = 3;
    /** The longest bake time ECS accepts, in minutes. */
    public static final int MAX_BAKE_MINUTES = 1440;
    /** The smallest share of a linear step ECS accepts. */
    public static final double MIN_LINEAR_PERCENT = 3.0;

    public TrafficShift {
        Objects.requireNonNull(strategy, "strategy");
        if (!strategy.shiftsTraffic() && (bakeMinutes != 0 || stepPercent != 0 || stepBakeMinutes != 0)) {
            throw new IllegalArgumentException("a rolling deployment has no bake time or steps");
        }
        if (bakeMinutes < 0 || bakeMinutes > MAX_BAKE_MINUTES || stepBakeMinutes < 0
                || stepBakeMinutes > MAX_BAKE_MINUTES) {
            throw new IllegalArgumentException("bake times are 0 to " + MAX_BAKE_MINUTES + " minutes");
        }
        if (strategy.steps() != (stepPercent != 0) || !strategy.steps() && stepBakeMinutes != 0) {
            throw new IllegalArgumentException("only canary and linear have steps");
        }
        if (strategy.steps() && !validPercent(stepPercent, strategy == ReleaseStrategy.LINEAR ? MIN_LINEAR_PERCENT : 0.1)) {
            throw new IllegalArgumentException("a " + strategy + " step of " + stepPercent + " percent");
        }
    }

    /** The service's traffic stays behind one target group; ECS replaces its tasks. */
    public static TrafficShift rolling() {
        return new TrafficShift(ReleaseStrategy.ROLLING, 0, 0, 0);
    }

    /**
     * A strategy with what is configured of its settings and the defaults for the rest; for
     * rolling, every setting must be absent.
     */
    public static TrafficShift of(ReleaseStrategy strategy, Integer bakeMinutes, Double stepPercent,
                                  Integer stepBakeMinutes) {
        return switch (strategy) {
            case ROLLING -> {
                if (bakeMinutes != null || stepPercent != null || stepBakeMinutes != null) {
                    throw new IllegalArgumentException("a rolling deployment has no bake time or steps");
                }
                yield rolling();
            }
            case BLUE_GREEN -> {
                if (stepPercent != null || stepBakeMinutes != null) {
                    throw new IllegalArgumentException("a blue/green deployment has no steps");
                }
                yield new TrafficShift(strategy, orElse(bakeMinutes, DEFAULT_BAKE_MINUTES), 0, 0);
            }
            case CANARY -> new TrafficShift(strategy, orElse(bakeMinutes, DEFAULT_BAKE_MINUTES),
                    stepPercent != null ? stepPercent : DEFAULT_CANARY_PERCENT,
                    orElse(stepBakeMinutes, DEFAULT_CANARY_BAKE_MINUTES));
            case LINEAR -> new TrafficShift(strategy, orElse(bakeMinutes, DEFAULT_BAKE_MINUTES),
                    stepPercent != null ? stepPercent : DEFAULT_LINEAR_PERCENT,
                    orElse(stepBakeMinutes, DEFAULT_LINEAR_BAKE_MINUTES));
        };
    }

    /** Whether a share is one ECS accepts for a step: from {@code min} to 100, in tenths of a percent. */
    public static boolean validPercent(double percent, double min) {
        double tenths = percent * 10;
        return percent >= min - 1e-9 && percent <= 100 && Math.abs(tenths - Math.rint(tenths)) < 1e-6;
    }

    /**
     * How many times production traffic moves: once for blue/green, twice for a canary (once if
     * its first share is all of it), and for linear as many steps as it takes to reach 100
     * percent; none for rolling.
     */
    public int productionShifts() {
        return switch (strategy) {
            case ROLLING -> 0;
            case BLUE_GREEN -> 1;
            case CANARY -> tenths() >= 1000 ? 1 : 2;
            case LINEAR -> (1000 + tenths() - 1) / tenths();
        };
    }

    /**
     * The waits between production shifts: a canary's bake, or a linear step's before each
     * following step. ECS applies no step bake after the last step
     * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinearConfiguration.html).
     * A canary's bake is counted even when its share is all of the traffic: erring long.
     */
    public int shiftWaitSeconds() {
        return switch (strategy) {
            case ROLLING, BLUE_GREEN -> 0;
            case CANARY -> stepBakeMinutes * 60;
            case LINEAR -> (productionShifts() - 1) * stepBakeMinutes * 60;
        };
    }

    /** How long both revisions run after all production traffic moved. */
    public int bakeSeconds() {
        return bakeMinutes * 60;
    }

    private int tenths() {
        return (int) Math.round(stepPercent * 10);
    }

    private static int orElse(Integer value, int fallback) {
        return value != null ? value : fallback;
    }
}
