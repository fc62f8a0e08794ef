package io.github.crossaccountdelivery.buildaccount;

import static io.github.crossaccountdelivery.BareStack.NAMES;
import static io.github.crossaccountdelivery.Policies.bySid;
import static io.github.crossaccountdelivery.Policies.list;
import static io.github.crossaccountdelivery.Policies.statements;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.BareStack;
import io.github.crossaccountdelivery.Policies;
import io.github.crossaccountdelivery.common.LogBucket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.PolicyStatement;

/** The artifact bucket and its key, on their own. */
class ArtifactStoreTest {

    private static final Map<String, Object> KEY_ARN = Map.of("Fn::GetAtt", List.of("ArtifactKey", "Arn"));
    private static Template template;
    private static List<PolicyStatement> readWrite;
    private static Stack stack;

    @BeforeAll
    static void synthesize() {
        stack = BareStack.inBuildAccount();
        var store = new ArtifactStore(stack, "Artifacts", new ArtifactStore.Props(NAMES));
        readWrite = store.readWriteStatements(true);
        template = Template.fromStack(stack);
    }

    @Test
    void bucketIsNamedVersionedEncryptedWithTheKeyPrivateAndRetained() {
        template.hasResource("AWS::S3::Bucket", Map.of(
                "DeletionPolicy", "Retain",
                "UpdateReplacePolicy", "Retain",
                "Properties", Match.objectLike(Map.of(
                        "BucketName", NAMES.artifactBucket(),
                        "VersioningConfiguration", Map.of("Status", "Enabled"),
                        "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                                "BucketKeyEnabled", true,
                                "ServerSideEncryptionByDefault", Map.of(
                                        "SSEAlgorithm", "aws:kms", "KMSMasterKeyID", KEY_ARN)))),
                        "PublicAccessBlockConfiguration", Map.of(
                                "BlockPublicAcls", true, "BlockPublicPolicy", true,
                                "IgnorePublicAcls", true, "RestrictPublicBuckets", true)))));
    }

    @Test
    void bucketPolicyDeniesEveryRequestWithoutTls() {
        template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of(
                "Bucket", Map.of("Ref", ArtifactStore.BUCKET_LOGICAL_ID),
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Action", "s3:*",
                        "Principal", Map.of("AWS", "*"),
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    }

    @Test
    void bucketPolicyDeniesUploadsNotEncryptedWithKms() {
        var deny = bySid(Policies.bucketPolicyOf(template, ArtifactStore.BUCKET_LOGICAL_ID),
                "DenyUploadsNotEncryptedWithKms");
        assertThat(deny).containsEntry("Effect", "Deny").containsEntry("Action", "s3:PutObject")
                .containsEntry("Principal", Map.of("AWS", "*"))
                .containsEntry("Condition", Map.of("StringNotEquals",
                        Map.of("s3:x-amz-server-side-encryption", "aws:kms")));
    }

    @Test
    void bucketLogsAccessAndExpiresOldArtifactsAndVersions() {
        template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "BucketName", NAMES.artifactBucket(),
                "LoggingConfiguration", Match.objectLike(Map.of(
                        "DestinationBucketName", Map.of("Ref", LogBucket.LOGICAL_ID))),
                "LifecycleConfiguration", Map.of("Rules", List.of(Match.objectLike(Map.of(
                        "ExpirationInDays", ArtifactStore.ARTIFACT_RETENTION_DAYS,
                        "NoncurrentVersionExpiration", Map.of("NoncurrentDays", 7),
                        "Status", "Enabled")))))));
    }

    @Test
    void keyRotatesHasAnAliasAndIsRetainedForThirtyDaysAfterDeletion() {
        template.hasResource("AWS::KMS::Key", Map.of(
                "DeletionPolicy", "Retain",
                "Properties", Match.objectLike(Map.of("EnableKeyRotation", true, "PendingWindowInDays", 30))));
        template.hasResourceProperties("AWS::KMS::Alias", Map.of(
                "AliasName", NAMES.artifactKeyAlias(), "TargetKeyId", KEY_ARN));
    }

    @Test
    void theAccountAdministersTheKeyWithoutUsingItAndNobodyMayGrantItButForAwsResources() {
        var keyPolicy = statements(Policies.only(template, "AWS::KMS::Key").get("KeyPolicy"));
        assertThat(keyPolicy).extracting(s -> s.get("Sid"))
                .containsExactly("AccountAdministersTheKey", "DenyGrantsNotForAwsResources");
        assertThat(list(keyPolicy.get(0).get("Action"))).isNotEmpty()
                .doesNotContain("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:*", "kms:CreateGrant",
                        "kms:Create*", "kms:ReEncrypt*");
        // AWS Control Tower's CT.KMS.PR.3: nobody creates a grant that is not for an AWS resource.
        assertThat(keyPolicy.get(1)).isEqualTo(Map.of(
                "Sid", "DenyGrantsNotForAwsResources", "Effect", "Deny", "Principal", Map.of("AWS", "*"),
                "Action", "kms:CreateGrant", "Resource", "*",
                "Condition", Map.of("BoolIfExists", Map.of(
                        "kms:GrantIsForAWSResource", "false", "aws:PrincipalIsAWSService", "false"))));
    }

    @Test
    void aBuildRoleReadsAndWritesArtifactsButNeverDeletesThem() {
        var actions = readWrite.stream().flatMap(s -> s.getActions().stream()).toList();
        assertThat(actions).contains("s3:GetObject", "s3:PutObject", "s3:PutObjectAcl", "kms:Decrypt",
                "kms:GenerateDataKey").noneMatch(a -> a.startsWith("s3:Delete") || a.contains("*"));
        assertThat(stack.resolve(readWrite.get(0).getResources())).isEqualTo(List.of(Map.of("Fn::Join",
                List.of("", List.of(Map.of("Fn::GetAtt", List.of(ArtifactStore.BUCKET_LOGICAL_ID, "Arn")), "/*")))));
    }
}
