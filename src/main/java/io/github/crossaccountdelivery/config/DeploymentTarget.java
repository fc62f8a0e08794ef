package io.github.crossaccountdelivery.config;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An account the pipeline deploys the service to, and how the service runs there.
 *
 * <p>The compact constructor checks each value on its own; the rules that relate a target to
 * the rest of the configuration (its zones and certificate to the region, its account to the
 * build account and the other targets) are {@link DeliveryConfig}'s.
 *
 * @param origin        where it was configured: {@code ""} for the two-account form
 *                      ({@code testAccount} and top-level settings), or {@code "targets[2]"}
 * @param name          short name used in stack, stage and resource names, e.g. {@code staging}
 * @param account       the 12-digit account ID
 * @param approval      whether a person must approve before the pipeline deploys here
 * @param availabilityZones zones of this account's network, at least two
 * @param certificateArn optional ACM certificate in this account: HTTPS with HTTP redirected
 * @param loadBalancerDeletionProtection whether the load balancer refuses deletion
 * @param service       task size and count, and rollout timings
 */
public record DeploymentTarget(
        String origin,
        String name,
        String account,
        boolean approval,
        List<String> availabilityZones,
        Optional<String> certificateArn,
        boolean loadBalancerDeletionProtection,
        ServiceSettings service) {

    static final String NAME_FORM = "1 to 16 lowercase letters, digits or inner hyphens, starting with a letter,"
            + " such as \"staging\" (it becomes part of stack, stage and role names)";
    static final String AZ_FORM = "a list of at least two distinct availability zone names of the configured"
            + " region (a load balancer needs two)";
    static final String CERTIFICATE_FORM = "the ARN of an ACM certificate in the target's account and the"
            + " configured region, arn:<partition>:acm:<region>:<account>:certificate/<id>";

    /** {@code arn:<partition>:acm:<region>:<account>:certificate/<id>}, the groups in that order. */
    static final Pattern CERTIFICATE = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov):acm:([a-z0-9-]+):(\\d{12}):certificate/[0-9a-f-]{36}");
    private static final Pattern NAME = Pattern.compile("[a-z]([a-z0-9-]{0,14}[a-z0-9])?");
    /** A zone name, a region code and a letter; whether it is the configured region's is checked later. */
    private static final Pattern ZONE = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}[a-z]");

    static final Rule<String> NAME_RULE = Rule.of("name", NAME_FORM, name -> NAME.matcher(name).matches());
    static final Rule<String> ACCOUNT_RULE = Rule.account("account");
    static final Rule<List<String>> AZ_RULE = Rule.of("availabilityZones", AZ_FORM,
            zones -> zones.size() >= 2 && new HashSet<>(zones).size() == zones.size()
                    && zones.stream().allMatch(zone -> ZONE.matcher(zone).matches()));
    static final Rule<String> CERTIFICATE_RULE = Rule.of("certificateArn", CERTIFICATE_FORM,
            arn -> CERTIFICATE.matcher(arn).matches());

    public DeploymentTarget {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(certificateArn, "certificateArn");
        Objects.requireNonNull(service, "service");
        availabilityZones = List.copyOf(availabilityZones);
        NAME_RULE.require(keyOf(origin, "name"), name);
        ACCOUNT_RULE.require(keyOf(origin, "account"), account);
        AZ_RULE.require(keyOf(origin, "availabilityZones"), availabilityZones);
        certificateArn.ifPresent(arn -> CERTIFICATE_RULE.require(keyOf(origin, "certificateArn"), arn));
    }

    /** The context key a setting of this target was read from, for error messages. */
    public String key(String field) {
        return keyOf(origin, field);
    }

    /** The context key of a setting of the target configured at {@code origin}. */
    static String keyOf(String origin, String field) {
        if (origin.isEmpty()) {
            return field.equals("account") ? "testAccount" : field;
        }
        return origin + "." + field;
    }
}
