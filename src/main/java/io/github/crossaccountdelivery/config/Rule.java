package io.github.crossaccountdelivery.config;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What one context value must satisfy on its own, written once and used twice: by the reader,
 * which collects every problem of a configuration, and by the records' compact constructors,
 * which throw on the first one as a safety net.
 *
 * @param name    the context key, as written at the top level
 * @param form    the form expected, in words, for a value that is missing or of the wrong type
 * @param test    whether a value of the right type is acceptable
 * @param explain the form expected for a value the test refused: {@code form}, or a text that
 *                says more about that value (e.g. the closest known region)
 * @param <T>     the value's Java type
 */
record Rule<T>(String name, String form, Predicate<T> test, Function<T, String> explain) {

    static <T> Rule<T> of(String name, String form, Predicate<T> test) {
        return new Rule<>(name, form, test, value -> form);
    }

    /** A whole number within bounds. */
    static Rule<Integer> range(String name, int min, int max) {
        return of(name, "a whole number from %d to %d".formatted(min, max), value -> value >= min && value <= max);
    }

    /** A 12-digit account ID. */
    static Rule<String> account(String name) {
        return of(name, DeliveryConfig.ACCOUNT_FORM, account -> account.matches("\\d{12}"));
    }

    boolean accepts(T value) {
        return test.test(value);
    }

    /** Throws unless the value is acceptable; the key is where the value was configured. */
    T require(String key, T value) {
        if (!test.test(value)) {
            throw new InvalidConfigException(key, value, explain.apply(value));
        }
        return value;
    }

    /** Throws unless the value is acceptable, naming the top-level key. */
    T require(T value) {
        return require(name, value);
    }
}
