package io.github.crossaccountdelivery.acceptance.ports;

/** STS, for the account whose credentials a profile holds. */
public interface Identity {

    /** The account ID GetCallerIdentity answers with. */
    String callerAccount();
}
