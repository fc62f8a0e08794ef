package io.github.crossaccountdelivery.acceptance.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.crossaccountdelivery.acceptance.fake.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaiterTest {

    final FakeClock clock = new FakeClock(Instant.parse("2026-11-30T10:00:00Z"));
    final List<Duration> naps = new ArrayList<>();
    final Waiter waiter = new Waiter(clock, d -> {
        naps.add(d);
        clock.advance(d);
    }, Duration.ofSeconds(15));

    @Test
    void returnsAsSoonAsTheProbeHasAValue() throws Exception {
        int[] looks = {0};

        String value = waiter.until("x", Duration.ofMinutes(5),
                () -> ++looks[0] < 3 ? Waiter.Poll.pending("not yet") : Waiter.Poll.done("there"));

        assertThat(value).isEqualTo("there");
        assertThat(naps).containsExactly(Duration.ofSeconds(15), Duration.ofSeconds(15));
    }

    @Test
    void endsAtItsBoundWithWhatItLastSawAndNeverSleepsPastIt() {
        assertThatThrownBy(() -> waiter.until("the service to settle", Duration.ofSeconds(40),
                () -> Waiter.Poll.pending("IN_PROGRESS"))).isInstanceOf(TimedOut.class)
                .hasMessage("the service to settle: not within 0m40s (last seen: IN_PROGRESS)");
        assertThat(naps).containsExactly(Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(10));
    }

    @Test
    void anInterruptionEndsTheWaitAtOnce() {
        Waiter interrupted = new Waiter(clock, d -> {
            throw new InterruptedException("Ctrl-C");
        }, Duration.ofSeconds(15));

        assertThatThrownBy(() -> interrupted.until("x", Duration.ofHours(1), () -> Waiter.Poll.pending("")))
                .isInstanceOf(InterruptedException.class);
    }
}
