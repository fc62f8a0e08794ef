package io.github.crossaccountdelivery.config;

import static io.github.crossaccountdelivery.config.TargetSettings.APPROVAL;
import static io.github.crossaccountdelivery.config.Settings.AVAILABILITY_ZONES;
import static io.github.crossaccountdelivery.config.Settings.CERTIFICATE_ARN;
import static io.github.crossaccountdelivery.config.Settings.DOMAIN_NAME;
import static io.github.crossaccountdelivery.config.Settings.REGION;
import static io.github.crossaccountdelivery.config.Settings.TARGETS;
import static io.github.crossaccountdelivery.config.TargetSettings.TARGET_ACCOUNT;
import static io.github.crossaccountdelivery.config.TargetSettings.TARGET_NAME;
import static io.github.crossaccountdelivery.config.Settings.TEST_ACCOUNT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountdelivery.config.Setting.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the configuration out of the whole CDK context by the table in {@link Settings}: each
 * value read and checked on its own, the top level's shared values handed down to the targets
 * that do not set them, then the rules between keys ({@link CrossKeyChecks}). Every problem is
 * recorded and reading goes on, so that all of them are reported at once; a value that cannot
 * be used is null from then on, and the checks that need it skip it.
 */
final class ConfigReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENTRY_FORM = "an object such as"
            + " {\"name\":\"staging\",\"account\":\"<12-digit account ID>\",\"approval\":true}";

    private final Map<String, Object> context;
    private final Problems problems = new Problems();
    /** The entries of {@code targets} as given: empty in the two-account form or when unreadable. */
    private List<?> entries = List.of();

    private ConfigReader(Map<String, Object> context) {
        this.context = context;
    }

    static DeliveryConfig read(Map<String, Object> context) {
        return new ConfigReader(context).read();
    }

    private DeliveryConfig read() {
        ContextKeys.checkTopLevel(context, problems);
        Map<Setting<?>, Object> top = level(context, "", Settings.all().stream()
                .filter(s -> s.scope() != Scope.ENTRY && s != TARGETS && s != TEST_ACCOUNT).toList(), Map.of());
        ServiceChecks.check(top, (atFault, other) -> atFault, problems);

        // A target list replaces the two-account form, so that the same cdk.json serves both:
        // -c targets='[...]' adds staging and prod; leaving it out deploys to testAccount alone.
        List<CrossKeyChecks.TargetFacts> targets = new ArrayList<>();
        if (context.get(TARGETS.key()) == null) {
            targets.add(new CrossKeyChecks.TargetFacts("", testAccountTarget(top)));
        } else {
            entries = entries(context.get(TARGETS.key()));
            for (int i = 0; i < entries.size(); i++) {
                Map<Setting<?>, Object> target = entry(i, (String) top.get(REGION), top);
                if (target != null) {
                    targets.add(new CrossKeyChecks.TargetFacts("targets[" + i + "]", target));
                }
            }
        }
        CrossKeyChecks.checkAcross(top, targets, this::keyOf, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(ContextKeys.inContextOrder(problems.list(), context, entries));
        }
        top.keySet().removeIf(setting -> setting.scope() != Scope.APP);
        return new DeliveryConfig(new Values(top), targets.stream()
                .map(target -> new TargetConfig(target.origin(), new Values(target.values()))).toList());
    }

    /**
     * The values of one level: what it sets, each read and checked; otherwise the inherited value,
     * or the default; a required setting that is not set is a problem. Null marks a value that
     * cannot be used; an optional setting without a default that is not set is left out.
     */
    private Map<Setting<?>, Object> level(Map<?, ?> raw, String prefix, List<Setting<?>> settings,
                                          Map<Setting<?>, Object> inherited) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        for (Setting<?> setting : settings) {
            Object given = raw.get(setting.key());
            if (given != null) {
                values.put(setting, setting.read(given, prefix + setting.key(), problems));
            } else if (inherited.containsKey(setting)) {
                values.put(setting, inherited.get(setting));
            } else if (setting.required()) {
                problems.add(prefix + setting.key(), null, setting.form());
                values.put(setting, null);
            } else if (setting.fallback() != null) {
                values.put(setting, setting.fallback());
            }
        }
        return values;
    }

    /** The two-account form: one target named {@code test} in {@code testAccount}, set up by top-level keys. */
    private Map<Setting<?>, Object> testAccountTarget(Map<Setting<?>, Object> top) {
        Map<Setting<?>, Object> target = new LinkedHashMap<>();
        target.put(TARGET_NAME, "test");
        target.put(TARGET_ACCOUNT, level(context, "", List.of(TEST_ACCOUNT), Map.of()).get(TEST_ACCOUNT));
        target.put(APPROVAL, false);
        target.putAll(shared(top));
        if (!target.containsKey(AVAILABILITY_ZONES)) {
            problems.add(AVAILABILITY_ZONES.key(), null, AVAILABILITY_ZONES.form());
            target.put(AVAILABILITY_ZONES, null);
        }
        return target;
    }

    /** One {@code targets} entry over the top-level defaults, or null when it is not even an object. */
    private Map<Setting<?>, Object> entry(int index, String region, Map<Setting<?>, Object> top) {
        String origin = "targets[" + index + "]";
        if (!(entries.get(index) instanceof Map<?, ?> entry)) {
            problems.add(origin, entries.get(index), ENTRY_FORM);
            return null;
        }
        ContextKeys.checkTarget(origin, entry, problems);
        Object given = entry.get(REGION.key());
        if (given != null && !(given instanceof String)) {
            problems.add(origin + ".region", given, "the top-level region as a string, or nothing");
        } else if (given != null && region != null && !given.equals(region)) {
            problems.add(origin + ".region", given, "the top-level region (" + region + ") or nothing: targets are"
                    + " deployed in the pipeline's region, and cross-region targets are not supported");
        }
        List<Setting<?>> settings = Settings.all().stream().filter(s -> s.scope() != Scope.APP).toList();
        Map<Setting<?>, Object> values = level(entry, origin + ".", settings, shared(top));
        if (!values.containsKey(AVAILABILITY_ZONES)) {
            problems.add(origin + "." + AVAILABILITY_ZONES.key(), null,
                    AVAILABILITY_ZONES.form() + ", here or in the top-level availabilityZones");
            values.put(AVAILABILITY_ZONES, null);
        }
        ServiceChecks.dropInheritedSettingsItsStrategyDoesNotUse(values, key -> entry.get(key) != null);
        ServiceChecks.check(values, (atFault, other) -> entry.get(atFault) != null || entry.get(other) != null
                ? origin + "." + atFault : atFault, problems);
        return values;
    }

    /** The top-level values a target inherits unless it sets its own. */
    private static Map<Setting<?>, Object> shared(Map<Setting<?>, Object> top) {
        Map<Setting<?>, Object> shared = new LinkedHashMap<>(top);
        shared.keySet().removeIf(setting -> setting.scope() != Scope.SHARED && setting.scope() != Scope.SERVICE);
        return shared;
    }

    /**
     * The key that holds a setting of the target configured at {@code origin}: the entry's own key
     * when the entry sets it (a target's name, account, certificate and domain are always its own),
     * otherwise the top-level key it inherits.
     */
    private String keyOf(String origin, String field) {
        if (origin.isEmpty()) {
            return TargetConfig.keyOf(origin, field);
        }
        Map<?, ?> entry = (Map<?, ?>) entries.get(Integer.parseInt(origin.replaceAll("\\D", "")));
        boolean own = List.of(TARGET_NAME.key(), TARGET_ACCOUNT.key(), CERTIFICATE_ARN.key(), DOMAIN_NAME.key())
                .contains(field)
                || entry.get(field) != null;
        return own ? TargetConfig.keyOf(origin, field) : field;
    }

    /** The array from cdk.json, or the JSON text that {@code -c targets='[...]'} passes; empty when unusable. */
    private List<?> entries(Object raw) {
        Object parsed = raw;
        if (raw instanceof String text) {
            try {
                parsed = JSON.readValue(text, Object.class);
            } catch (JsonProcessingException e) {
                String stripped = text.strip();
                String why = stripped.startsWith("[") && !stripped.endsWith("]")
                        ? "it ends before the list does; the CDK CLI passes only the first line of a -c value,"
                                + " so keep the list on one line"
                        : e.getLocation() == null ? "it is not valid JSON"
                        : "it is not valid JSON (at character " + e.getLocation().getColumnNr() + ")";
                problems.add(TARGETS.key(), text, Settings.TARGETS_FORM + "; " + why);
                return List.of();
            }
        }
        if (!(parsed instanceof List<?> list) || list.isEmpty()) {
            problems.add(TARGETS.key(), raw, Settings.TARGETS_FORM);
            return List.of();
        }
        return list;
    }
}
