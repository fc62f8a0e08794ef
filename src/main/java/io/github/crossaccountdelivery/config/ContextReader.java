package io.github.crossaccountdelivery.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns raw CDK context values into Java types, rejecting a value of the wrong shape with an
 * {@link InvalidConfigException} that names the key.
 *
 * <p>Context reaches the app in two shapes: JSON values from {@code cdk.json} (strings,
 * numbers, arrays) and plain strings from {@code -c key=value} on the command line. Each
 * reader accepts both where both are natural, and nothing else.
 */
final class ContextReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, Object> lookup;

    ContextReader(Function<String, Object> lookup) {
        this.lookup = lookup;
    }

    /** A required string. A JSON number is refused, since account IDs would lose leading zeros. */
    String string(String key, String expected) {
        Object value = lookup.apply(key);
        if (value instanceof String s && !s.isBlank()) {
            return s.trim();
        }
        throw new InvalidConfigException(key, value, expected);
    }

    /** The value as given, or null. */
    Object raw(String key) {
        return lookup.apply(key);
    }

    /** An optional list of strings: null when the key is not set. */
    List<String> optionalStringList(String key, String expected) {
        return lookup.apply(key) == null ? null : stringList(key, expected);
    }

    /** An optional string: the default when the key is not set. */
    String optionalString(String key, String fallback, String expected) {
        return lookup.apply(key) == null ? fallback : string(key, expected);
    }

    /** An optional whole number: the default when the key is not set. */
    int optionalInteger(String key, int fallback, String expected) {
        return lookup.apply(key) == null ? fallback : integer(key, expected);
    }

    /** An optional boolean, from JSON {@code true}/{@code false} or the same words as a string. */
    boolean optionalBoolean(String key, boolean fallback, String expected) {
        Object value = lookup.apply(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.trim().equals("true") || s.trim().equals("false"))) {
            return Boolean.parseBoolean(s.trim());
        }
        throw new InvalidConfigException(key, value, expected);
    }

    /** An optional enum constant, written exactly as the constant is named. */
    <E extends Enum<E>> E optionalEnum(String key, Class<E> type, E fallback) {
        Object value = lookup.apply(key);
        if (value == null) {
            return fallback;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw new InvalidConfigException(key, value, "one of " + java.util.Arrays.toString(type.getEnumConstants()));
    }

    /** A required whole number, from a JSON number or a string of digits. */
    int integer(String key, String expected) {
        Object value = lookup.apply(key);
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        if (value instanceof String s && s.trim().matches("-?\\d{1,9}")) {
            return Integer.parseInt(s.trim());
        }
        throw new InvalidConfigException(key, value, expected);
    }

    /**
     * A required list of strings: a JSON array in {@code cdk.json}, or on the command line a
     * JSON array or a comma-separated string.
     */
    List<String> stringList(String key, String expected) {
        Object value = lookup.apply(key);
        List<?> items;
        if (value instanceof List<?> list) {
            items = list;
        } else if (value instanceof String s && s.trim().startsWith("[")) {
            items = parseJsonArray(key, s, expected);
        } else if (value instanceof String s) {
            items = s.isBlank() ? List.of() : List.of(s.split(","));
        } else {
            throw new InvalidConfigException(key, value, expected);
        }
        List<String> result = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof String s) || s.isBlank()) {
                throw new InvalidConfigException(key, value, expected);
            }
            result.add(s.trim());
        }
        return List.copyOf(result);
    }

    /** A JSON array typed on a command line, such as {@code ["a","b"]}. */
    private static List<?> parseJsonArray(String key, String text, String expected) {
        try {
            Object parsed = JSON.readValue(text, Object.class);
            if (parsed instanceof List<?> list) {
                return list;
            }
        } catch (JsonProcessingException e) {
            // falls through to the message that names the key
        }
        throw new InvalidConfigException(key, text, expected);
    }
}
