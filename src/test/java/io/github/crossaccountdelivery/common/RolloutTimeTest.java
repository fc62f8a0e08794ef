package io.github.crossaccountdelivery.common;

import io.github.crossaccountdelivery.WithoutCdk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The one rollout formula per strategy, with the default timings: G 30, I 5 x H 2, D 5, S 5 and
 * an alarm bake B of 120 s.
 */
@WithoutCdk
class RolloutTimeTest {

    private static RolloutTime withDefaults(TrafficShift shift) {
        return new RolloutTime(30, 5, 2, 5, 5, 2, shift);
    }

    @Test
    void aRollingDeploymentKeepsItsFormulaAndItsSixArgumentForm() {
        RolloutTime rolling = new RolloutTime(30, 5, 2, 5, 5, 2);

        assertThat(rolling).isEqualTo(withDefaults(TrafficShift.rolling()));
        assertThat(rolling.expectedSeconds()).isEqualTo(35 + 10 + 5 + 5 + 120);
        assertThat(rolling.worstSeconds()).isEqualTo(205);
        assertThat(rolling.verifySeconds()).isEqualTo(265);
        assertThat(rolling.deployMinutes()).isEqualTo(5);
    }

    @Test
    void blueGreenAddsTheReleaseCheckAndTheBakeTimeWithBothRevisionsRunning() {
        RolloutTime blueGreen = withDefaults(TrafficShift.of(ReleaseStrategy.BLUE_GREEN, null, null, null));

        // L 35 + I*H 10, no waits, K 300, D 5 + S 5, B 120; worst: + G 30 + C 60.
        assertThat(blueGreen.expectedSeconds()).isEqualTo(35 + 10 + 300 + 5 + 5 + 120);
        assertThat(blueGreen.worstSeconds()).isEqualTo(475 + 30 + RolloutTime.RELEASE_CHECK_SECONDS);
        assertThat(blueGreen.deployMinutes()).isEqualTo(11);
    }

    @Test
    void aCanaryWaitsItsStepBakeOnceBeforeTheRestOfTheTrafficMoves() {
        TrafficShift canary = TrafficShift.of(ReleaseStrategy.CANARY, null, null, null);

        assertThat(canary).isEqualTo(new TrafficShift(ReleaseStrategy.CANARY, 5, 10.0, 5));
        assertThat(canary.productionShifts()).isEqualTo(2);
        assertThat(withDefaults(canary).expectedSeconds()).isEqualTo(45 + 300 + 300 + 10 + 120);
        assertThat(withDefaults(canary).deployMinutes()).isEqualTo(16);
        assertThat(new TrafficShift(ReleaseStrategy.CANARY, 5, 100, 7).productionShifts()).isEqualTo(1);
    }

    @Test
    void aLinearDeploymentWaitsBetweenStepsButNotAfterTheLast() {
        TrafficShift linear = TrafficShift.of(ReleaseStrategy.LINEAR, null, null, null);

        assertThat(linear).isEqualTo(new TrafficShift(ReleaseStrategy.LINEAR, 5, 25.0, 3));
        assertThat(linear.productionShifts()).isEqualTo(4);
        assertThat(linear.shiftWaitSeconds()).isEqualTo(3 * 3 * 60);
        assertThat(withDefaults(linear).deployMinutes()).isEqualTo(20);
        // 33 percent takes four steps (33, 66, 99, 100); 3 percent thirty-four.
        assertThat(new TrafficShift(ReleaseStrategy.LINEAR, 0, 33, 1).productionShifts()).isEqualTo(4);
        assertThat(new TrafficShift(ReleaseStrategy.LINEAR, 0, 3, 1).productionShifts()).isEqualTo(34);
    }

    @Test
    void ecssOwnLinearDefaultsDoNotFitTheDeployAction() {
        RolloutTime awsDefaults = withDefaults(new TrafficShift(ReleaseStrategy.LINEAR, 5, 10, 6));

        assertThat(awsDefaults.deployMinutes()).isGreaterThan(RolloutTime.DEPLOY_ACTION_LIMIT_MINUTES);
    }

    @Test
    void aShiftRefusesWhatEcsRefuses() {
        assertThatThrownBy(() -> new TrafficShift(ReleaseStrategy.ROLLING, 5, 0, 0))
                .hasMessageContaining("rolling");
        assertThatThrownBy(() -> new TrafficShift(ReleaseStrategy.LINEAR, 5, 2.5, 3)).hasMessageContaining("2.5");
        assertThatThrownBy(() -> new TrafficShift(ReleaseStrategy.CANARY, 5, 10.05, 3)).hasMessageContaining("10.05");
        assertThatThrownBy(() -> new TrafficShift(ReleaseStrategy.BLUE_GREEN, 1441, 0, 0))
                .hasMessageContaining("1440");
        assertThatThrownBy(() -> TrafficShift.of(ReleaseStrategy.BLUE_GREEN, null, 10.0, null))
                .hasMessageContaining("no steps");
    }
}
