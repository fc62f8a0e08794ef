package io.github.crossaccountdelivery.common;

/**
 * How ECS moves a target's service onto a new task definition (context key {@code deployment}),
 * written in the configuration by its {@link #label()}. The three progressive strategies are
 * ECS's own (deployment controller {@code ECS}): ECS starts the new revision beside the old one
 * behind a second target group, lets test traffic reach it, then moves production traffic at
 * once ({@link #BLUE_GREEN}), in two steps ({@link #CANARY}) or in equal steps ({@link #LINEAR}),
 * and keeps the old revision for a bake time from which it rolls back at once.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
 */
public enum ReleaseStrategy {
    /** Tasks replaced in place, within the minimum and maximum healthy percent: the default. */
    ROLLING("rolling"),
    /** The new revision gets all production traffic at once, after the test route checked it. */
    BLUE_GREEN("blueGreen"),
    /** A share of production traffic first, the rest after a bake time. */
    CANARY("canary"),
    /** Production traffic in equal shares, with a bake time between them. */
    LINEAR("linear");

    private final String label;

    ReleaseStrategy(String label) {
        this.label = label;
    }

    /** How the configuration writes it, e.g. {@code blueGreen}. */
    public String label() {
        return label;
    }

    /** Whether ECS runs a second revision beside the first and moves traffic between them. */
    public boolean shiftsTraffic() {
        return this != ROLLING;
    }

    /** Whether production traffic moves in steps ({@link #CANARY}, {@link #LINEAR}). */
    public boolean steps() {
        return this == CANARY || this == LINEAR;
    }

    @Override
    public String toString() {
        return label;
    }
}
