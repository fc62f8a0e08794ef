package io.github.crossaccountdelivery.acceptance.run;

/** A bounded wait ran out; the message says what was awaited, the bound, and what was last seen. */
public final class TimedOut extends Exception {

    public TimedOut(String message) {
        super(message);
    }
}
