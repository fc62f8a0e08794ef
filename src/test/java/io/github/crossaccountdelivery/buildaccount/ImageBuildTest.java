package io.github.crossaccountdelivery.buildaccount;

import static io.github.crossaccountdelivery.BareStack.NAMES;
import static io.github.crossaccountdelivery.Policies.list;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.BareStack;
import io.github.crossaccountdelivery.Policies;
import io.github.crossaccountdelivery.common.CpuArchitecture;
import io.github.crossaccountdelivery.common.LogGroups;
import io.github.crossaccountdelivery.common.ScanFailOn;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The CodeBuild project that builds, pushes and scans the image. */
class ImageBuildTest {

    private static final Map<String, Object> BUILD_SPEC = Map.of("version", "0.2", "phases", Map.of());
    private static Template arm;
    private static Template x86;

    @BeforeAll
    static void synthesize() {
        arm = build(CpuArchitecture.ARM64, ScanFailOn.CRITICAL);
        x86 = build(CpuArchitecture.X86_64, ScanFailOn.HIGH);
    }

    private static Template build(CpuArchitecture architecture, ScanFailOn scanFailOn) {
        Stack stack = BareStack.inBuildAccount();
        var artifacts = new ArtifactStore(stack, "Artifacts", new ArtifactStore.Props(NAMES));
        var images = new ImageRepository(stack, "Images", new ImageRepository.Props(NAMES, List.of(), 30));
        new ImageBuild(stack, "ImageBuild", new ImageBuild.Props(NAMES,
                new ImageBuild.Recipe(BUILD_SPEC, "app", architecture, scanFailOn), images, artifacts,
                new LogGroups(artifacts.key(), 365)));
        return Template.fromStack(stack);
    }

    @Test
    void encryptsItsOutputWithTheArtifactKeyNotTheAwsManagedS3Key() {
        Capture key = new Capture();
        arm.hasResourceProperties("AWS::CodeBuild::Project", Map.of("EncryptionKey", key));
        assertThat(key.asObject()).isEqualTo(Map.of("Fn::GetAtt", List.of(ArtifactStore.KEY_LOGICAL_ID, "Arn")));
    }

    @Test
    void buildsDockerImagesFromPipelineInputToPipelineOutputWithTheGivenBuildspec() {
        arm.hasResourceProperties("AWS::CodeBuild::Project", Match.objectLike(Map.of(
                "Name", NAMES.buildProject(),
                "Source", Map.of("Type", "CODEPIPELINE", "BuildSpec", Match.stringLikeRegexp("version: \"0.2\"[\\s\\S]*")),
                "Artifacts", Map.of("Type", "CODEPIPELINE"),
                "Environment", Match.objectLike(Map.of(
                        "PrivilegedMode", true,
                        "EnvironmentVariables", Match.arrayWith(List.of(
                                Map.of("Name", "CONTAINER_NAME", "Type", "PLAINTEXT", "Value", "app"))))))));
    }

    @Test
    void tellsTheBuildspecItsRepositoriesInAFixedOrder() {
        Capture variables = new Capture();
        arm.hasResourceProperties("AWS::CodeBuild::Project", Match.objectLike(Map.of(
                "Environment", Match.objectLike(Map.of("EnvironmentVariables", variables)))));
        assertThat(variables.asArray()).extracting(v -> (Object) ((Map<?, ?>) v).get("Name")).containsExactly(
                "REPOSITORY_URI", "REPOSITORY_NAME", "CACHE_REPOSITORY_URI", "CACHE_REPOSITORY_NAME", "CONTAINER_NAME",
                "IMAGE_PLATFORM", "SCAN_FAIL_ON", "SCAN_TIMEOUT_SECONDS");
    }

    @Test
    void theScanGateFailsOnTheConfiguredSeverityAndWaitsABoundedTime() {
        for (var build : List.of(List.of(arm, "CRITICAL"), List.of(x86, "HIGH"))) {
            ((Template) build.get(0)).hasResourceProperties("AWS::CodeBuild::Project", Match.objectLike(Map.of(
                    "Environment", Match.objectLike(Map.of("EnvironmentVariables", Match.arrayWith(List.of(
                            Map.of("Name", "SCAN_FAIL_ON", "Type", "PLAINTEXT", "Value", build.get(1)),
                            Map.of("Name", "SCAN_TIMEOUT_SECONDS", "Type", "PLAINTEXT",
                                    "Value", String.valueOf(ImageBuild.SCAN_TIMEOUT_SECONDS)))))))));
        }
        // The project's timeout leaves room for the build after the longest wait for a scan.
        assertThat(ImageBuild.SCAN_TIMEOUT_SECONDS).isLessThanOrEqualTo(15 * 60);
        arm.hasResourceProperties("AWS::CodeBuild::Project", Match.objectLike(Map.of("TimeoutInMinutes", 30)));
    }

    @Test
    void buildsOnAmazonLinux2023ForTheTasksArchitecture() {
        // Amazon Linux 2 reached end of life on 2026-06-30; both architectures build on 2023.
        for (var build : List.of(List.of(arm, "ARM_CONTAINER", "aws/codebuild/amazonlinux-aarch64-standard:3.0",
                "linux/arm64"), List.of(x86, "LINUX_CONTAINER", "aws/codebuild/amazonlinux-x86_64-standard:5.0",
                "linux/amd64"))) {
            ((Template) build.get(0)).hasResourceProperties("AWS::CodeBuild::Project", Match.objectLike(Map.of(
                    "Environment", Match.objectLike(Map.of(
                            "Type", build.get(1), "Image", build.get(2), "ComputeType", "BUILD_GENERAL1_SMALL",
                            "EnvironmentVariables", Match.arrayWith(List.of(Map.of(
                                    "Name", "IMAGE_PLATFORM", "Type", "PLAINTEXT", "Value", build.get(3)))))))));
        }
    }

    @Test
    void itsRoleIsAssumedByCodeBuildOnlyForThisProject() {
        assertThat(Policies.role(arm, NAMES.buildRole()).trust()).singleElement().satisfies(trust -> {
            assertThat(trust.get("Principal")).isEqualTo(Map.of("Service", "codebuild.amazonaws.com"));
            assertThat(trust.get("Condition")).isEqualTo(Map.of(
                    "StringEquals", Map.of("aws:SourceAccount", NAMES.buildAccount()),
                    "ArnEquals", Map.of("aws:SourceArn",
                            "arn:aws:codebuild:eu-west-1:111111111111:project/" + NAMES.buildProject())));
        });
    }

    @Test
    void itPushesToItsRepositoriesOnlyAndWritesItsOwnLogGroupOnly() {
        var statements = Policies.managedPolicyOfRole(arm, NAMES.buildRole());
        List<Object> ownRepositories = List.of(Map.of("Fn::GetAtt", List.of("ImageRepository", "Arn")),
                Map.of("Fn::GetAtt", List.of("BuildCacheRepository", "Arn")));
        assertThat(statements).filteredOn(s -> list(s.get("Action")).stream().anyMatch(a -> a.toString().startsWith("ecr:")))
                .allSatisfy(s -> {
                    if ("*".equals(s.get("Resource"))) {
                        assertThat(s.get("Action")).isEqualTo("ecr:GetAuthorizationToken");
                    } else {
                        assertThat(ownRepositories).containsAll(list(s.get("Resource")));
                    }
                });
        assertThat(statements).anySatisfy(s -> assertThat(s).containsEntry("Action",
                List.of("ecr:DescribeImageScanFindings", "ecr:DescribeImages"))
                .containsEntry("Resource", ownRepositories.get(0)));
        assertThat(statements).filteredOn(s -> list(s.get("Action")).contains("logs:PutLogEvents")).singleElement()
                .satisfies(s -> assertThat(s.get("Resource").toString()).contains("ImageBuildLogs"));
        arm.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                "LogGroupName", NAMES.buildLogGroup(), "RetentionInDays", 365,
                "KmsKeyId", Map.of("Fn::GetAtt", List.of(ArtifactStore.KEY_LOGICAL_ID, "Arn"))));
    }
}
