package io.github.crossaccountdelivery.acceptance.ports;

/** A call to AWS that failed, with a message a person can act on (the SDK's own message, mostly). */
public class AwsCallException extends RuntimeException {

    public AwsCallException(String message) {
        super(message);
    }

    public AwsCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
