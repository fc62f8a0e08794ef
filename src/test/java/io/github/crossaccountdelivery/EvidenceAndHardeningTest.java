package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awscdk.assertions.Match.arrayWith;
import static software.amazon.awscdk.assertions.Match.objectLike;

import io.github.crossaccountdelivery.buildaccount.ArtifactStore;
import io.github.crossaccountdelivery.common.LogBucket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * Logs and evidence, data kept safe, and the optional hardening (HTTPS, deletion protection),
 * in the example configuration and in one with those options on.
 */
class EvidenceAndHardeningTest {

    private final Template build = Synthesized.example().build();
    private final Template test = Synthesized.example().test();
    private final Template hardened = Synthesized.switchesOn().test();

    @Test
    void artifactBucketLogsAccessAndExpiresOldArtifactsAndVersions() {
        build.hasResourceProperties("AWS::S3::Bucket", objectLike(Map.of(
                "BucketName", Synthesized.example().config.names().artifactBucket(),
                "LoggingConfiguration", objectLike(Map.of("DestinationBucketName", Map.of("Ref", LogBucket.LOGICAL_ID))),
                "LifecycleConfiguration", Map.of("Rules", List.of(objectLike(Map.of(
                        "ExpirationInDays", ArtifactStore.ARTIFACT_RETENTION_DAYS,
                        "NoncurrentVersionExpiration", Map.of("NoncurrentDays", 7),
                        "Status", "Enabled")))))));
    }

    @Test
    void logBucketsAreTlsOnlyEncryptedRetainedAndExpireLogs() {
        for (Template template : List.of(build, test)) {
            template.hasResource("AWS::S3::Bucket", objectLike(Map.of(
                    "DeletionPolicy", "Retain",
                    "Properties", objectLike(Map.of(
                            "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                                    "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                            "LifecycleConfiguration", Map.of("Rules", List.of(objectLike(Map.of(
                                    "ExpirationInDays", LogBucket.RETENTION_DAYS)))))))));
            template.hasResourceProperties("AWS::S3::BucketPolicy", objectLike(Map.of(
                    "Bucket", Map.of("Ref", LogBucket.LOGICAL_ID),
                    "PolicyDocument", objectLike(Map.of("Statement", arrayWith(List.of(objectLike(Map.of(
                            "Effect", "Deny",
                            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
        }
    }

    @Test
    void loadBalancerWritesAccessLogsAndDropsInvalidHeaders() {
        hasLoadBalancerAttributes(test, Map.of(
                "access_logs.s3.enabled", "true",
                "access_logs.s3.bucket", Map.of("Ref", LogBucket.LOGICAL_ID),
                "routing.http.drop_invalid_header_fields.enabled", "true",
                "deletion_protection.enabled", "false"));
    }

    @Test
    void vpcFlowLogsGoToTheLogBucketAndContainerInsightsIsOn() {
        test.hasResourceProperties("AWS::EC2::FlowLog", objectLike(Map.of(
                "LogDestinationType", "s3", "TrafficType", "ALL")));
        test.hasResourceProperties("AWS::ECS::Cluster", objectLike(Map.of(
                "ClusterSettings", List.of(Map.of("Name", "containerInsights", "Value", "enabled")))));
    }

    @Test
    void repositoryKeepsTheNewestImagesOnly() {
        var keep = Synthesized.example().config.imagesToKeep();
        build.hasResourceProperties("AWS::ECR::Repository", objectLike(Map.of(
                "LifecyclePolicy", objectLike(Map.of("LifecyclePolicyText",
                        software.amazon.awscdk.assertions.Match.serializedJson(objectLike(Map.of("rules", List.of(
                                objectLike(Map.of("selection", objectLike(Map.of(
                                        "tagStatus", "untagged", "countType", "sinceImagePushed",
                                        "countNumber", 1)))),
                                objectLike(Map.of("selection", objectLike(Map.of(
                                        "tagStatus", "any", "countType", "imageCountMoreThan",
                                        "countNumber", keep)))))))))))));
        assertThat(keep).isEqualTo(30);
    }

    @Test
    void withoutACertificateTheServiceIsPlainHttp() {
        test.resourcePropertiesCountIs("AWS::ElasticLoadBalancingV2::Listener", Map.of("Protocol", "HTTPS"), 0);
        test.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", objectLike(Map.of(
                "Protocol", "HTTP", "Port", 80,
                "DefaultActions", List.of(objectLike(Map.of("Type", "forward"))))));
    }

    @Test
    void withACertificateHttpsUsesACurrentTlsPolicyAndHttpRedirects() {
        hardened.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", objectLike(Map.of(
                "Protocol", "HTTPS", "Port", 443,
                "SslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06",
                "Certificates", List.of(Map.of("CertificateArn", Synthesized.EXAMPLE_CERTIFICATE)))));
        hardened.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", objectLike(Map.of(
                "Protocol", "HTTP", "Port", 80,
                "DefaultActions", List.of(objectLike(Map.of(
                        "Type", "redirect",
                        "RedirectConfig", objectLike(Map.of("Protocol", "HTTPS", "Port", "443", "StatusCode", "HTTP_301"))))))));
        hasLoadBalancerAttributes(hardened, Map.of(
                "routing.http.drop_invalid_header_fields.enabled", "true",
                "deletion_protection.enabled", "true"));
    }

    /** Each attribute is present with its value, in whatever order CDK writes them. */
    private static void hasLoadBalancerAttributes(Template template, Map<String, Object> attributes) {
        attributes.forEach((key, value) -> template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer",
                objectLike(Map.of("LoadBalancerAttributes", arrayWith(List.of(Map.of("Key", key, "Value", value)))))));
    }
}
