package io.github.crossaccountdelivery.config;

import io.github.crossaccountdelivery.config.InvalidConfigException.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what is wrong with a configuration while it is read, so that every independent
 * problem is reported at once instead of one per run.
 */
final class Problems {

    private final List<Problem> found = new ArrayList<>();

    /** Records a problem; the same problem found twice (e.g. inherited by two targets) is kept once. */
    void add(String key, Object given, String expected) {
        Problem problem = new Problem(key, given, expected);
        if (!found.contains(problem)) {
            found.add(problem);
        }
    }

    /** Records a problem unless {@code expected} is null, which means the value is fine. */
    void addUnlessNull(String expected, String key, Object given) {
        if (expected != null) {
            add(key, given, expected);
        }
    }

    /** Records a problem unless the value is valid; returns whether it is. */
    boolean require(boolean valid, String key, Object given, String expected) {
        if (!valid) {
            add(key, given, expected);
        }
        return valid;
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    List<Problem> list() {
        return List.copyOf(found);
    }

    /** The records' safety net: throws with every problem found, in the order found. */
    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new InvalidConfigException(found);
        }
    }
}
