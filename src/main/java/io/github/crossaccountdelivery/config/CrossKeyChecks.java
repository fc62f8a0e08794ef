package io.github.crossaccountdelivery.config;

import static io.github.crossaccountdelivery.config.Settings.ALLOW_UNLISTED_ZONES;
import static io.github.crossaccountdelivery.config.Settings.AVAILABILITY_ZONES;
import static io.github.crossaccountdelivery.config.Settings.CERTIFICATE_ARN;
import static io.github.crossaccountdelivery.config.Settings.DOMAIN_NAME;
import static io.github.crossaccountdelivery.config.TargetSettings.FARGATE_SPOT;
import static io.github.crossaccountdelivery.config.TargetSettings.TARGET_ACCOUNT;
import static io.github.crossaccountdelivery.config.TargetSettings.TARGET_NAME;

import io.github.crossaccountdelivery.common.CpuArchitecture;
import io.github.crossaccountdelivery.naming.Arn;
import io.github.crossaccountdelivery.naming.Partitions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The rules between configuration keys: what one value must be given the others. Each runs only
 * on values that are valid on their own (a value that is not is null here, and skipped), and
 * names the key that is wrong given the others, showing what it should be from the user's own
 * values.
 */
final class CrossKeyChecks {

    private CrossKeyChecks() {
    }

    /**
     * What is valid of one target: each setting's value, null when it is not valid itself, so
     * that one bad value does not hide the target's other problems.
     *
     * @param origin {@code ""} for the two-account form, or e.g. {@code "targets[1]"}
     */
    record TargetFacts(String origin, Map<Setting<?>, Object> values) {
        @SuppressWarnings("unchecked")
        <T> T get(Setting<T> setting) {
            return (T) values.get(setting);
        }
    }

    /**
     * The rules between the top level and the targets: a connection in the build account and
     * region; targets with distinct names and accounts, none the build account's; zones of the
     * region; certificates of the target's account and region; Fargate Spot only on X86_64.
     *
     * @param keyOf the context key that holds a setting of a target, given the target's origin
     */
    static void checkAcross(Map<Setting<?>, Object> app, List<TargetFacts> targets,
                            BiFunction<String, String, String> keyOf, Problems problems) {
        String buildAccount = (String) app.get(Settings.BUILD_ACCOUNT);
        String region = (String) app.get(Settings.REGION);
        String connectionArn = (String) app.get(Settings.CONNECTION_ARN);
        if (connectionArn != null) {
            problems.addUnlessNull(misplaced("a connection in the build account and region", "buildAccount",
                    connectionArn, region, buildAccount),
                    Settings.CONNECTION_ARN.key(), connectionArn);
        }
        Integer port = (Integer) app.get(Settings.CONTAINER_PORT);
        String user = (String) app.get(Settings.CONTAINER_USER);
        if (port != null && user != null && port < 1024 && !user.equals("image")) {
            problems.add(Settings.CONTAINER_PORT.key(), port, "a port of 1024 or above: containerUser " + user
                    + " is not root, and Linux lets only root listen below 1024; make the image listen on such a port,"
                    + " or set containerUser to \"image\" to run as the image's own user");
        }
        Set<String> names = new HashSet<>();
        Map<String, String> firstWithAccount = new HashMap<>();
        for (TargetFacts target : targets) {
            String name = target.get(TARGET_NAME);
            String account = target.get(TARGET_ACCOUNT);
            if (name != null) {
                problems.require(names.add(name), keyOf.apply(target.origin(), TARGET_NAME.key()), name,
                        "a name no other target has: each target gets its own stack and stages");
            }
            if (account != null) {
                String key = keyOf.apply(target.origin(), TARGET_ACCOUNT.key());
                if (buildAccount != null) {
                    problems.require(!account.equals(buildAccount), key, account, "an account other than buildAccount ("
                            + buildAccount + "): the point of this app is to keep build and runtime apart");
                }
                String first = firstWithAccount.putIfAbsent(account, target.origin().isEmpty() ? "test" : target.origin());
                if (first != null) {
                    problems.add(key, account, "an account no other target has (" + first + " deploys to " + account
                            + "): one target per account keeps each target's role unable to act in another");
                }
            }
            List<String> zones = target.get(AVAILABILITY_ZONES);
            if (region != null && zones != null) {
                String zoneKey = keyOf.apply(target.origin(), AVAILABILITY_ZONES.key());
                if (problems.require(zones.stream().allMatch(az -> az.matches(Pattern.quote(region) + "[a-z]")),
                        zoneKey, zones, "at least two distinct availability zones of the configured region, " + region
                                + ": the region's code and a letter, such as " + region + "a")) {
                    checkZonesExist(region, zones, Boolean.TRUE.equals(target.get(ALLOW_UNLISTED_ZONES)), zoneKey,
                            problems);
                }
            }
            String certificate = target.get(CERTIFICATE_ARN);
            if (certificate != null && account != null) {
                // A load balancer uses certificates of its own account and region.
                problems.addUnlessNull(misplaced("a certificate in the target's account and the configured region",
                        "the target's account", certificate, region, account),
                        keyOf.apply(target.origin(), CERTIFICATE_ARN.key()), certificate);
            }
            // Verify checks the certificate against the name clients use: without one it could only skip the check.
            boolean hasCertificate = target.values().containsKey(CERTIFICATE_ARN);
            boolean hasDomain = target.values().containsKey(DOMAIN_NAME);
            if (hasCertificate != hasDomain && (hasCertificate ? certificate : target.get(DOMAIN_NAME)) != null) {
                String key = keyOf.apply(target.origin(), DOMAIN_NAME.key());
                problems.add(key, target.get(DOMAIN_NAME), target.values().containsKey(CERTIFICATE_ARN)
                        ? "the DNS name the certificate is for, such as \"orders.example.com\": with certificateArn set,"
                                + " Verify checks the certificate against it"
                        : "nothing without certificateArn: the name is for HTTPS; set the target's certificateArn too");
            }
            Boolean spot = target.get(FARGATE_SPOT);
            if (spot != null) {
                problems.require(!(spot && app.get(Settings.CPU_ARCHITECTURE) == CpuArchitecture.ARM64),
                        keyOf.apply(target.origin(), FARGATE_SPOT.key()), true,
                        "false while cpuArchitecture is ARM64: Fargate Spot runs X86_64 tasks only");
            }
        }
    }

    /** Zones the region's table does not list fail only at deploy; an account that has them says so. */
    private static void checkZonesExist(String region, List<String> zones, boolean allowUnlisted, String key,
                                        Problems problems) {
        String letters = Zones.letters(region);
        if (letters == null || allowUnlisted) {
            return;
        }
        List<String> listed = letters.chars().mapToObj(c -> region + (char) c).toList();
        problems.require(listed.containsAll(zones), key, zones, "zones that " + region + " has: " + String.join(", ", listed)
                + " (an older account that has another sets allowUnlistedZones to true)");
    }

    /**
     * What a user's ARN should be given the region and the account it must be in (each null when
     * not valid), or null when it fits.
     */
    private static String misplaced(String what, String accountKey, String given, String region, String account) {
        Arn arn = Arn.parse(given).orElseThrow();
        List<String> wrong = new ArrayList<>();
        String partition = region == null ? arn.partition() : Partitions.of(region);
        if (!arn.partition().equals(partition)) {
            wrong.add("its partition is " + arn.partition() + ", and region " + region + " is in " + partition);
        }
        if (region != null && !arn.region().equals(region)) {
            wrong.add("its region is " + arn.region() + ", not the configured region " + region);
        }
        if (account != null && !arn.account().equals(account)) {
            wrong.add("its account is " + arn.account() + ", not " + accountKey + " " + account);
        }
        return wrong.isEmpty() ? null : what + " (" + String.join("; ", wrong) + "): an ARN starting with "
                + arn.prefixIn(partition, region == null ? arn.region() : region, account == null ? arn.account() : account);
    }
}
