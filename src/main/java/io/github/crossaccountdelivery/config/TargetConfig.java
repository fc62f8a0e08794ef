package io.github.crossaccountdelivery.config;

import io.github.crossaccountdelivery.common.TrafficShift;
import io.github.crossaccountdelivery.naming.AppNames;
import io.github.crossaccountdelivery.naming.TargetNames;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Optional;

/**
 * An account the pipeline deploys the service to, and how the service runs there: the keys of
 * its {@code targets} entry, with the top-level values of the settings it does not set.
 *
 * @param origin where it was configured: {@code ""} for the two-account form ({@code testAccount}
 *               and top-level settings), or e.g. {@code "targets[2]"}
 * @param values its settings ({@link Setting.Scope#ENTRY}, {@link Setting.Scope#SHARED} and
 *               {@link Setting.Scope#SERVICE})
 */
public record TargetConfig(String origin, Values values) {

    public TargetConfig {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(values, "values");
        values.asMap().forEach((setting, value) ->
                setting.require(keyOf(origin, setting.key()), value));
        Problems problems = new Problems();
        ServiceChecks.check(new LinkedHashMap<>(values.asMap()),
                (atFault, other) -> keyOf(origin, atFault), problems);
        problems.throwIfAny();
    }

    public String name() {
        return get(TargetSettings.TARGET_NAME);
    }

    public String account() {
        return get(TargetSettings.TARGET_ACCOUNT);
    }

    public boolean approval() {
        return get(TargetSettings.APPROVAL);
    }

    /**
     * How this target's production traffic moves to a new release: its {@code deployment} with its
     * bake time and steps, the defaults filled in.
     */
    public TrafficShift trafficShift() {
        return Objects.requireNonNull(ServiceChecks.trafficShift(new LinkedHashMap<>(values.asMap())),
                "a validated target has a traffic shift");
    }

    public <T> T get(Setting<T> setting) {
        return values.get(setting);
    }

    public <T> Optional<T> find(Setting<T> setting) {
        return values.find(setting);
    }

    /** This target's names, in its account. */
    public TargetNames names(AppNames app) {
        return app.target(name(), account());
    }

    /** The context key of a setting of the target configured at {@code origin}. */
    static String keyOf(String origin, String field) {
        if (origin.isEmpty()) {
            return field.equals(TargetSettings.TARGET_ACCOUNT.key()) ? Settings.TEST_ACCOUNT.key() : field;
        }
        return origin + "." + field;
    }
}
