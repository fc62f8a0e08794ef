package io.github.crossaccountdelivery.common;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * A bucket that receives access and flow logs: the evidence a reviewer asks for after an
 * incident.
 *
 * <p>Creates an S3 bucket that is TLS only, private, versioned, encrypted with S3-managed keys,
 * expires logs after {@link #RETENTION_DAYS} days and is retained when the stack is deleted.
 *
 * <p>Exposes {@link #bucket()}.
 *
 * <p>S3-managed keys rather than KMS because the two writers cannot use a KMS key: S3 server
 * access logging requires SSE-S3 on the target bucket
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html),
 * and so do Application Load Balancer access logs
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html).
 */
public final class LogBucket extends Construct {

    /** Logical ID of the bucket; at most one log bucket per stack. */
    public static final String LOGICAL_ID = "LogBucket";
    /** How long logs are kept. */
    public static final int RETENTION_DAYS = 365;

    private static final String LOGGING_ITSELF =
            "This is the log bucket; logging its own access to itself would loop.";

    private final Bucket bucket;

    public LogBucket(Construct scope, String id) {
        super(scope, id);
        bucket = Bucket.Builder.create(this, "Bucket")
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .versioned(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .removalPolicy(RemovalPolicy.RETAIN)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("ExpireLogs")
                        .expiration(Duration.days(RETENTION_DAYS))
                        .noncurrentVersionExpiration(Duration.days(30))
                        .abortIncompleteMultipartUploadAfter(Duration.days(7))
                        .build()))
                .build();
        ((CfnBucket) bucket.getNode().getDefaultChild()).overrideLogicalId(LOGICAL_ID);
        Compliance.acknowledge(bucket, "AwsSolutions-S1", LOGGING_ITSELF);
        Compliance.acknowledge(bucket, "NIST.800.53.R5-S3BucketLoggingEnabled", LOGGING_ITSELF);
        Compliance.acknowledge(bucket, "NIST.800.53.R5-S3DefaultEncryptionKMS",
                "The log writers (S3 server access logging, load balancer access logs) accept only"
                        + " S3-managed encryption on their target bucket.");
        Compliance.acknowledge(bucket, "NIST.800.53.R5-S3BucketReplicationEnabled",
                "Logs are versioned and retained in place; a replica in a second region is a decision"
                        + " for the organization's log archive, not for this app.");
    }

    public Bucket bucket() {
        return bucket;
    }
}
