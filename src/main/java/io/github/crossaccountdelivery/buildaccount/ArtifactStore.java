package io.github.crossaccountdelivery.buildaccount;

import io.github.crossaccountdelivery.common.Compliance;
import io.github.crossaccountdelivery.common.LogBucket;
import io.github.crossaccountdelivery.config.ResourceNames;
import io.github.crossaccountdelivery.config.ResourceNames.TargetNames;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.CfnKey;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketAttributes;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The pipeline's artifact store in the build account: a customer-managed KMS key and the
 * versioned S3 bucket it encrypts.
 *
 * <p>Creates the key (alias, yearly rotation, retained on stack deletion, 30 days' wait before
 * deletion) and the bucket (TLS only, uploads not encrypted with KMS refused, public access
 * blocked, old artifacts expired, server access logs to a {@link LogBucket}, retained). Each
 * target account's deployment role may read the artifacts and decrypt them through S3; the
 * build account's pipeline and CodeBuild roles are admitted by {@link #allowBuildRoles}.
 *
 * <p>Exposes {@link #bucket()} and {@link #key()}.
 *
 * <p>A customer-managed key is what makes the cross-account read possible at all: the
 * AWS-managed {@code aws/s3} key cannot be shared with another account
 * (https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html).
 */
public final class ArtifactStore extends Construct {

    /** Logical IDs of the stateful resources: renaming them would replace the bucket and key. */
    public static final String KEY_LOGICAL_ID = "ArtifactKey";
    public static final String BUCKET_LOGICAL_ID = "ArtifactBucket";
    /** Days an artifact is kept; a pipeline execution older than this cannot be retried. */
    public static final int ARTIFACT_RETENTION_DAYS = 90;

    /**
     * @param names   physical names of the app
     * @param targets the accounts whose deployment roles read artifacts
     */
    public record Props(ResourceNames names, List<TargetNames> targets) {
        public Props {
            Objects.requireNonNull(names, "names");
            targets = List.copyOf(targets);
        }
    }

    /** Key administration without use: no Encrypt, Decrypt or GenerateDataKey. */
    private static final List<String> KEY_ADMIN_ACTIONS = List.of(
            "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*",
            "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
            "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand");
    /** S3 calls these on a role's behalf to write and read SSE-KMS objects; no wildcards. */
    private static final List<String> KEY_USE_ACTIONS = List.of(
            "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey");
    private static final List<String> KEY_GRANT_ACTIONS = List.of(
            "kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant");
    private static final Map<String, Object> ONLY_FOR_AWS_RESOURCES =
            Map.of("Bool", Map.of("kms:GrantIsForAWSResource", "true"));

    private final Key key;
    private IKey keyReference;
    private final Bucket bucket;

    public ArtifactStore(Construct scope, String id, Props props) {
        super(scope, id);
        ResourceNames names = props.names();

        key = Key.Builder.create(this, "Key")
                .alias(names.artifactKeyAlias())
                // Replaces CDK's default "account root may kms:*": the account administers the key,
                // and only the roles named below may use it.
                .policy(PolicyDocument.Builder.create().statements(List.of(PolicyStatement.Builder.create()
                        .sid("AccountAdministersTheKey")
                        .principals(List.of(new AccountRootPrincipal()))
                        .actions(KEY_ADMIN_ACTIONS)
                        .resources(List.of("*"))
                        .build())).build())
                .description("Encrypts pipeline artifacts of " + names.appName()
                        + "; shared with the deployment targets' accounts")
                .enableKeyRotation(true)
                .pendingWindow(Duration.days(30))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        ((CfnKey) key.getNode().getDefaultChild()).overrideLogicalId(KEY_LOGICAL_ID);

        bucket = Bucket.Builder.create(this, "Bucket")
                .bucketName(names.artifactBucket())
                .encryption(BucketEncryption.KMS)
                .encryptionKey(key)
                .bucketKeyEnabled(true)
                .enforceSsl(true)
                .versioned(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .removalPolicy(RemovalPolicy.RETAIN)
                .serverAccessLogsBucket(new LogBucket(this, "AccessLogs").bucket())
                .serverAccessLogsPrefix("artifacts/")
                // An execution reads its artifacts within minutes; old ones are only history.
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("ExpireOldArtifacts")
                        .expiration(Duration.days(ARTIFACT_RETENTION_DAYS))
                        .noncurrentVersionExpiration(Duration.days(7))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
                .build();
        ((CfnBucket) bucket.getNode().getDefaultChild()).overrideLogicalId(BUCKET_LOGICAL_ID);
        Compliance.acknowledge(bucket, "NIST.800.53.R5-S3BucketReplicationEnabled",
                "Artifacts are short-lived and reproducible from the source commit; versioning and"
                        + " retention protect them in place.");

        // Every artifact must be encrypted with this key, or the target account cannot read it.
        bucket.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("DenyUploadsNotEncryptedWithKms")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:PutObject"))
                .resources(List.of(bucket.arnForObjects("*")))
                .conditions(Map.of("StringNotEquals", Map.of("s3:x-amz-server-side-encryption", "aws:kms")))
                .build());

        for (TargetNames target : props.targets()) {
            allowTargetDeploymentRole(names, target);
        }
    }

    /**
     * Admits a target's deployment role to read artifacts and decrypt them through S3.
     *
     * <p>The principal is the target account with an {@code aws:PrincipalArn} condition rather
     * than the role's ARN: S3 and KMS reject a policy naming a role that does not exist yet, and
     * would silently keep a stale principal ID if the role were ever recreated.
     */
    private void allowTargetDeploymentRole(ResourceNames names, TargetNames target) {
        IPrincipal account = new AccountPrincipal(target.account());
        Map<String, Object> onlyDeploymentRole =
                Map.of("ArnEquals", Map.of("aws:PrincipalArn", target.deploymentRoleArn()));
        String sidSuffix = sidSafe(target.deploymentRole());

        bucket.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("ReadArtifacts" + sidSuffix)
                .principals(List.of(account))
                .actions(List.of("s3:GetObject", "s3:GetObjectVersion", "s3:GetBucketLocation"))
                .resources(List.of(bucket.getBucketArn(), bucket.arnForObjects("*")))
                .conditions(onlyDeploymentRole)
                .build());

        Map<String, Object> throughS3FromTarget = Map.of(
                "ArnEquals", Map.of("aws:PrincipalArn", target.deploymentRoleArn()),
                "StringEquals", Map.of(
                        "kms:ViaService", "s3.%s.amazonaws.com".formatted(names.region()),
                        "kms:CallerAccount", target.account()));
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("DecryptArtifacts" + sidSuffix)
                .principals(List.of(account))
                .actions(List.of("kms:Decrypt"))
                .resources(List.of("*"))
                .conditions(throughS3FromTarget)
                .build());
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("GrantsForAwsResources" + sidSuffix)
                .principals(List.of(account))
                .actions(KEY_GRANT_ACTIONS)
                .resources(List.of("*"))
                .conditions(Map.of(
                        "ArnEquals", Map.of("aws:PrincipalArn", target.deploymentRoleArn()),
                        "StringEquals", Map.of(
                                "kms:ViaService", "s3.%s.amazonaws.com".formatted(names.region()),
                                "kms:CallerAccount", target.account()),
                        "Bool", Map.of("kms:GrantIsForAWSResource", "true")))
                .build());
    }

    /**
     * Names the build account's pipeline and CodeBuild roles in the key policy, as the
     * cross-account guide asks: they encrypt the artifacts the target account decrypts.
     */
    public void allowBuildRoles(List<IRole> roles) {
        List<IPrincipal> principals = roles.stream()
                .<IPrincipal>map(role -> new ArnPrincipal(role.getRoleArn()))
                .toList();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("UseKeyForArtifacts")
                .principals(principals)
                .actions(KEY_USE_ACTIONS)
                .resources(List.of("*"))
                .build());
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("GrantsForAwsResources")
                .principals(principals)
                .actions(KEY_GRANT_ACTIONS)
                .resources(List.of("*"))
                .conditions(ONLY_FOR_AWS_RESOURCES)
                .build());
    }

    /**
     * What a build-account role needs to read and write pipeline artifacts: objects in the
     * bucket, and the key to encrypt and decrypt them. Written out rather than through
     * {@code grantReadWrite}, which would also allow deleting objects and changing retention.
     *
     * @param withObjectAcl also allow {@code s3:PutObjectAcl}, which CodePipeline's source action
     *                      uses to hand uploaded objects to the bucket owner
     */
    /**
     * Acknowledges, on a policy holding {@link #readWriteStatements}, the one wildcard they need:
     * artifact objects under the bucket.
     */
    public static void acknowledgeObjectWildcard(IConstruct policy) {
        Compliance.acknowledge(policy, "AwsSolutions-IAM5[Resource::<" + BUCKET_LOGICAL_ID + ".Arn>/*]",
                "Pipeline artifacts have generated object keys; access is limited to the one artifact bucket.");
    }

    public List<PolicyStatement> readWriteStatements(boolean withObjectAcl) {
        List<String> objectActions = new java.util.ArrayList<>(
                List.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"));
        if (withObjectAcl) {
            objectActions.add("s3:PutObjectAcl");
        }
        return List.of(
                PolicyStatement.Builder.create()
                        .sid("ReadWriteArtifacts")
                        .actions(objectActions)
                        .resources(List.of(bucket.arnForObjects("*")))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("LocateArtifactBucket")
                        .actions(List.of("s3:GetBucketLocation", "s3:GetBucketVersioning", "s3:GetBucketAcl"))
                        .resources(List.of(bucket.getBucketArn()))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("EncryptArtifacts")
                        .actions(List.of("kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"))
                        .resources(List.of(key.getKeyArn()))
                        .build());
    }

    /**
     * Lets CodeStar Notifications publish to a topic encrypted with this key: it calls KMS
     * through SNS. One key for artifacts and notifications keeps the build account's idle cost
     * at one key's monthly fee.
     */
    public void allowNotifications() {
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("NotificationsPublishThroughSns")
                .principals(List.of(new ServicePrincipal("codestar-notifications.amazonaws.com")))
                .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "sns.%s.amazonaws.com"
                        .formatted(Stack.of(this).getRegion()))))
                .build());
    }

    public Key key() {
        return key;
    }

    /**
     * The bucket as the pipeline should see it: an imported reference to the same bucket and
     * key. Given the bucket itself, CodePipeline's automatic cross-account grants would add
     * statements naming the deployment role's ARN to the bucket and key policies, wider than
     * the ones above (s3:List*, kms:DescribeKey) and broken if that role is ever recreated.
     * This construct writes the resource policies; roles get theirs from {@link #readWriteStatements}.
     */
    public IBucket bucketForPipeline() {
        return Bucket.fromBucketAttributes(this, "PipelineView", BucketAttributes.builder()
                .bucketArn(bucket.getBucketArn())
                .bucketName(bucket.getBucketName())
                .encryptionKey(keyReference())
                .build());
    }

    /**
     * The key as other constructs should see it: a reference through which CDK's automatic
     * grants cannot widen the key policy (they add, for instance, {@code kms:GenerateDataKey*}
     * with no condition for a topic's publishers). This construct writes the key policy.
     */
    public IKey keyReference() {
        if (keyReference == null) {
            keyReference = Key.fromKeyArn(this, "PipelineKeyView", key.getKeyArn());
        }
        return keyReference;
    }

    public Bucket bucket() {
        return bucket;
    }

    private static String sidSafe(String name) {
        StringBuilder sid = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                sid.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sid.toString();
    }
}
