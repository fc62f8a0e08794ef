package io.github.crossaccountdelivery.common;

import static software.amazon.awscdk.assertions.Match.arrayWith;
import static software.amazon.awscdk.assertions.Match.objectLike;

import io.github.crossaccountdelivery.BareStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** The bucket that keeps access and flow logs. */
class LogBucketTest {

    @Test
    void itIsTlsOnlyEncryptedVersionedRetainedAndExpiresLogsAfterAYear() {
        Stack stack = BareStack.inTestAccount();
        new LogBucket(stack, "Logs");
        Template template = Template.fromStack(stack);

        template.hasResource("AWS::S3::Bucket", objectLike(Map.of(
                "DeletionPolicy", "Retain",
                "Properties", objectLike(Map.of(
                        "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                                "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                        "VersioningConfiguration", Map.of("Status", "Enabled"),
                        "LifecycleConfiguration", Map.of("Rules", List.of(objectLike(Map.of(
                                "ExpirationInDays", LogBucket.RETENTION_DAYS)))))))));
        template.hasResourceProperties("AWS::S3::BucketPolicy", objectLike(Map.of(
                "Bucket", Map.of("Ref", LogBucket.LOGICAL_ID),
                "PolicyDocument", objectLike(Map.of("Statement", arrayWith(List.of(objectLike(Map.of(
                        "Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
    }
}
