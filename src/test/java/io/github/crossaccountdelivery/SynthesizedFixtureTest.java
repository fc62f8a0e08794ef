package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shared fixture costs each configuration one synthesis, and leaves nothing behind. */
@ReadsWholeApps
class SynthesizedFixtureTest {

    @Test
    void aFailedSynthesisIsAttemptedOnceAndItsErrorGivenToEveryLaterCaller() {
        AtomicInteger attempts = new AtomicInteger();
        for (int caller = 0; caller < 3; caller++) {
            assertThatThrownBy(() -> Synthesized.once("broken-for-this-test", () -> {
                attempts.incrementAndGet();
                throw new IllegalStateException("containerPort 0 is refused");
            })).hasMessageContaining("synthesis of the broken-for-this-test configuration failed")
                    .hasRootCauseMessage("containerPort 0 is refused");
        }
        assertThat(attempts).hasValue(1);
    }

    @Test
    void theCloudAssemblyFolderIsDeletedOnceRead() {
        assertThat(Synthesized.example().outdir).doesNotExist();
        assertThat(Synthesized.example().stackNames()).isNotEmpty();
    }
}
