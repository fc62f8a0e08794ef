package io.github.crossaccountdelivery.common;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps that keep the order their entries were written in.
 *
 * <p>{@code Map.of} iterates in an order that changes from one JVM run to the next. Every map
 * this app hands to CDK becomes a JSON object or list in a template, so an unordered map makes
 * two syntheses of the same input differ byte for byte, and every {@code cdk deploy} and
 * {@code cdk diff} report a change that is not there.
 */
public final class Ordered {

    private Ordered() {
    }

    /**
     * An unmodifiable map of the given keys and values, in the order given.
     *
     * @param keysAndValues key, value, key, value, ...; keys are strings
     */
    @SuppressWarnings("unchecked")
    public static <V> Map<String, V> map(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (map.put((String) keysAndValues[i], (V) keysAndValues[i + 1]) != null) {
                throw new IllegalArgumentException("duplicate key " + keysAndValues[i]);
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /** An unmodifiable copy that keeps the given map's iteration order. */
    public static <K, V> Map<K, V> copy(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
