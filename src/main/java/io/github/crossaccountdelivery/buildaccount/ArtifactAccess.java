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
import software.amazon.awscdk.services.iam.IPrincipal;
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
 *   <li>CloudWatch Logs uses the key for the image build's, the pipeline's Commands and the delivery
 *       metrics' log groups, and no other.</li>
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

    /**
     * @param store      the key and bucket
     * @param names      physical names of the app
     * @param targets    the accounts whose deployment roles read artifacts
     * @param buildRoleArns the build account's roles that encrypt and decrypt artifacts, by ARN
     */
    public record Props(ArtifactStore store, AppNames names, List<TargetNames> targets, List<String> buildRoleArns) {
        public Props {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(names, "names");
            targets = List.copyOf(targets);
            buildRoleArns = List.copyOf(buildRoleArns);
        }
    }

    public ArtifactAccess(Construct scope, String id, Props props) {
        super(scope, id);
        for (TargetNames target : props.targets()) {
            admitTargetRole(props, target.account(), target.deploymentRole(), target.deploymentRoleArn(), true);
            admitTargetRole(props, target.account(), target.verifyRole(), target.verifyRoleArn(), false);
        }
        admitBuildRoles(props.store(), props.names().buildAccount(), props.buildRoleArns());
        admitNotificationsThroughSns(props.store(), props.names());
        props.store().key().addToResourcePolicy(KeyPolicies.cloudWatchLogs(props.names().regionalService("logs"),
                props.names().buildLogGroupArn(), props.names().commandsLogGroupArn(),
                props.names().metricsLogGroupArn()));
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
                "kms:ViaService", props.names().regionalService("s3"),
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
     * Lets the build account's roles use the key, as the cross-account guide asks: they encrypt the
     * artifacts the target accounts decrypt. The key policy must admit them because the account's
     * own statement allows administration only, so IAM policies alone cannot grant use of the key.
     *
     * <p>The principal is the account, narrowed to the roles by {@code aws:PrincipalArn}, not the
     * roles themselves: KMS checks a key policy's principals when it is saved, and a role created
     * seconds earlier in the same deploy can be refused as an invalid principal while IAM
     * propagates it. https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
     */
    private static void admitBuildRoles(ArtifactStore store, String account, List<String> roleArns) {
        List<IPrincipal> principals = List.of(new AccountPrincipal(account));
        Map<String, Object> onlyTheseRoles = Ordered.map("aws:PrincipalArn", roleArns);
        store.key().addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("UseKeyForArtifacts")
                .principals(principals)
                .actions(KEY_USE_ACTIONS)
                .resources(List.of("*"))
                .conditions(Ordered.map("ArnEquals", onlyTheseRoles))
                .build());
        store.key().addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("GrantsForAwsResources")
                .principals(principals)
                .actions(KEY_GRANT_ACTIONS)
                .resources(List.of("*"))
                .conditions(Ordered.map("ArnEquals", onlyTheseRoles, "Bool",
                        Ordered.map("kms:GrantIsForAWSResource", "true")))
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
                        Ordered.map("kms:ViaService", names.regionalService("sns"))))
                .build());
    }
}
