package io.github.crossaccountdelivery.buildaccount;

import io.github.crossaccountdelivery.common.Compliance;
import io.github.crossaccountdelivery.common.KeyPolicies;
import io.github.crossaccountdelivery.common.LogBucket;
import io.github.crossaccountdelivery.common.Ordered;
import io.github.crossaccountdelivery.common.Stateful;
import io.github.crossaccountdelivery.naming.AppNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The pipeline's artifact store in the build account: a customer-managed KMS key and the
 * versioned S3 bucket it encrypts.
 *
 * <p>Creates the key (alias, yearly rotation, retained on stack deletion, 30 days' wait before
 * deletion, a key policy that lets the account administer the key but not use it) and the
 * bucket (TLS only, uploads not encrypted with KMS refused, public access blocked, old
 * artifacts expired, server access logs to a {@link LogBucket}, retained). Who else may use
 * them is {@link ArtifactAccess}'s job.
 *
 * <p>Exposes {@link #bucket()}, {@link #key()}, and {@link #readWriteStatements} for the
 * build account's roles.
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

    /** @param names physical names of the app */
    public record Props(AppNames names) {
        public Props {
            Objects.requireNonNull(names, "names");
        }
    }

    private final Key key;
    private final Bucket bucket;

    public ArtifactStore(Construct scope, String id, Props props) {
        super(scope, id);
        AppNames names = props.names();

        key = Key.Builder.create(this, "Key")
                .alias(names.artifactKeyAlias())
                // Replaces CDK's default "account root may kms:*": the account administers the key;
                // ArtifactAccess names who may use it.
                .policy(PolicyDocument.Builder.create().statements(List.of(
                        KeyPolicies.administration(), KeyPolicies.grantsOnlyForAwsResources())).build())
                .description("Encrypts pipeline artifacts of " + names.appName()
                        + "; shared with the deployment targets' accounts")
                .enableKeyRotation(true)
                .pendingWindow(Duration.days(30))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Stateful.keep(key, KEY_LOGICAL_ID);

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
        Stateful.keep(bucket, BUCKET_LOGICAL_ID);
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
                .conditions(Ordered.map("StringNotEquals", Ordered.map("s3:x-amz-server-side-encryption", "aws:kms")))
                .build());
    }

    /**
     * What a build-account role needs to read and write pipeline artifacts: objects in the
     * bucket, and the key to encrypt and decrypt them. Written out rather than through
     * {@code bucket.grantReadWrite}, which would also allow deleting objects and changing
     * retention.
     *
     * @param withObjectAcl also allow {@code s3:PutObjectAcl}, which CodePipeline's source action
     *                      uses to hand uploaded objects to the bucket owner
     */
    public List<PolicyStatement> readWriteStatements(boolean withObjectAcl) {
        List<String> objectActions = new ArrayList<>(List.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"));
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
     * Acknowledges, on a policy holding {@link #readWriteStatements}, the one wildcard they need:
     * artifact objects under the bucket.
     */
    public static void acknowledgeObjectWildcard(IConstruct policy) {
        Compliance.acknowledge(policy, "AwsSolutions-IAM5[Resource::<" + BUCKET_LOGICAL_ID + ".Arn>/*]",
                "Pipeline artifacts have generated object keys; access is limited to the one artifact bucket.");
    }

    public Key key() {
        return key;
    }

    public Bucket bucket() {
        return bucket;
    }
}
