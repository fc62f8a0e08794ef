package io.github.crossaccountdelivery.acceptance.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EstimateTest {

    final Timeouts timeouts = Timeouts.standard();

    @Test
    void aRunInIrelandCostsAboutTwentyCentsAndAtMostAboutADollarAndAHalf() {
        Estimate estimate = Estimate.of("eu-west-1", "ARM64", timeouts);

        assertThat(estimate.typicalUsd()).isBetween(0.10, 0.40);
        assertThat(estimate.boundUsd()).isBetween(estimate.typicalUsd(), 2.0);
        assertThat(estimate.lines()).extracting(Estimate.Line::item).anySatisfy(i -> assertThat(i)
                .startsWith("Application Load Balancer")).anySatisfy(i -> assertThat(i).startsWith("CodeBuild"))
                .anySatisfy(i -> assertThat(i).startsWith("CodePipeline V2 action minutes"))
                .anySatisfy(i -> assertThat(i).startsWith("KMS keys"));
        assertThat(estimate.pricesNote()).isEqualTo(
                "list prices for eu-west-1 as of 2026-11-27 (acceptance/README.md names the pages)");
    }

    @Test
    void theLoadBalancerIsPricedForTheWholeTypicalRun() {
        Estimate estimate = Estimate.of("eu-west-1", "ARM64", timeouts);
        double hours = estimate.typical().toMinutes() / 60.0;

        assertThat(estimate.lines().get(0).typicalUsd()).isCloseTo((0.0252 + 0.008) * hours, within(1e-9));
    }

    @Test
    void takesAboutAnHourAndEveryPhaseIsBoundedByTheRunsTimeouts() {
        Estimate estimate = Estimate.of("eu-west-1", "ARM64", timeouts);

        assertThat(estimate.typical()).isBetween(Duration.ofMinutes(50), Duration.ofMinutes(80));
        assertThat(estimate.bound()).isLessThan(Duration.ofHours(8));
        assertThat(estimate.phases()).allSatisfy(p -> assertThat(p.bound()).isGreaterThanOrEqualTo(p.typical()));
    }

    @Test
    void aRegionWithoutPricesUsesIrelandsWithAMarginAndSaysSo() {
        Estimate ireland = Estimate.of("eu-west-1", "ARM64", timeouts);
        Estimate tokyo = Estimate.of("ap-northeast-1", "ARM64", timeouts);

        assertThat(tokyo.typicalUsd()).isCloseTo(ireland.typicalUsd() * 1.25, within(1e-9));
        assertThat(tokyo.pricesNote()).isEqualTo("no prices of ap-northeast-1 in the table: Ireland's (as of 2026-11-27) plus 25%");
    }

    @Test
    void x86TasksCostMoreThanArmOnes() {
        assertThat(Estimate.of("us-east-1", "X86_64", timeouts).typicalUsd())
                .isGreaterThan(Estimate.of("us-east-1", "ARM64", timeouts).typicalUsd());
    }

    @Test
    void theTextSaysTheFiguresAreEstimatesWithTheirDate() {
        assertThat(Estimate.of("eu-west-1", "ARM64", timeouts).describe())
                .startsWith("Estimated cost: about 0.2")
                .contains("as of 2026-11-27", "Estimates, without taxes or free tiers",
                        "Estimated duration: about 66 minutes", "pending deletion for 7 days");
    }
}
