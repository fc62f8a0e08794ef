package io.github.crossaccountdelivery.acceptance.ports;

import java.net.URI;
import java.time.Duration;

/** HTTP GET against the service, validating TLS certificates and host names for https. */
public interface Http {

    /** @throws java.io.UncheckedIOException when there is no answer (refused, timed out, TLS rejected) */
    Answer get(URI uri, Duration timeout);

    record Answer(int status, String body) {
    }
}
