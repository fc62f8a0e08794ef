package io.github.crossaccountdelivery.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads raw CDK context values of one map, the top-level context or one {@code targets} entry,
 * into Java types and checks each against its {@link Rule}. A value that cannot be used is
 * recorded in {@link Problems} under its full key and read as null, so that reading goes on
 * and every problem is reported, and so that checks across keys can skip what is already wrong.
 *
 * <p>Context reaches the app in two shapes: JSON values from {@code cdk.json} (strings,
 * numbers, arrays) and plain strings from {@code -c key=value} on the command line. Each
 * reader accepts both where both are natural, and nothing else. A JSON {@code null} counts as
 * not set.
 */
final class ContextReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<?, ?> values;
    private final String prefix;
    private final Problems problems;

    /**
     * @param values   the context, or one entry of {@code targets}
     * @param prefix   put before a key in messages: {@code ""}, or e.g. {@code "targets[1]."}
     * @param problems where problems are recorded
     */
    ContextReader(Map<?, ?> values, String prefix, Problems problems) {
        this.values = values;
        this.prefix = prefix;
        this.problems = problems;
    }

    /** Whether the key is set here. */
    boolean has(String name) {
        return values.get(name) != null;
    }

    /** The value as given, or null. */
    Object raw(String name) {
        return values.get(name);
    }

    /** The key as messages name it. */
    String key(String name) {
        return prefix + name;
    }

    /** A required string, checked. A JSON number is refused: account IDs would lose leading zeros. */
    String string(Rule<String> rule) {
        Object value = values.get(rule.name());
        if (value instanceof String s && !s.isBlank()) {
            return checked(rule, s.trim());
        }
        return refuse(rule.name(), value, rule.form());
    }

    /** An optional string, checked: the fallback, unchecked, when the key is not set. */
    String optionalString(Rule<String> rule, String fallback) {
        return has(rule.name()) ? string(rule) : fallback;
    }

    /** A required whole number, checked, from a JSON number or a string of digits. */
    Integer integer(Rule<Integer> rule) {
        Object value = values.get(rule.name());
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            return checked(rule, n.intValue());
        }
        if (value instanceof String s && s.trim().matches("-?\\d{1,9}")) {
            return checked(rule, Integer.parseInt(s.trim()));
        }
        return refuse(rule.name(), value, rule.form());
    }

    /** An optional whole number, checked: the fallback, unchecked, when the key is not set. */
    Integer optionalInteger(Rule<Integer> rule, Integer fallback) {
        return has(rule.name()) ? integer(rule) : fallback;
    }

    /** An optional boolean, from JSON {@code true}/{@code false} or the same words as a string. */
    Boolean optionalBoolean(String name, Boolean fallback) {
        Object value = values.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.trim().equals("true") || s.trim().equals("false"))) {
            return Boolean.parseBoolean(s.trim());
        }
        return refuse(name, value, DeliveryConfig.BOOLEAN_FORM);
    }

    /** An optional enum constant, written exactly as the constant is named. */
    <E extends Enum<E>> E optionalEnum(String name, Class<E> type, E fallback) {
        Object value = values.get(name);
        if (value == null) {
            return fallback;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        return refuse(name, value, "one of " + Arrays.toString(type.getEnumConstants()));
    }

    /**
     * A required list of strings, checked: a JSON array in {@code cdk.json}, or on the command
     * line a JSON array or a comma-separated string.
     */
    List<String> stringList(Rule<List<String>> rule) {
        Object value = values.get(rule.name());
        List<?> items;
        if (value instanceof List<?> list) {
            items = list;
        } else if (value instanceof String s && s.trim().startsWith("[")) {
            items = parseJsonArray(s);
        } else if (value instanceof String s) {
            items = s.isBlank() ? List.of() : List.of(s.split(","));
        } else {
            items = null;
        }
        if (items == null) {
            return refuse(rule.name(), value, rule.form());
        }
        List<String> result = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof String s) || s.isBlank()) {
                return refuse(rule.name(), value, rule.form());
            }
            result.add(s.trim());
        }
        return checked(rule, List.copyOf(result));
    }

    /** An optional list of strings, checked: the fallback, unchecked, when the key is not set. */
    List<String> optionalStringList(Rule<List<String>> rule, List<String> fallback) {
        return has(rule.name()) ? stringList(rule) : fallback;
    }

    /** The value if its rule accepts it, or null after recording why not. */
    <T> T checked(Rule<T> rule, T value) {
        return problems.require(rule.accepts(value), key(rule.name()), value, rule.explain().apply(value))
                ? value : null;
    }

    /** Records a problem with a key read here; returns null, the value of what cannot be used. */
    <T> T refuse(String name, Object given, String expected) {
        problems.add(key(name), given, expected);
        return null;
    }

    /** A JSON array typed on a command line, such as {@code ["a","b"]}, or null. */
    private static List<?> parseJsonArray(String text) {
        try {
            return JSON.readValue(text, Object.class) instanceof List<?> list ? list : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
