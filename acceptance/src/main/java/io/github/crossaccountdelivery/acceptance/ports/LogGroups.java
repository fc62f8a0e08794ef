package io.github.crossaccountdelivery.acceptance.ports;

import java.util.List;

/** CloudWatch Logs log groups of one account and region. */
public interface LogGroups {

    List<String> names(String prefix);

    void delete(String name);

    /** When the newest event of any stream of the group was written; empty when it has none or does not exist. */
    java.util.Optional<java.time.Instant> lastEvent(String name);
}
