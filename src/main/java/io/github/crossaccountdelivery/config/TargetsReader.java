package io.github.crossaccountdelivery.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the deployment targets: the {@code targets} array, or the two-account form's
 * {@code testAccount} with top-level settings. Top-level settings (zones, task size, rollout
 * timings, deletion protection) are the defaults each target may override.
 *
 * <p>Every problem is recorded and reading goes on. A target with a problem is left out of
 * {@link #targets()}, but what is valid of it still takes part in the checks across keys
 * ({@link #facts()}): a target whose memory size is wrong can still be told its account is
 * another target's.
 */
final class TargetsReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENTRY_FORM = "an object such as"
            + " {\"name\":\"staging\",\"account\":\"<12-digit account ID>\",\"approval\":true}";

    private final ContextReader top;
    private final Problems problems;
    private final List<?> entries;
    private final List<DeploymentTarget> targets = new ArrayList<>();
    private final List<CrossKeyChecks.TargetFacts> facts = new ArrayList<>();

    /**
     * Reads the targets at once.
     *
     * @param top              the top-level context
     * @param region           the configured region, or null when it is not valid
     * @param service          the top-level service settings, null where not valid
     * @param deletionProtection the top-level {@code loadBalancerDeletionProtection}, or null when not valid
     */
    TargetsReader(ContextReader top, String region, Map<String, Object> service, Boolean deletionProtection,
                  Problems problems) {
        this.top = top;
        this.problems = problems;
        // A target list replaces the two-account form, so that the same cdk.json serves both:
        // -c targets='[...]' adds staging and prod; leaving it out deploys to testAccount alone.
        if (!top.has("targets")) {
            entries = List.of();
            testAccountTarget(service, deletionProtection);
        } else {
            entries = entries(top.raw("targets"));
            readEntries(region, service, deletionProtection);
        }
    }

    /** The targets that are valid themselves, in order. */
    List<DeploymentTarget> targets() {
        return List.copyOf(targets);
    }

    /** What is valid of each target, for the checks across keys. */
    List<CrossKeyChecks.TargetFacts> facts() {
        return List.copyOf(facts);
    }

    /** The entries of {@code targets} as given (empty in the two-account form or when unreadable). */
    List<?> entries() {
        return entries;
    }

    /**
     * The key that holds a setting of the target configured at {@code origin}: the entry's own
     * key when the entry sets it, otherwise the top-level key it inherits.
     */
    String keyOf(String origin, String field) {
        if (origin.isEmpty()) {
            return DeploymentTarget.keyOf(origin, field);
        }
        int index = Integer.parseInt(origin.replaceAll("\\D", ""));
        boolean ownKey = field.equals("name") || field.equals("account") || field.equals("certificateArn")
                || ((Map<?, ?>) entries.get(index)).get(field) != null;
        return ownKey ? DeploymentTarget.keyOf(origin, field) : field;
    }

    /** The two-account form: one target named {@code test}, configured by top-level keys. */
    private void testAccountTarget(Map<String, Object> service, Boolean deletionProtection) {
        String account = top.string(Rule.account("testAccount"));
        List<String> zones = top.stringList(DeploymentTarget.AZ_RULE);
        Optional<String> certificate = certificate(top);
        ServiceSettings settings = ServiceSettings.of(service);
        facts.add(new CrossKeyChecks.TargetFacts("", "test", account, zones, certificate,
                (Boolean) service.get("fargateSpot")));
        if (account != null && zones != null && certificate != null && deletionProtection != null
                && settings != null) {
            targets.add(new DeploymentTarget("", "test", account, false, zones, certificate, deletionProtection,
                    settings));
        }
    }

    /** The {@code targets} array, each entry over the top-level defaults. */
    private void readEntries(String region, Map<String, Object> service, Boolean deletionProtection) {
        boolean topZonesSet = top.has("availabilityZones");
        List<String> topZones = top.optionalStringList(DeploymentTarget.AZ_RULE, null);
        for (int i = 0; i < entries.size(); i++) {
            String origin = "targets[" + i + "]";
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                problems.add(origin, entries.get(i), ENTRY_FORM);
                continue;
            }
            ContextKeys.checkTarget(origin, entry, problems);
            ContextReader read = new ContextReader(entry, origin + ".", problems);
            String name = read.string(DeploymentTarget.NAME_RULE);
            String account = read.string(DeploymentTarget.ACCOUNT_RULE);
            Boolean approval = read.optionalBoolean("approval", false);
            checkRegion(read, region);
            List<String> zones = read.optionalStringList(DeploymentTarget.AZ_RULE, topZones);
            if (!read.has("availabilityZones") && !topZonesSet) {
                read.refuse("availabilityZones", null, DeploymentTarget.AZ_FORM
                        + ", here or in the top-level availabilityZones");
            }
            Optional<String> certificate = certificate(read);
            Boolean protection = read.optionalBoolean("loadBalancerDeletionProtection", deletionProtection);
            Map<String, Object> settings = ServiceSettings.read(read, service);
            ServiceSettings.checkAcross(settings, (atFault, other) ->
                    entry.get(atFault) != null || entry.get(other) != null ? origin + "." + atFault : atFault,
                    problems);
            ServiceSettings serviceSettings = ServiceSettings.of(settings);
            facts.add(new CrossKeyChecks.TargetFacts(origin, name, account, zones, certificate,
                    (Boolean) settings.get("fargateSpot")));
            if (name != null && account != null && approval != null && zones != null && certificate != null
                    && protection != null && serviceSettings != null) {
                targets.add(new DeploymentTarget(origin, name, account, approval, zones, certificate, protection,
                        serviceSettings));
            }
        }
    }

    /** The optional certificate: empty when not set, null when set but not usable. */
    private static Optional<String> certificate(ContextReader read) {
        if (!read.has("certificateArn")) {
            return Optional.empty();
        }
        String arn = read.string(DeploymentTarget.CERTIFICATE_RULE);
        return arn == null ? null : Optional.of(arn);
    }

    /** A target may repeat the region, but not name another: cross-region targets are not supported. */
    private static void checkRegion(ContextReader read, String region) {
        if (!read.has("region")) {
            return;
        }
        Object given = read.raw("region");
        if (!(given instanceof String)) {
            read.refuse("region", given, "the top-level region as a string, or nothing");
        } else if (region != null && !given.equals(region)) {
            read.refuse("region", given, "the top-level region (" + region + ") or nothing: targets are deployed in"
                    + " the pipeline's region, and cross-region targets are not supported");
        }
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
                problems.add("targets", text, DeliveryConfig.TARGETS_FORM + "; " + why);
                return List.of();
            }
        }
        if (!(parsed instanceof List<?> list) || list.isEmpty()) {
            problems.add("targets", raw, DeliveryConfig.TARGETS_FORM);
            return List.of();
        }
        return list;
    }
}
