package io.github.crossaccountdelivery.buildaccount;

import io.github.crossaccountdelivery.common.KeyPolicies;
import io.github.crossaccountdelivery.common.Ordered;
import io.github.crossaccountdelivery.naming.AppNames;
import io.github.crossaccountdelivery.naming.Sid;
import io.github.crossaccountdelivery.naming.TargetNames;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * Who, besides the account's administrators, may use the artifact store: the one list of
 * resource-policy statements on the artifact key and bucket.
 *
 * <ul>
 *   <li>Each target's deployment role and verification role read artifacts and decrypt them,
 *       through S3 only; the deployment role may also create grants for AWS resources.</li>
 *   <li>The build account's pipeline and image-build roles use the key to write and read them.</li>
 *   <li>CodeStar Notifications uses the key through SNS, for the encrypted delivery topic.</li>
 *   <li>CloudWatch Logs uses the key for the image build's log group, and no other.</li>
 * </ul>
 *
 * <p>Creates no resource of its own; it adds statements to the store's key and bucket policies.
 * Everything it needs arrives in its props, so it can only be built once the roles exist.
 *
 * <p>Written out rather than left to CDK's grants: CodePipeline's automatic cross-account grants
 * would name the target roles' ARNs (rejected while a role does not exist, and stale once it is
 * recreated) and add {@code s3:List*} and {@code kms:DescribeKey}, wider than these.
 */
public final class ArtifactAccess extends Construct {

    /** S3 calls these on a role's behalf to write and read SSE-KMS objects; no wildcards. */
    private static final List<String> KEY_USE_ACTIONS = List.of(
            "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey");
    private static final List<String> KEY_GRANT_ACTIONS = List.of(
            "kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant");
    private static final Map<String, Object> ONLY_FOR_AWS_RESOURCES =
            Ordered.map("Bool", Ordered.map("kms:GrantIsForAWSResource", "true"));

    /**
     * @param store      the key and bucket
     * @param names      physical names of the app
     * @param targets    the accounts whose deployment roles read artifacts
     * @param buildRoles the build account's roles that encrypt and decrypt artifacts
     */
    public record Props(ArtifactStore store, AppNames names, List<TargetNames> targets, List<IRole> buildRoles) {
        public Props {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(names, "names");
            targets = List.copyOf(targets);
            buildRoles = List.copyOf(buildRoles);
        }
    }

    public ArtifactAccess(Construct scope, String id, Props props) {
        super(scope, id);
        for (TargetNames target : props.targets()) {
            admitTargetRole(props, target.account(), target.deploymentRole(), target.deploymentRoleArn(), true);
            admitTargetRole(props, target.account(), target.verifyRole(), target.verifyRoleArn(), false);
        }
        admitBuildRoles(props.store(), props.buildRoles());
        admitNotificationsThroughSns(props.store(), props.names());
        AppNames names = props.names();
        props.store().key().addToResourcePolicy(KeyPolicies.cloudWatchLogs(names.region(),
                "arn:%s:logs:%s:%s:log-group:%s".formatted(names.partition(), names.region(), names.buildAccount(),
                        names.buildLogGroup())));
    }

    /**
     * Lets one role of a target account read artifacts and decrypt them through S3.
     *
     * <p>The principal is the target account with an {@code aws:PrincipalArn} condition rather
     * than the role's ARN: S3 and KMS reject a policy naming a role that does not exist yet, and
     * would silently keep a stale principal ID if the role were ever recreated.
     */
    private static void admitTargetRole(Props props, String account, String roleName, String roleArn,
                                        boolean withGrants) {
        ArtifactStore store = props.store();
        IPrincipal principal = new AccountPrincipal(account);
        String sid = Sid.of(roleName);
        Map<String, Object> onlyThisRole = Ordered.map("aws:PrincipalArn", roleArn);
        Map<String, Object> throughS3FromTarget = Ordered.map(
                "kms:ViaService", "s3.%s.amazonaws.com".formatted(props.names().region()),
                "kms:CallerAccount", account);

        store.bucket().addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("ReadArtifacts" + sid)
                .principals(List.of(principal))
                .actions(List.of("s3:GetObject", "s3:GetObjectVersion", "s3:GetBucketLocation"))
                .resources(List.of(store.bucket().getBucketArn(), store.bucket().arnForObjects("*")))
                .conditions(Ordered.map("ArnEquals", onlyThisRole))
                .build());
        store.key().addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("DecryptArtifacts" + sid)
                .principals(List.of(principal))
                .actions(List.of("kms:Decrypt"))
                .resources(List.of("*"))
                .conditions(Ordered.map("ArnEquals", onlyThisRole, "StringEquals", throughS3FromTarget))
                .build());
        if (!withGrants) {
            return;
        }
        store.key().addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("GrantsForAwsResources" + sid)
                .principals(List.of(principal))
                .actions(KEY_GRANT_ACTIONS)
                .resources(List.of("*"))
                .conditions(Ordered.map("ArnEquals", onlyThisRole, "StringEquals", throughS3FromTarget,
                        "Bool", Ordered.map("kms:GrantIsForAWSResource", "true")))
                .build());
    }

    /**
     * Names the build account's roles in the key policy, as the cross-account guide asks: they
     * encrypt the artifacts the target accounts decrypt. The key policy must name them because
     * the account's own statement allows administration only, so IAM policies alone cannot
     * grant use of the key.
     */
    private static void admitBuildRoles(ArtifactStore store, List<IRole> roles) {
        List<IPrincipal> principals = roles.stream()
                .<IPrincipal>map(role -> new ArnPrincipal(role.getRoleArn()))
                .toList();
        store.key().addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("UseKeyForArtifacts")
                .principals(principals)
                .actions(KEY_USE_ACTIONS)
                .resources(List.of("*"))
                .build());
        store.key().addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("GrantsForAwsResources")
                .principals(principals)
                .actions(KEY_GRANT_ACTIONS)
                .resources(List.of("*"))
                .conditions(ONLY_FOR_AWS_RESOURCES)
                .build());
    }

    /**
     * Lets CodeStar Notifications publish to the delivery topic, which this key encrypts: it
     * calls KMS through SNS. One key for artifacts and notifications keeps the build account's
     * idle cost at one key's monthly fee.
     */
    private static void admitNotificationsThroughSns(ArtifactStore store, AppNames names) {
        store.key().addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("NotificationsPublishThroughSns")
                .principals(List.of(new ServicePrincipal("codestar-notifications.amazonaws.com")))
                .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                .resources(List.of("*"))
                .conditions(Ordered.map("StringEquals",
                        Ordered.map("kms:ViaService", "sns.%s.amazonaws.com".formatted(names.region()))))
                .build());
    }
}
