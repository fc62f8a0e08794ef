package io.github.crossaccountdelivery.acceptance.ports;

/** The person who started the run. */
public interface Console {

    void say(String line);

    /** Asks a yes/no question; anything but yes (or no terminal to ask on) is no. */
    boolean confirm(String question);
}
