package io.github.crossaccountdelivery.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reads the deployment targets: the {@code targets} array, or the two-account form's
 * {@code testAccount} with top-level settings. Top-level settings (zones, task size, rollout
 * timings, deletion protection) are the defaults each target may override.
 */
final class TargetsReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CERTIFICATE_TEXT = "the ARN of an ACM certificate in the target's account and region";
    private static final Set<String> TARGET_KEYS = new TreeSet<>(List.of(
            "name", "account", "approval", "region", "availabilityZones", "certificateArn",
            "loadBalancerDeletionProtection", "desiredCount", "taskCpu", "taskMemoryMiB", "fargateSpot",
            "healthCheckIntervalSeconds", "healthCheckTimeoutSeconds", "healthyThreshold", "unhealthyThreshold",
            "deregistrationDelaySeconds", "healthCheckGracePeriodSeconds", "stopTimeoutSeconds",
            "minHealthyPercent", "maxHealthyPercent", "deployTimeoutMinutes"));

    private final ContextReader top;

    TargetsReader(ContextReader top) {
        this.top = top;
    }

    /** The two-account form: one target named {@code test}, configured by top-level keys. */
    static DeploymentTarget testAccountTarget(ContextReader read) {
        return new DeploymentTarget("", "test",
                read.string("testAccount", DeliveryConfig.ACCOUNT_FORM),
                false,
                read.stringList("availabilityZones", DeliveryConfig.AZ_FORM),
                Optional.ofNullable(read.optionalString("certificateArn", null, CERTIFICATE_TEXT)),
                read.optionalBoolean("loadBalancerDeletionProtection", false, DeliveryConfig.BOOLEAN_FORM),
                ServiceSettings.read(read, ServiceSettings.DEFAULTS));
    }

    /** The {@code targets} array, each entry over the top-level defaults. */
    List<DeploymentTarget> targets(Object region) {
        List<?> entries = entries();
        List<String> defaultZones = top.optionalStringList("availabilityZones", DeliveryConfig.AZ_FORM);
        boolean defaultProtection =
                top.optionalBoolean("loadBalancerDeletionProtection", false, DeliveryConfig.BOOLEAN_FORM);
        ServiceSettings defaultService = ServiceSettings.read(top, ServiceSettings.DEFAULTS);

        List<DeploymentTarget> targets = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String origin = "targets[" + i + "]";
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                throw new InvalidConfigException(origin, entries.get(i), "an object such as"
                        + " {\"name\":\"staging\",\"account\":\"333333333333\",\"approval\":true}");
            }
            for (Object key : entry.keySet()) {
                if (!TARGET_KEYS.contains(String.valueOf(key))) {
                    throw new InvalidConfigException(origin + "." + key, entry.get(key),
                            "no such target setting; a target may set " + TARGET_KEYS);
                }
            }
            targets.add(prefixed(origin, () -> target(origin, entry, region, defaultZones, defaultProtection,
                    defaultService)));
        }
        return targets;
    }

    private DeploymentTarget target(String origin, Map<?, ?> entry, Object region, List<String> defaultZones,
                                    boolean defaultProtection, ServiceSettings defaultService) {
        ContextReader read = new ContextReader(key -> entry.get(key));
        Object targetRegion = entry.get("region");
        if (targetRegion != null && !targetRegion.equals(region)) {
            throw new InvalidConfigException("region", targetRegion, "the build account's region (" + region
                    + ") or nothing: targets are deployed in the pipeline's region, and cross-region targets"
                    + " are not supported");
        }
        List<String> zones = entry.containsKey("availabilityZones")
                ? read.stringList("availabilityZones", DeliveryConfig.AZ_FORM)
                : defaultZones;
        if (zones == null) {
            throw new InvalidConfigException("availabilityZones", null, DeliveryConfig.AZ_FORM
                    + ", here or in the top-level availabilityZones");
        }
        return new DeploymentTarget(origin,
                read.string("name", DeploymentTarget.NAME_FORM),
                read.string("account", DeliveryConfig.ACCOUNT_FORM),
                read.optionalBoolean("approval", false, DeliveryConfig.BOOLEAN_FORM),
                zones,
                Optional.ofNullable(read.optionalString("certificateArn", null, CERTIFICATE_TEXT)),
                read.optionalBoolean("loadBalancerDeletionProtection", defaultProtection, DeliveryConfig.BOOLEAN_FORM),
                ServiceSettings.read(read, defaultService));
    }

    /** The array from cdk.json, or the JSON text that {@code -c targets='[...]'} passes. */
    private List<?> entries() {
        Object raw = top.raw("targets");
        Object parsed = raw;
        if (raw instanceof String text) {
            try {
                parsed = JSON.readValue(text, Object.class);
            } catch (JsonProcessingException e) {
                throw new InvalidConfigException("targets", text, DeliveryConfig.TARGETS_FORM
                        + " (not valid JSON: " + e.getOriginalMessage() + ")");
            }
        }
        if (!(parsed instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidConfigException("targets", raw, DeliveryConfig.TARGETS_FORM);
        }
        return list;
    }

    /** Names the key inside a target as {@code targets[i].key} in any error. */
    private static DeploymentTarget prefixed(String origin, Supplier<DeploymentTarget> reading) {
        try {
            return reading.get();
        } catch (InvalidConfigException e) {
            throw e.key().startsWith(origin) ? e : e.withKeyPrefix(origin + ".");
        }
    }
}
