package io.github.crossaccountdelivery.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An account the pipeline deploys the service to, and how the service runs there.
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
    private static final Pattern NAME = Pattern.compile("[a-z]([a-z0-9-]{0,14}[a-z0-9])?");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    public DeploymentTarget {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(certificateArn, "certificateArn");
        Objects.requireNonNull(service, "service");
        availabilityZones = List.copyOf(availabilityZones);
        if (!NAME.matcher(name).matches()) {
            throw new InvalidConfigException(keyOf(origin, "name"), name, NAME_FORM);
        }
        if (!ACCOUNT.matcher(account).matches()) {
            throw new InvalidConfigException(keyOf(origin, "account"), account, DeliveryConfig.ACCOUNT_FORM);
        }
    }

    /** The context key a setting of this target was read from, for error messages. */
    public String key(String field) {
        return keyOf(origin, field);
    }

    private static String keyOf(String origin, String field) {
        if (origin.isEmpty()) {
            return field.equals("account") ? "testAccount" : field;
        }
        return origin + "." + field;
    }
}
