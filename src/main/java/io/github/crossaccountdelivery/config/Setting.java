package io.github.crossaccountdelivery.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One configuration setting; {@link Settings} declares each once, and reading, defaults, the list
 * of known keys and the configuration reference all come from there.
 *
 * <p>Context reaches the app in two shapes: JSON values from {@code cdk.json} and strings from
 * {@code -c key=value}. Each kind of setting accepts both where both are natural, and nothing
 * else. A JSON {@code null} counts as not set.
 *
 * @param key         the context key
 * @param scope       where it may be written
 * @param parse       the value of a raw context value, or null when it is not of this kind
 * @param form        the form expected, in words, for a value that is missing or of the wrong kind
 * @param test        whether a value of the right kind is acceptable on its own
 * @param explain     the form expected for a value the test refused: the form, or more about that value
 * @param required    whether it must be set
 * @param fallback    the value when it is not set; null for a required setting or one without a default
 * @param description what it means, for the configuration reference
 * @param example     for a required setting, an example value for the configuration reference
 * @param <T>         the value's Java type
 */
public record Setting<T>(String key, Scope scope, Function<Object, T> parse, String form, Predicate<T> test,
                         Function<T, String> explain, boolean required, T fallback, String description,
                         String example) {

    /** Where a setting may be written. */
    public enum Scope {
        /** The top level only: the app and its pipeline. */
        APP,
        /** The top level, as every target's default, or a {@code targets} entry for itself. */
        SHARED,
        /** Like {@link #SHARED}: how a target runs the service (task size, rollout, gates). */
        SERVICE,
        /** A {@code targets} entry only. */
        ENTRY
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static <T> Setting<T> of(String key, Function<Object, T> parse, String form, Predicate<T> test) {
        return new Setting<>(key, Scope.APP, parse, form, test, value -> form, true, null, "", "");
    }

    /** A string, trimmed; refused when blank. */
    static Setting<String> text(String key, String form, Predicate<String> test) {
        return of(key, raw -> raw instanceof String s && !s.isBlank() ? s.trim() : null, form, test);
    }

    /** A whole number, from a JSON number or a string of digits. */
    static Setting<Integer> whole(String key, String form, Predicate<Integer> test) {
        return of(key, raw -> raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE ? Integer.valueOf(n.intValue())
                : raw instanceof String s && s.trim().matches("-?\\d{1,9}") ? Integer.valueOf(s.trim()) : null,
                form, test);
    }

    /** A whole number within bounds. */
    static Setting<Integer> range(String key, int min, int max) {
        return whole(key, "a whole number from %d to %d".formatted(min, max), n -> n >= min && n <= max);
    }

    /** {@code true} or {@code false}, as JSON or as a string. */
    static Setting<Boolean> flag(String key) {
        return of(key, raw -> raw instanceof Boolean b ? b
                : raw instanceof String s && s.trim().matches("true|false") ? Boolean.valueOf(s.trim()) : null,
                "true or false", b -> true);
    }

    /** One of an enum's constants, written exactly as the constant is named. */
    static <E extends Enum<E>> Setting<E> choice(String key, Class<E> type) {
        return of(key, raw -> Arrays.stream(type.getEnumConstants()).filter(c -> c.name().equals(raw)).findFirst()
                .orElse(null), "one of " + Arrays.toString(type.getEnumConstants()), e -> true);
    }

    /** One of an enum's constants, written as the constant's {@code toString()} (its label), e.g. {@code blueGreen}. */
    static <E extends Enum<E>> Setting<E> labelled(String key, Class<E> type) {
        return of(key, raw -> Arrays.stream(type.getEnumConstants()).filter(c -> c.toString().equals(raw)).findFirst()
                .orElse(null), "one of " + Arrays.toString(type.getEnumConstants()), e -> true);
    }

    /**
     * A number with at most one decimal place within bounds, from a JSON number or a string such as
     * {@code "12.5"}.
     */
    static Setting<Double> tenths(String key, double min, double max) {
        return of(key, raw -> {
            BigDecimal number;
            try {
                number = raw instanceof Number n ? new BigDecimal(n.toString())
                        : raw instanceof String s && s.trim().matches("-?\\d{1,4}(\\.\\d+)?") ? new BigDecimal(s.trim()) : null;
            } catch (NumberFormatException e) {
                number = null;
            }
            return number != null && number.stripTrailingZeros().scale() <= 1 && number.abs().compareTo(BigDecimal.valueOf(10_000)) < 0
                    ? Double.valueOf(number.doubleValue()) : null;
        }, "a number from %s to %s in steps of 0.1".formatted(plain(min), plain(max)), n -> n >= min && n <= max);
    }

    /** A bound as a person writes it: 100, not 100.0. */
    static String plain(double number) {
        return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
    }

    /** A list of strings: a JSON array, or on the command line a JSON array or comma-separated text. */
    static Setting<List<String>> texts(String key, String form, Predicate<List<String>> test) {
        return of(key, Setting::strings, form, test);
    }

    /** Anything: a value another reader takes apart (the {@code targets} list). */
    static Setting<Object> structure(String key, String form) {
        return of(key, raw -> raw, form, value -> true);
    }

    /** The same setting, written at {@code where}. */
    Setting<T> in(Scope where) {
        return new Setting<>(key, where, parse, form, test, explain, required, fallback, description, example);
    }

    /** The same setting, optional, with this default (null: none). */
    Setting<T> orElse(T value) {
        return new Setting<>(key, scope, parse, form, test, explain, false, value, description, example);
    }

    /** The same setting, optional, with no default. */
    Setting<T> optional() {
        return orElse(null);
    }

    /** The same setting, saying more than its form about a value its rule refuses. */
    Setting<T> explainedBy(Function<T, String> why) {
        return new Setting<>(key, scope, parse, form, test, why, required, fallback, description, example);
    }

    /** The same setting, documented. */
    Setting<T> about(String meaning, String exampleValue) {
        return new Setting<>(key, scope, parse, form, test, explain, required, fallback, meaning, exampleValue);
    }

    /**
     * Reads a raw context value: the value, or null after recording why it cannot be used.
     *
     * @param where the key as messages name it, e.g. {@code targets[1].taskCpu}
     */
    T read(Object raw, String where, Problems problems) {
        T value = parse.apply(raw);
        if (value == null) {
            problems.add(where, raw, form);
            return null;
        }
        return problems.require(test.test(value), where, value, explain.apply(value)) ? value : null;
    }

    /** The records' safety net: throws unless the value is acceptable. */
    @SuppressWarnings("unchecked")
    void require(String where, Object value) {
        if (value == null || !test.test((T) value)) {
            throw new InvalidConfigException(where, value, value == null ? form : explain.apply((T) value));
        }
    }

    // Identity, not the functions' equality: each setting is declared once.
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return key;
    }

    private static List<String> strings(Object raw) {
        List<?> items = null;
        if (raw instanceof List<?> list) {
            items = list;
        } else if (raw instanceof String s && s.trim().startsWith("[")) {
            try {
                items = JSON.readValue(s, Object.class) instanceof List<?> list ? list : null;
            } catch (JsonProcessingException e) {
                items = null;
            }
        } else if (raw instanceof String s) {
            items = s.isBlank() ? List.of() : List.of(s.split(","));
        }
        List<String> result = new ArrayList<>();
        for (Object item : items == null ? List.of(0) : items) {
            if (!(item instanceof String s) || s.isBlank()) {
                return null;
            }
            result.add(s.trim());
        }
        return List.copyOf(result);
    }
}
