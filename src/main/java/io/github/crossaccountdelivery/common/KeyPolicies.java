package io.github.crossaccountdelivery.common;

import java.util.List;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;

/**
 * The key-policy statements every customer-managed key of this app starts with.
 *
 * <p>CDK's default key policy lets the account root do {@code kms:*}: every IAM policy in the
 * account could then grant use of the key. These statements let the account administer a key
 * without using it, and refuse grants that are not for AWS resources, as AWS Control Tower's
 * proactive control CT.KMS.PR.3 requires.
 */
public final class KeyPolicies {

    /**
     * Key administration without use: no Encrypt, Decrypt or GenerateDataKey, and no
     * CreateGrant, which would let an administrator hand use to anyone.
     */
    static final List<String> ADMIN_ACTIONS = List.of(
            "kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias",
            "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus",
            "kms:ListGrants", "kms:ListKeyPolicies", "kms:ListKeyRotations", "kms:ListResourceTags",
            "kms:PutKeyPolicy", "kms:UpdateKeyDescription", "kms:EnableKey", "kms:DisableKey",
            "kms:EnableKeyRotation", "kms:DisableKeyRotation", "kms:RotateKeyOnDemand",
            "kms:RevokeGrant", "kms:RetireGrant", "kms:TagResource", "kms:UntagResource",
            "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion");

    /** What CloudWatch Logs needs of a key that encrypts log groups. */
    static final List<String> LOGS_ACTIONS = List.of(
            "kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
            "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey");

    private KeyPolicies() {
    }

    /** The account administers the key; using it takes a statement of its own. */
    public static PolicyStatement administration() {
        return PolicyStatement.Builder.create()
                .sid("AccountAdministersTheKey")
                .principals(List.of(new AccountRootPrincipal()))
                .actions(ADMIN_ACTIONS)
                .resources(List.of("*"))
                .build();
    }

    /**
     * Nobody may create a grant on the key unless the grant is for an AWS resource or the caller
     * is an AWS service (CT.KMS.PR.3). The Allow statements for grants carry the same condition.
     * https://docs.aws.amazon.com/controltower/latest/controlreference/kms-rules.html
     */
    public static PolicyStatement grantsOnlyForAwsResources() {
        return PolicyStatement.Builder.create()
                .sid("DenyGrantsNotForAwsResources")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("kms:CreateGrant"))
                .resources(List.of("*"))
                .conditions(Ordered.map("BoolIfExists", Ordered.map(
                        "kms:GrantIsForAWSResource", "false",
                        "aws:PrincipalIsAWSService", "false")))
                .build();
    }

    /**
     * Lets CloudWatch Logs use the key for the log groups whose ARNs match the patterns, and no
     * other. https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
     *
     * @param logsPrincipal    CloudWatch Logs' service principal in the region, e.g. {@code logs.eu-west-1.amazonaws.com}
     * @param logGroupPatterns ARNs (or ARN patterns with {@code *}) of the log groups the key encrypts
     */
    public static PolicyStatement cloudWatchLogs(String logsPrincipal, String... logGroupPatterns) {
        return PolicyStatement.Builder.create()
                .sid("CloudWatchLogsEncryptsLogGroups")
                .principals(List.of(new ServicePrincipal(logsPrincipal)))
                .actions(LOGS_ACTIONS)
                .resources(List.of("*"))
                .conditions(Ordered.map("ArnLike",
                        Ordered.map("kms:EncryptionContext:aws:logs:arn",
                                logGroupPatterns.length == 1 ? logGroupPatterns[0] : List.of(logGroupPatterns))))
                .build();
    }
}
