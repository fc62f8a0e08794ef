package io.github.crossaccountdelivery.buildaccount;

import static io.github.crossaccountdelivery.BareStack.NAMES;
import static io.github.crossaccountdelivery.BareStack.TEST;
import static io.github.crossaccountdelivery.Policies.list;
import static io.github.crossaccountdelivery.Policies.statements;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.BareStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The release repository and the build cache's. */
class ImageRepositoryTest {

    private static final int KEEP = 30;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        Stack stack = BareStack.inBuildAccount();
        new ImageRepository(stack, "Images", new ImageRepository.Props(NAMES, List.of(TEST), KEEP));
        template = Template.fromStack(stack);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(String logicalId) {
        return (Map<String, Object>) template.findResources("AWS::ECR::Repository").get(logicalId).get("Properties");
    }

    @Test
    void releasesAreScannedOnPushImmutableAndRetained() {
        template.hasResource("AWS::ECR::Repository", Map.of(
                "DeletionPolicy", "Retain",
                "Properties", Match.objectLike(Map.of(
                        "RepositoryName", NAMES.imageRepository(),
                        // Every tag is immutable (CT.ECR.PR.3): a commit's tag always means the same image.
                        "ImageTagMutability", "IMMUTABLE",
                        "ImageScanningConfiguration", Map.of("ScanOnPush", true)))));
        assertThat(properties(ImageRepository.REPOSITORY_LOGICAL_ID))
                .doesNotContainKey("ImageTagMutabilityExclusionFilters");
    }

    @Test
    void onlyTheTargetsTaskExecutionRolePulls() {
        var statement = statements(properties(ImageRepository.REPOSITORY_LOGICAL_ID).get("RepositoryPolicyText"));
        assertThat(statement).singleElement().satisfies(pull -> {
            assertThat(pull.get("Sid")).isEqualTo("PullFromOrdersTestTaskExecution");
            assertThat(pull.get("Principal")).isEqualTo(Map.of("AWS", "arn:aws:iam::" + TEST.account() + ":root"));
            assertThat(pull.get("Condition")).isEqualTo(
                    Map.of("ArnEquals", Map.of("aws:PrincipalArn", TEST.executionRoleArn())));
            assertThat(list(pull.get("Action"))).containsExactlyInAnyOrder(
                    "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage");
        });
    }

    @Test
    void releasesKeepTheNewestImagesAndExpireUntaggedLayers() {
        template.hasResourceProperties("AWS::ECR::Repository", Match.objectLike(Map.of(
                "RepositoryName", NAMES.imageRepository(),
                "LifecyclePolicy", Match.objectLike(Map.of("LifecyclePolicyText", Match.serializedJson(
                        Match.objectLike(Map.of("rules", List.of(
                                Match.objectLike(Map.of("selection", Match.objectLike(Map.of(
                                        "tagStatus", "untagged", "countType", "sinceImagePushed", "countNumber", 1)))),
                                Match.objectLike(Map.of("selection", Match.objectLike(Map.of(
                                        "tagStatus", "any", "countType", "imageCountMoreThan",
                                        "countNumber", KEEP)))))))))))));
    }

    @Test
    void theBuildCacheLivesInARepositoryOfItsOwnWithImmutableTagsThatNoOtherAccountReads() {
        template.hasResource("AWS::ECR::Repository", Map.of(
                "DeletionPolicy", "Delete",
                "Properties", Match.objectLike(Map.of(
                        "RepositoryName", NAMES.buildCacheRepository(),
                        "ImageTagMutability", "IMMUTABLE",
                        "EmptyOnDelete", true,
                        "LifecyclePolicy", Match.objectLike(Map.of("LifecyclePolicyText", Match.serializedJson(
                                Match.objectLike(Map.of("rules", List.of(Match.objectLike(Map.of("selection",
                                        Match.objectLike(Map.of("countType", "imageCountMoreThan",
                                                "countNumber", ImageRepository.CACHES_TO_KEEP))))))))))))));
        assertThat(properties(ImageRepository.CACHE_LOGICAL_ID)).doesNotContainKey("RepositoryPolicyText");
    }
}
