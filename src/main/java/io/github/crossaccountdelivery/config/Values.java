package io.github.crossaccountdelivery.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Settings and their values, as read at one level of the configuration (the top level or one
 * target). A setting that is not set and has no default has no value here.
 */
public final class Values {

    private final Map<Setting<?>, Object> values;

    /** @param values each setting's value, in the order read; optional settings that are not set left out */
    Values(Map<Setting<?>, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.values.values().forEach(java.util.Objects::requireNonNull);
    }

    /**
     * The value of a setting that has one: a required setting, or one with a default.
     *
     * @throws IllegalArgumentException for an optional setting without a default that is not set;
     *     use {@link #find} for those
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting)) {
            throw new IllegalArgumentException(setting.key() + " is not set here; find() it instead");
        }
        return (T) values.get(setting);
    }

    /** The value, or empty when the setting is not set and has no default. */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> find(Setting<T> setting) {
        return Optional.ofNullable((T) values.get(setting));
    }

    /** Every setting with a value, in the order read. */
    Map<Setting<?>, Object> asMap() {
        return values;
    }
}
