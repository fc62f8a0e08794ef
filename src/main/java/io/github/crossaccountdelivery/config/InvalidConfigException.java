package io.github.crossaccountdelivery.config;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A configuration that cannot be used, with every problem found in it. Each problem names the
 * context key, the value given and the form expected, so a user can fix {@code cdk.json} or
 * {@code -c key=value} without reading the code; the message has one line per problem.
 */
public final class InvalidConfigException extends RuntimeException {

    /**
     * One thing wrong with the configuration.
     *
     * @param key      the context key to fix, e.g. {@code region} or {@code targets[1].account}
     * @param given    the value given, or null when the key is not set
     * @param expected what the key should hold, in words, computed from the rest of the
     *                 configuration where it depends on it
     */
    public record Problem(String key, Object given, String expected) {

        /** The problem as one line of text. */
        public String line() {
            return "Invalid configuration: context key '%s' %s; expected %s%s"
                    .formatted(key, describe(given), expected, expected.endsWith("?") ? "" : ".");
        }
    }

    private final List<Problem> problems;

    /** A configuration with one problem. */
    public InvalidConfigException(String key, Object given, String expected) {
        this(List.of(new Problem(key, given, expected)));
    }

    /** A configuration with these problems, reported in this order. */
    public InvalidConfigException(List<Problem> problems) {
        super(problems.stream().map(Problem::line).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid configuration has at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in the order they are reported. */
    public List<Problem> problems() {
        return problems;
    }

    /** The context key of the first problem. */
    public String key() {
        return problems.get(0).key();
    }

    private static String describe(Object value) {
        if (value == null) {
            return "is not set";
        }
        return "is " + render(value);
    }

    private static String render(Object value) {
        if (value instanceof String s) {
            // A value must not break the one-line-per-problem rule.
            return '"' + s.replace("\r", "\\r").replace("\n", "\\n") + '"';
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
