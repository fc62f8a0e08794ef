package io.github.crossaccountdelivery.config;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A configuration value that cannot be used. The message names the context key, the value
 * given and the form expected, so a user can fix {@code cdk.json} or {@code -c key=value}
 * without reading the code.
 */
public final class InvalidConfigException extends RuntimeException {

    private final String key;
    private final Object given;
    private final String expected;

    public InvalidConfigException(String key, Object given, String expected) {
        super("Invalid configuration: context key '%s' %s; expected %s."
                .formatted(key, describe(given), expected));
        this.key = key;
        this.given = given;
        this.expected = expected;
    }

    /** The same problem, for a key nested under {@code prefix}, e.g. {@code targets[1].}. */
    public InvalidConfigException withKeyPrefix(String prefix) {
        return new InvalidConfigException(prefix + key, given, expected);
    }

    /** The context key whose value was rejected. */
    public String key() {
        return key;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "is not set";
        }
        return "is " + render(value);
    }

    private static String render(Object value) {
        if (value instanceof String s) {
            return '"' + s + '"';
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return Long.toString(d.longValue());
        }
        if (value instanceof List<?> list) {
            return list.stream().map(InvalidConfigException::render)
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + ": " + render(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(value);
    }
}
