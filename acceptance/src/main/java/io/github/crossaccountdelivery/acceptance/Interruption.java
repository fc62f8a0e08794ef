package io.github.crossaccountdelivery.acceptance;

import io.github.crossaccountdelivery.acceptance.ports.Console;
import java.util.concurrent.CountDownLatch;

/**
 * Ctrl-C (SIGINT) or SIGTERM during a run: the JVM starts its shutdown hooks, and this one
 * interrupts the run's thread, which stops what it is doing, tears down and writes its report;
 * the hook waits for that before the JVM exits. Without it the JVM would exit at once and leave
 * every resource of the run behind. (SIGKILL cannot be caught: then the report of the next run's
 * preflight names the leftovers.)
 * https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/lang/Runtime.html#addShutdownHook(java.lang.Thread)
 */
public final class Interruption {

    private final Thread runThread;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Console console;
    private volatile boolean creating;

    public Interruption(Thread runThread, Console console) {
        this.runThread = runThread;
        this.console = console;
    }

    /** The hook to register: interrupts the run unless it has finished, then waits until it has. */
    public Thread hook() {
        return new Thread(() -> {
            // Before the run creates anything (preflight, the question) there is nothing to tear
            // down, and the thread may sit in a read the interrupt does not end: exit at once.
            if (finished.getCount() == 0 || !creating) {
                return;
            }
            console.say("Interrupted: stopping the run, tearing down and writing the report before exiting."
                    + " Interrupting again does not stop this; killing the process leaves resources behind.");
            runThread.interrupt();
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "acceptance-run-interruption");
    }

    /** From now on the run creates resources: an interruption must wait for its teardown. */
    public void creating() {
        creating = true;
    }

    /** The run, teardown and report included, is over: the hook has nothing left to wait for. */
    public void finished() {
        finished.countDown();
    }
}
