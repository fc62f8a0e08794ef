package io.github.crossaccountdelivery.config;

import io.github.crossaccountdelivery.naming.AppNames;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the app needs to know, read once from CDK context by the entry point and validated:
 * a configuration with any problem stops synthesis before any template is written, with every
 * problem reported at once. Only the stacks, the composition root, see it; every construct gets
 * props shaped for its own job.
 *
 * @param app     the top-level settings, each value checked on its own ({@link Settings})
 * @param targets the accounts the pipeline deploys to, in order: {@code targets}, or the
 *                two-account form's one target named {@code test} in {@code testAccount}
 */
public record DeliveryConfig(Values app, List<TargetConfig> targets) {

    public DeliveryConfig {
        Objects.requireNonNull(app, "app");
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new InvalidConfigException(Settings.TARGETS.key(), targets, Settings.TARGETS_FORM);
        }
        // The safety net for code that builds a configuration itself: what the reader refuses, this refuses.
        app.asMap().forEach((setting, value) -> setting.require(setting.key(), value));
        Problems problems = new Problems();
        CrossKeyChecks.checkAcross(app.asMap(), targets.stream().map(t -> new CrossKeyChecks.TargetFacts(
                t.origin(), t.values().asMap())).toList(), TargetConfig::keyOf, problems);
        problems.throwIfAny();
    }

    /**
     * Reads and validates the configuration from the whole CDK context, in the order it was given
     * ({@code app.getNode().getAllContext()} keeps {@code cdk.json}'s order, with {@code -c} keys in
     * the place of the key they override and new ones after): problems are reported in that order.
     *
     * @throws InvalidConfigException with every problem found, one per key at fault
     */
    public static DeliveryConfig fromContext(Map<String, Object> context) {
        return ConfigReader.read(context);
    }

    /** A top-level setting's value (see {@link Values#get}). */
    public <T> T get(Setting<T> setting) {
        return app.get(setting);
    }

    /** A top-level setting's value, or empty when it is not set and has no default. */
    public <T> Optional<T> find(Setting<T> setting) {
        return app.find(setting);
    }

    /** The first target: in the two-account form, the test account. */
    public TargetConfig firstTarget() {
        return targets.get(0);
    }

    /** Every physical name that one account needs from the other. */
    public AppNames names() {
        return new AppNames(get(Settings.APP_NAME), get(Settings.BUILD_ACCOUNT), get(Settings.REGION));
    }
}
