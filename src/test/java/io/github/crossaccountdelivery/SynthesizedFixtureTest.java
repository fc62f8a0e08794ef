package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shared fixture costs each configuration one synthesis, and leaves nothing behind. */
class SynthesizedFixtureTest {

    @Test
    void aFailedSynthesisIsAttemptedOnceAndItsErrorGivenToEveryLaterCaller() {
        AtomicInteger attempts = new AtomicInteger();
        Map<String, Object> broken = Synthesized.exampleContext();
        broken.put("containerPort", 0);
        for (int caller = 0; caller < 3; caller++) {
            assertThatThrownBy(() -> Synthesized.once("broken-for-this-test", () -> {
                attempts.incrementAndGet();
                return broken;
            })).hasMessageContaining("synthesis of the broken-for-this-test configuration failed")
                    .hasRootCauseMessage(rootCause(broken));
        }
        assertThat(attempts).hasValue(1);
    }

    @Test
    void theCloudAssemblyFolderIsDeletedOnceRead() {
        assertThat(Synthesized.example().outdir).doesNotExist();
        assertThat(Synthesized.example().stackNames()).isNotEmpty();
    }

    private static String rootCause(Map<String, Object> context) {
        try {
            io.github.crossaccountdelivery.config.DeliveryConfig.fromContext(context);
            throw new AssertionError("the broken context was accepted");
        } catch (io.github.crossaccountdelivery.config.InvalidConfigException e) {
            return e.getMessage();
        }
    }
}
