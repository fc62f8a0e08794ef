package io.github.crossaccountdelivery.common;

import java.util.Objects;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * How every log group of one account is made: encrypted with a customer-managed key of that
 * account, kept for the configured retention (a year or more), and deleted with its stack.
 * AWS Control Tower's proactive controls refuse log groups without either (CT.CLOUDWATCH.PR.2
 * and CT.CLOUDWATCH.PR.3).
 *
 * @param key           the key that encrypts the log data; its policy must admit CloudWatch Logs
 * @param retentionDays how long log events are kept
 */
public record LogGroups(IKey key, int retentionDays) {

    public LogGroups {
        Objects.requireNonNull(key, "key");
        LogRetention.of(retentionDays);
    }

    /** A log group with a generated name. */
    public LogGroup create(Construct scope, String id) {
        return builder(scope, id).build();
    }

    /** A log group with a fixed name, for a service that writes to a name of its own choosing. */
    public LogGroup create(Construct scope, String id, String name) {
        return builder(scope, id).logGroupName(name).build();
    }

    private LogGroup.Builder builder(Construct scope, String id) {
        return LogGroup.Builder.create(scope, id)
                .encryptionKey(key)
                .retention(LogRetention.of(retentionDays))
                .removalPolicy(RemovalPolicy.DESTROY);
    }
}
