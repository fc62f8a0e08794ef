package io.github.crossaccountdelivery.acceptance.ports;

import java.util.Optional;

/** KMS keys of one account and region. */
public interface Keys {

    /** The key an alias points at, if the alias exists. */
    Optional<String> keyForAlias(String alias);

    /** The key's state (Enabled, Disabled, PendingDeletion, ...), if the key exists. */
    Optional<String> state(String keyId);

    void scheduleDeletion(String keyId, int pendingWindowDays);
}
