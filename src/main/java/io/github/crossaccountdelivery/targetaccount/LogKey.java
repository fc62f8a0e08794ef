package io.github.crossaccountdelivery.targetaccount;

import io.github.crossaccountdelivery.common.KeyPolicies;
import io.github.crossaccountdelivery.naming.TargetNames;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.kms.CfnKey;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The customer-managed KMS key that encrypts a target account's log groups: the service's, the
 * current-image reader's and the post-deploy verification's.
 *
 * <p>Creates the key (alias, yearly rotation) with a policy that lets the account administer
 * it, refuses grants not for AWS resources, and lets CloudWatch Logs use it for log groups of
 * this account and region only. The key is deleted with the stack, after a 7-day wait: every
 * log group it encrypts is deleted with the stack too.
 *
 * <p>Exposes {@link #key()}. One key per account costs 1 USD a month.
 */
public final class LogKey extends Construct {

    /** Logical ID of the key: renaming it would replace the key and orphan what it encrypts. */
    public static final String LOGICAL_ID = "LogKey";

    /** @param target this target's names: the key's alias, its stack, and the account's log groups */
    public record Props(TargetNames target) {
        public Props {
            Objects.requireNonNull(target, "target");
        }
    }

    private final Key key;

    public LogKey(Construct scope, String id, Props props) {
        super(scope, id);
        TargetNames target = props.target();
        key = Key.Builder.create(this, "Key")
                .alias(target.logKeyAlias())
                .description("Encrypts the log groups of " + target.stack())
                .policy(PolicyDocument.Builder.create().statements(List.of(
                        KeyPolicies.administration(),
                        KeyPolicies.grantsOnlyForAwsResources(),
                        KeyPolicies.cloudWatchLogs(target.app().regionalService("logs"), target.logGroupsArn())))
                        .build())
                .enableKeyRotation(true)
                .pendingWindow(Duration.days(7))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        ((CfnKey) key.getNode().getDefaultChild()).overrideLogicalId(LOGICAL_ID);
    }

    public Key key() {
        return key;
    }
}
