package io.github.crossaccountdelivery.naming;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ARN taken apart, for the ARNs a user gives (a connection, a certificate): which partition,
 * region and account it is in decides whether the app can use it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 *
 * @param partition {@code aws}, {@code aws-cn} or {@code aws-us-gov}
 * @param service   e.g. {@code acm}
 * @param region    e.g. {@code eu-west-1}
 * @param account   12 digits
 * @param resource  e.g. {@code certificate/<id>}
 */
public record Arn(String partition, String service, String region, String account, String resource) {

    private static final Pattern SHAPE =
            Pattern.compile("arn:(aws|aws-cn|aws-us-gov):([a-z0-9-]+):([a-z0-9-]+):(\\d{12}):(.+)");

    /** The ARN's parts, or empty when the text is not a regional ARN of an account. */
    public static Optional<Arn> parse(String text) {
        Matcher arn = SHAPE.matcher(text);
        return arn.matches()
                ? Optional.of(new Arn(arn.group(1), arn.group(2), arn.group(3), arn.group(4), arn.group(5)))
                : Optional.empty();
    }

    /** Whether it names a resource of this service whose part after the account matches. */
    public boolean is(String servicePattern, String resourcePattern) {
        return service.matches(servicePattern) && resource.matches(resourcePattern);
    }

    /**
     * The start of the same kind of ARN in another place, up to the resource's ID: e.g.
     * {@code arn:aws:acm:eu-west-1:222222222222:certificate/}.
     */
    public String prefixIn(String partition, String region, String account) {
        return String.join(":", "arn", partition, service, region, account, resource.replaceFirst("/.*", "/"));
    }
}
