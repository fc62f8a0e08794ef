package io.github.crossaccountdelivery.acceptance.ports;

import java.time.Duration;

/** Waiting between polls; the tests' sleeper moves a fake clock instead. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;
}
