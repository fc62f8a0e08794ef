package io.github.crossaccountdelivery;

import static io.github.crossaccountdelivery.Policies.bySid;
import static io.github.crossaccountdelivery.Policies.list;
import static io.github.crossaccountdelivery.Policies.only;
import static io.github.crossaccountdelivery.Policies.statements;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.buildaccount.ArtifactStore;
import io.github.crossaccountdelivery.buildaccount.ImageRepository;
import io.github.crossaccountdelivery.config.ResourceNames;
import io.github.crossaccountdelivery.config.ResourceNames.TargetNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The build account's stack, synthesized from the example configuration in cdk.json. */
class BuildStackTest {

    private static Template build;
    private static ResourceNames names;
    private static TargetNames test;
    private static final Map<String, Object> KEY_ARN = Map.of("Fn::GetAtt", List.of("ArtifactKey", "Arn"));

    @BeforeAll
    static void synthesize() {
        Synthesized app = Synthesized.example();
        build = app.build();
        names = app.config.names();
        test = names.target(app.config.targets().get(0));
    }

    @Test
    void artifactBucketIsVersionedEncryptedWithTheArtifactKeyPrivateAndRetained() {
        build.hasResource("AWS::S3::Bucket", Map.of(
                "DeletionPolicy", "Retain",
                "UpdateReplacePolicy", "Retain",
                "Properties", Match.objectLike(Map.of(
                        "BucketName", names.artifactBucket(),
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
        build.hasResourceProperties("AWS::S3::BucketPolicy", Map.of(
                "Bucket", Map.of("Ref", ArtifactStore.BUCKET_LOGICAL_ID),
                "PolicyDocument", Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Action", "s3:*",
                        "Principal", Map.of("AWS", "*"),
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    }

    @Test
    void bucketPolicyDeniesUploadsNotEncryptedWithKms() {
        var deny = bySid(Policies.bucketPolicyOf(build, ArtifactStore.BUCKET_LOGICAL_ID), "DenyUploadsNotEncryptedWithKms");
        assertThat(deny).containsEntry("Effect", "Deny").containsEntry("Action", "s3:PutObject")
                .containsEntry("Principal", Map.of("AWS", "*"))
                .containsEntry("Condition", Map.of("StringNotEquals",
                        Map.of("s3:x-amz-server-side-encryption", "aws:kms")));
    }

    @Test
    void bucketPolicyLetsOnlyTheTestDeploymentAndVerificationRolesReadAndNeverWrite() {
        var document = Policies.bucketPolicyOf(build, ArtifactStore.BUCKET_LOGICAL_ID);
        var allows = statements(document).stream().filter(s -> "Allow".equals(s.get("Effect"))).toList();
        assertThat(allows).hasSize(2).allSatisfy(read -> {
            assertThat(read.get("Principal")).isEqualTo(Map.of("AWS", "arn:aws:iam::" + test.account() + ":root"));
            assertThat(list(read.get("Action")))
                    .containsExactlyInAnyOrder("s3:GetObject", "s3:GetObjectVersion", "s3:GetBucketLocation");
        });
        assertThat(allows).extracting(s -> s.get("Condition")).containsExactly(
                Map.of("ArnEquals", Map.of("aws:PrincipalArn", test.deploymentRoleArn())),
                Map.of("ArnEquals", Map.of("aws:PrincipalArn", test.verifyRoleArn())));
    }

    @Test
    void keyRotatesHasAnAliasAndIsRetainedForThirtyDaysAfterDeletion() {
        build.hasResource("AWS::KMS::Key", Map.of(
                "DeletionPolicy", "Retain",
                "Properties", Match.objectLike(Map.of("EnableKeyRotation", true, "PendingWindowInDays", 30))));
        build.hasResourceProperties("AWS::KMS::Alias", Map.of(
                "AliasName", names.artifactKeyAlias(), "TargetKeyId", KEY_ARN));
    }

    @Test
    void keyPolicyLetsTestAccountDecryptOnlyAsItsDeploymentRoleThroughS3() {
        var decrypt = bySid(only(build, "AWS::KMS::Key").get("KeyPolicy"), "DecryptArtifactsOrdersTestDeploy");
        assertThat(decrypt.get("Principal")).isEqualTo(Map.of("AWS", "arn:aws:iam::" + test.account() + ":root"));
        assertThat(decrypt.get("Action")).isEqualTo("kms:Decrypt");
        assertThat(decrypt.get("Condition")).isEqualTo(Map.of(
                "ArnEquals", Map.of("aws:PrincipalArn", test.deploymentRoleArn()),
                "StringEquals", Map.of(
                        "kms:ViaService", "s3." + names.region() + ".amazonaws.com",
                        "kms:CallerAccount", test.account())));
    }

    @Test
    void keyPolicyLetsThePipelineAndBuildRolesUseTheKey() {
        var use = bySid(only(build, "AWS::KMS::Key").get("KeyPolicy"), "UseKeyForArtifacts");
        assertThat(list(use.get("Action"))).contains("kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey");
        assertThat(rolesNamedBy(use)).containsExactlyInAnyOrder(names.pipelineRole(), names.buildRole());
    }

    @Test
    void keyPolicyAllowsGrantsOnlyForAwsResources() {
        var keyPolicy = statements(only(build, "AWS::KMS::Key").get("KeyPolicy"));
        // AWS Control Tower's CT.KMS.PR.3: nobody creates a grant that is not for an AWS resource.
        assertThat(keyPolicy).contains(Map.of(
                "Sid", "DenyGrantsNotForAwsResources", "Effect", "Deny", "Principal", Map.of("AWS", "*"),
                "Action", "kms:CreateGrant", "Resource", "*",
                "Condition", Map.of("BoolIfExists", Map.of(
                        "kms:GrantIsForAWSResource", "false", "aws:PrincipalIsAWSService", "false"))));
        var grants = keyPolicy.stream()
                .filter(s -> "Allow".equals(s.get("Effect")) && list(s.get("Action")).contains("kms:CreateGrant"))
                .toList();
        assertThat(grants).hasSize(2).allSatisfy(grant -> {
            assertThat(list(grant.get("Action")))
                    .containsExactlyInAnyOrder("kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant");
            assertThat(grant.get("Condition")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("Bool", Map.of("kms:GrantIsForAWSResource", "true"));
        });
        assertThat(grants).anySatisfy(g -> assertThat(rolesNamedBy(g))
                .containsExactlyInAnyOrder(names.pipelineRole(), names.buildRole()));
        assertThat(grants).anySatisfy(g -> assertThat(g.get("Principal"))
                .isEqualTo(Map.of("AWS", "arn:aws:iam::" + test.account() + ":root")));
    }

    @Test
    void repositoryPolicyLetsOnlyTheTestExecutionRolePull() {
        build.hasResource("AWS::ECR::Repository", Map.of(
                "DeletionPolicy", "Retain",
                "Properties", Match.objectLike(Map.of(
                        "RepositoryName", names.imageRepository(),
                        // Every tag is immutable (CT.ECR.PR.3): a commit's tag always means the same image.
                        "ImageTagMutability", "IMMUTABLE",
                        "ImageScanningConfiguration", Map.of("ScanOnPush", true)))));
        @SuppressWarnings("unchecked")
        var releases = (Map<String, Object>) build.findResources("AWS::ECR::Repository")
                .get(ImageRepository.REPOSITORY_LOGICAL_ID).get("Properties");
        assertThat(releases).doesNotContainKey("ImageTagMutabilityExclusionFilters");
        var statement = statements(releases.get("RepositoryPolicyText"));
        assertThat(statement).singleElement().satisfies(pull -> {
            assertThat(pull.get("Principal")).isEqualTo(Map.of("AWS", "arn:aws:iam::" + test.account() + ":root"));
            assertThat(pull.get("Condition")).isEqualTo(
                    Map.of("ArnEquals", Map.of("aws:PrincipalArn", test.executionRoleArn())));
            assertThat(list(pull.get("Action"))).containsExactlyInAnyOrder(
                    "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage");
        });
    }

    @Test
    void theScanGateFailsOnTheConfiguredSeverityAndWaitsABoundedTime() {
        for (var app : List.of(Synthesized.example(), Synthesized.switchesOn())) {
            app.build().hasResourceProperties("AWS::CodeBuild::Project", Match.objectLike(Map.of(
                    "Environment", Match.objectLike(Map.of("EnvironmentVariables", Match.arrayWith(List.of(
                            Map.of("Name", "SCAN_FAIL_ON", "Type", "PLAINTEXT", "Value", app.config.scanFailOn().name()),
                            Map.of("Name", "SCAN_TIMEOUT_SECONDS", "Type", "PLAINTEXT", "Value", "600"))))))));
        }
        assertThat(List.of(Synthesized.example().config.scanFailOn().name(), Synthesized.switchesOn().config
                .scanFailOn().name())).containsExactly("CRITICAL", "HIGH");
        // The project's timeout leaves room for the build after the longest wait for a scan.
        build.hasResourceProperties("AWS::CodeBuild::Project", Match.objectLike(Map.of("TimeoutInMinutes", 30)));
        build.hasResourceProperties("AWS::IAM::ManagedPolicy", Match.objectLike(Map.of("PolicyDocument",
                Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", List.of("ecr:DescribeImageScanFindings", "ecr:DescribeImages"),
                        "Resource", Map.of("Fn::GetAtt", List.of("ImageRepository", "Arn")))))))))));
    }

    @Test
    void theBuildCacheLivesInARepositoryOfItsOwnWithImmutableTagsThatNoOtherAccountReads() {
        build.hasResource("AWS::ECR::Repository", Map.of(
                "DeletionPolicy", "Delete",
                "Properties", Match.objectLike(Map.of(
                        "RepositoryName", names.buildCacheRepository(),
                        "ImageTagMutability", "IMMUTABLE",
                        "EmptyOnDelete", true,
                        "LifecyclePolicy", Match.objectLike(Map.of("LifecyclePolicyText", Match.serializedJson(
                                Match.objectLike(Map.of("rules", List.of(Match.objectLike(Map.of("selection",
                                        Match.objectLike(Map.of("countType", "imageCountMoreThan",
                                                "countNumber", ImageRepository.CACHES_TO_KEEP))))))))))))));
        @SuppressWarnings("unchecked")
        var cache = (Map<String, Object>) build.findResources("AWS::ECR::Repository")
                .get(ImageRepository.CACHE_LOGICAL_ID).get("Properties");
        assertThat(cache).doesNotContainKey("RepositoryPolicyText");
    }

    @Test
    void codeBuildEncryptsItsOutputWithTheArtifactKeyNotTheAwsManagedS3Key() {
        Capture key = new Capture();
        build.hasResourceProperties("AWS::CodeBuild::Project", Map.of("EncryptionKey", key));
        assertThat(key.asObject()).isEqualTo(KEY_ARN);
    }

    @Test
    void codeBuildBuildsDockerImagesFromPipelineInputToPipelineOutput() {
        build.hasResourceProperties("AWS::CodeBuild::Project", Map.of(
                "Name", names.buildProject(),
                "Source", Match.objectLike(Map.of("Type", "CODEPIPELINE")),
                "Artifacts", Map.of("Type", "CODEPIPELINE"),
                "Environment", Match.objectLike(Map.of(
                        "PrivilegedMode", true,
                        "EnvironmentVariables", Match.arrayWith(List.of(Map.of(
                                "Name", "CONTAINER_NAME", "Type", "PLAINTEXT",
                                "Value", Synthesized.example().config.containerName())))))));
    }

    @Test
    void pipelineStoresArtifactsInTheBucketEncryptedWithTheArtifactKey() {
        build.hasResourceProperties("AWS::CodePipeline::Pipeline", Map.of(
                "PipelineType", "V2",
                "ArtifactStore", Map.of(
                        "Type", "S3",
                        "Location", Map.of("Ref", "ArtifactBucket"),
                        "EncryptionKey", Map.of("Type", "KMS", "Id", KEY_ARN))));
    }

    @Test
    void pipelineRunsSourceThenBuildThenDeploy() {
        Capture stages = new Capture();
        build.hasResourceProperties("AWS::CodePipeline::Pipeline", Map.of("Stages", stages));
        var names = stages.asArray().stream().map(stage -> String.valueOf(((Map<?, ?>) stage).get("Name"))).toList();
        assertThat(names).containsExactly("Source", "Build", "Deploy-test", "Verify-test");
    }

    @Test
    void sourceWatchesTheConfiguredRepositoryAndBranch() {
        var config = Synthesized.example().config;
        build.hasResourceProperties("AWS::CodePipeline::Pipeline", Map.of("Stages", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Name", "Source", "Actions", List.of(Match.objectLike(Map.of(
                        "ActionTypeId", Match.objectLike(Map.of("Provider", "CodeStarSourceConnection")),
                        "Configuration", Match.objectLike(Map.of(
                                "ConnectionArn", config.connectionArn(),
                                "FullRepositoryId", config.repositoryOwner() + "/" + config.repositoryName(),
                                "BranchName", config.branch())))))))))));
    }

    @Test
    void deployActionRunsAsTheDeploymentRoleInTheTestAccount() {
        Capture roleArn = new Capture();
        build.hasResourceProperties("AWS::CodePipeline::Pipeline", Map.of("Stages", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Name", "Deploy-test", "Actions", List.of(Match.objectLike(Map.of(
                        "ActionTypeId", Match.objectLike(Map.of("Category", "Deploy", "Provider", "ECS")),
                        "Configuration", Map.of("ClusterName", test.cluster(), "ServiceName", test.service()),
                        "InputArtifacts", List.of(Map.of("Name", "ImageDefinitions")),
                        "RoleArn", roleArn)))))))));
        build.hasResourceProperties("AWS::CodePipeline::Pipeline", Map.of("Stages", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Name", "Deploy-test", "Actions", List.of(Match.objectLike(Map.of(
                        "Configuration", Match.objectLike(Map.of(
                                "DeploymentTimeout", Synthesized.example().config.firstTarget().service().deployTimeoutMinutes())))))))))));
        assertThat(roleArn.asString())
                .isEqualTo(test.deploymentRoleArn())
                .startsWith("arn:aws:iam::" + test.account() + ":role/");
    }

    @Test
    void pipelineRoleMayAssumeTheDeploymentAndVerificationRolesAndNoOtherRole() {
        var statements = Policies.managedPolicyOfRole(build, names.pipelineRole());
        var assume = statements.stream().filter(s -> list(s.get("Action")).contains("sts:AssumeRole")).toList();
        assertThat(assume).singleElement().satisfies(statement -> assertThat(list(statement.get("Resource")))
                .containsExactly(test.deploymentRoleArn(), test.verifyRoleArn()));
        assertThat(statements).noneSatisfy(s -> assertThat(list(s.get("Action"))).contains("iam:PassRole"));
        // The pipeline runs its source and build actions itself: no other role to assume.
        assertThat(build.findResources("AWS::IAM::Role")).hasSize(2);
    }

    /** The role names behind a statement's principals, which reference roles of this stack. */
    @SuppressWarnings("unchecked")
    private static List<String> rolesNamedBy(Map<String, Object> statement) {
        var principals = list(((Map<String, Object>) statement.get("Principal")).get("AWS"));
        Map<String, Map<String, Object>> roles = build.findResources("AWS::IAM::Role");
        return principals.stream().filter(Map.class::isInstance).map(p -> {
            var getAtt = (List<String>) ((Map<String, Object>) p).get("Fn::GetAtt");
            return (String) ((Map<String, Object>) roles.get(getAtt.get(0)).get("Properties")).get("RoleName");
        }).toList();
    }

}
