package io.github.crossaccountdelivery.acceptance.ports;

import java.util.List;

/** CloudWatch Logs log groups of one account and region. */
public interface LogGroups {

    List<String> names(String prefix);

    void delete(String name);
}
