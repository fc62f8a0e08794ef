package io.github.crossaccountdelivery.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.acceptance.fake.RecordingConsole;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** What Ctrl-C does: the shutdown hook interrupts the run and waits for its teardown. */
class InterruptionTest {

    final RecordingConsole console = new RecordingConsole();

    @Test
    void theHookInterruptsTheRunAndReturnsOnlyAfterTheRunHasFinished() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean toreDown = new AtomicBoolean();
        Interruption[] interruption = new Interruption[1];
        Thread run = new Thread(() -> {
            try {
                running.countDown();
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                toreDown.set(true);
            } finally {
                interruption[0].finished();
            }
        });
        interruption[0] = new Interruption(run, console);
        interruption[0].creating();
        run.start();
        running.await(5, TimeUnit.SECONDS);

        Thread hook = interruption[0].hook();
        hook.start();
        hook.join(5_000);

        assertThat(hook.isAlive()).isFalse();
        // The run tells the hook it has finished in its last statement; the hook cannot return before that.
        assertThat(toreDown).isTrue();
        assertThat(console.text()).contains("tearing down");
    }

    @Test
    void beforeTheRunCreatesAnythingTheHookLetsTheJvmExitAtOnce() throws Exception {
        Thread run = new Thread(() -> { });
        Interruption interruption = new Interruption(run, console);

        Thread hook = interruption.hook();
        hook.start();
        hook.join(5_000);

        assertThat(hook.isAlive()).isFalse();
        assertThat(console.lines).isEmpty();
    }
}
