package io.github.crossaccountdelivery.acceptance.run;

import io.github.crossaccountdelivery.acceptance.ports.AwsCallException;
import io.github.crossaccountdelivery.acceptance.ports.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Polls until something holds, for at most a bound. The clock decides when the bound is reached,
 * so that the tests' sleeper, which moves a fake clock, makes an hour's wait take no time.
 */
public final class Waiter {

    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration poll;

    public Waiter(Clock clock, Sleeper sleeper, Duration poll) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.poll = poll;
    }

    /** One look: the value when the wait is over, or what was seen instead. */
    public record Poll<T>(Optional<T> value, String seen) {
        public static <T> Poll<T> done(T value) {
            return new Poll<>(Optional.of(value), "");
        }

        public static <T> Poll<T> pending(String seen) {
            return new Poll<>(Optional.empty(), seen);
        }
    }

    @FunctionalInterface
    public interface Probe<T> {
        Poll<T> look() throws TimedOut;
    }

    /**
     * Looks until the probe has a value. A failed AWS call counts as one more look that saw an
     * error (throttling and brief outages pass; an error that persists ends as a timeout that
     * quotes it).
     *
     * @throws TimedOut when {@code bound} passes first, or the probe gives up itself
     */
    public <T> T until(String what, Duration bound, Probe<T> probe) throws InterruptedException, TimedOut {
        Instant deadline = clock.instant().plus(bound);
        String seen = "nothing yet";
        while (true) {
            try {
                Poll<T> poll = probe.look();
                if (poll.value().isPresent()) {
                    return poll.value().get();
                }
                seen = poll.seen();
            } catch (AwsCallException e) {
                seen = "error: " + e.getMessage();
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new TimedOut("%s: not within %s (last seen: %s)".formatted(what, minutes(bound), seen));
            }
            sleeper.sleep(left.compareTo(poll) < 0 ? left : poll);
        }
    }

    public Instant now() {
        return clock.instant();
    }

    static String minutes(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 ? (seconds / 60) + " min" : "%dm%02ds".formatted(seconds / 60, seconds % 60);
    }
}
