package io.github.crossaccountdelivery.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules between configuration keys: what one value must be given the others (a connection
 * in the build account and region, targets with distinct names and accounts, zones of the region,
 * certificates of the target's account and region, Fargate Spot only on X86_64). Each message
 * names the key that is wrong and shows what it should be from the user's own values.
 */
final class CrossKeyChecks {

    private CrossKeyChecks() {
    }

    /**
     * What the rules between keys need to know of one target, each value null when it is not
     * valid itself, so that one bad value does not hide the target's other problems.
     *
     * @param origin            {@code ""} for the two-account form, or e.g. {@code "targets[1]"}
     * @param availabilityZones the zones the target uses, its own or inherited
     * @param certificateArn    empty when not set
     * @param fargateSpot       its own or inherited
     */
    record TargetFacts(String origin, String name, String account, List<String> availabilityZones,
                       Optional<String> certificateArn, Boolean fargateSpot) {

        static TargetFacts of(DeploymentTarget target) {
            return new TargetFacts(target.origin(), target.name(), target.account(), target.availabilityZones(),
                    target.certificateArn(), target.service().fargateSpot());
        }
    }

    /**
     * The rules between keys. Each runs only when the values it compares are valid on their
     * own (null means not valid, and is skipped), and names the key that is wrong given the
     * others, showing what it should be from the user's own values.
     *
     * @param keyOf the context key that holds a setting of a target, given the target's origin
     */
    static void checkAcross(String buildAccount, String region, String connectionArn, CpuArchitecture cpuArchitecture,
                            List<TargetFacts> targets, BiFunction<String, String, String> keyOf, Problems problems) {
        if (connectionArn != null) {
            problems.addUnlessNull(connectionProblem(connectionArn, region, buildAccount), "connectionArn",
                    connectionArn);
        }
        Set<String> names = new HashSet<>();
        Set<String> accounts = new HashSet<>();
        Map<String, String> firstWithAccount = new HashMap<>();
        for (TargetFacts target : targets) {
            if (target.name() != null) {
                problems.require(names.add(target.name()), keyOf.apply(target.origin(), "name"), target.name(),
                        "a name no other target has: each target gets its own stack and stages");
            }
            if (target.account() != null) {
                checkAccount(target, buildAccount, accounts, firstWithAccount, keyOf.apply(target.origin(), "account"),
                        problems);
            }
            if (region != null && target.availabilityZones() != null) {
                problems.require(target.availabilityZones().stream()
                                .allMatch(az -> az.matches(Pattern.quote(region) + "[a-z]")),
                        keyOf.apply(target.origin(), "availabilityZones"), target.availabilityZones(),
                        "at least two distinct availability zones of the configured region, " + region
                                + ": the region's code and a letter, such as " + region + "a");
            }
            if (target.certificateArn() != null && target.account() != null) {
                target.certificateArn().ifPresent(arn -> problems.addUnlessNull(
                        certificateProblem(arn, region, target.account()),
                        keyOf.apply(target.origin(), "certificateArn"), arn));
            }
            if (target.fargateSpot() != null) {
                problems.require(!(target.fargateSpot() && cpuArchitecture == CpuArchitecture.ARM64),
                        keyOf.apply(target.origin(), "fargateSpot"), true,
                        "false while cpuArchitecture is ARM64: Fargate Spot runs X86_64 tasks only");
            }
        }
    }

    /** A target's account: not the build account, and not another target's. */
    private static void checkAccount(TargetFacts target, String buildAccount, Set<String> accounts,
                                     Map<String, String> firstWithAccount, String key, Problems problems) {
        if (buildAccount != null) {
            problems.require(!target.account().equals(buildAccount), key, target.account(),
                    "an account other than buildAccount (" + buildAccount
                            + "): the point of this app is to keep build and runtime apart");
        }
        if (!accounts.add(target.account())) {
            problems.add(key, target.account(), "an account no other target has ("
                    + firstWithAccount.get(target.account()) + " deploys to " + target.account()
                    + "): one target per account keeps each target's role unable to act in another");
        }
        firstWithAccount.putIfAbsent(target.account(), target.origin().isEmpty() ? "test" : target.origin());
    }

    /**
     * What the connection ARN should be given the region and the build account (each null when
     * not valid, and then not compared), or null when it fits.
     */
    private static String connectionProblem(String arn, String region, String buildAccount) {
        Matcher connection = DeliveryConfig.CONNECTION.matcher(arn);
        if (!connection.matches()) {
            return null;
        }
        List<String> wrong = new ArrayList<>();
        String partition = region == null ? connection.group(1) : Regions.partition(region);
        if (!connection.group(1).equals(partition)) {
            wrong.add("its partition is " + connection.group(1) + ", and region " + region + " is in " + partition);
        }
        if (region != null && !connection.group(3).equals(region)) {
            wrong.add("its region is " + connection.group(3) + ", not the configured region " + region);
        }
        if (buildAccount != null && !connection.group(4).equals(buildAccount)) {
            wrong.add("its account is " + connection.group(4) + ", not buildAccount " + buildAccount);
        }
        if (wrong.isEmpty()) {
            return null;
        }
        String prefix = String.join(":", "arn", partition, connection.group(2),
                region == null ? connection.group(3) : region,
                buildAccount == null ? connection.group(4) : buildAccount, "connection/");
        return "a connection in the build account and region (" + String.join("; ", wrong)
                + "): an ARN starting with " + prefix;
    }

    /**
     * What a target's certificate ARN should be given the region (null when unknown) and the
     * target's account, or null when it fits. A load balancer can only use an ACM certificate of
     * its own account and region.
     */
    private static String certificateProblem(String arn, String region, String account) {
        Matcher certificate = DeploymentTarget.CERTIFICATE.matcher(arn);
        if (!certificate.matches()) {
            return null;
        }
        List<String> wrong = new ArrayList<>();
        String partition = region == null ? certificate.group(1) : Regions.partition(region);
        if (!certificate.group(1).equals(partition)) {
            wrong.add("its partition is " + certificate.group(1) + ", and region " + region + " is in " + partition);
        }
        if (region != null && !certificate.group(2).equals(region)) {
            wrong.add("its region is " + certificate.group(2) + ", not the configured region " + region);
        }
        if (!certificate.group(3).equals(account)) {
            wrong.add("its account is " + certificate.group(3) + ", not the target's account " + account);
        }
        if (wrong.isEmpty()) {
            return null;
        }
        String prefix = String.join(":", "arn", partition, "acm", region == null ? certificate.group(2) : region,
                account, "certificate/");
        return "a certificate in the target's account and the configured region (" + String.join("; ", wrong)
                + "): an ARN starting with " + prefix;
    }

}
