package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awscdk.assertions.Match.objectLike;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountdelivery.buildaccount.ArtifactStore;
import io.github.crossaccountdelivery.buildaccount.ImageRepository;
import io.github.crossaccountdelivery.common.LogBucket;
import io.github.crossaccountdelivery.targetaccount.LogKey;
import io.github.crossaccountdelivery.config.DeliveryConfig;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** How the two accounts' stacks fit together. */
class WiringTest {

    private static Synthesized app;
    private static DeliveryConfig config;

    @BeforeAll
    static void synthesize() {
        app = Synthesized.example();
        config = app.config;
    }

    @Test
    void eachStackIsDeployedToItsConfiguredAccountAndRegion() {
        assertThat(app.environment(app.stacks.build().getStackName()))
                .isEqualTo("aws://" + config.buildAccount() + "/" + config.region());
        assertThat(app.environment(app.stacks.targets().get(0).getStackName()))
                .isEqualTo("aws://" + config.firstTarget().account() + "/" + config.region());
    }

    @Test
    void noCloudFormationReferenceCrossesStacks() throws Exception {
        for (String stack : app.stackNames()) {
            String template = new ObjectMapper().writeValueAsString(app.json(stack));
            assertThat(template).as(stack).doesNotContain("Fn::ImportValue").doesNotContain("\"Export\"");
        }
    }

    @Test
    void targetStackIsDeployedBeforeThePipelineThatAssumesItsRole() {
        assertThat(app.dependencies(app.stacks.build().getStackName()))
                .contains(app.stacks.targets().get(0).getArtifactId());
        assertThat(app.dependencies(app.stacks.targets().get(0).getStackName()))
                .doesNotContain(app.stacks.build().getArtifactId());
    }

    @Test
    void namesOneAccountUsesForTheOthersResourcesAreTheNamesThoseResourcesHave() {
        var names = config.names();
        var test = names.target(config.targets().get(0));
        Template build = app.build();
        Template target = app.test();
        build.hasResourceProperties("AWS::S3::Bucket", objectLike(Map.of("BucketName", names.artifactBucket())));
        build.hasResourceProperties("AWS::ECR::Repository",
                objectLike(Map.of("RepositoryName", names.imageRepository())));
        build.hasResourceProperties("AWS::IAM::Role",
                objectLike(Map.of("RoleName", names.pipelineRole())));
        for (String role : new String[] {test.deploymentRole(), test.executionRole(), test.taskRole()}) {
            target.hasResourceProperties("AWS::IAM::Role",
                    objectLike(Map.of("RoleName", role)));
        }
        target.hasResourceProperties("AWS::ECS::Cluster", Map.of("ClusterName", test.cluster()));
        target.hasResourceProperties("AWS::ECS::Service",
                objectLike(Map.of("ServiceName", test.service())));
        assertThat(test.serviceArn()).endsWith(":service/" + test.cluster() + "/" + test.service());
    }

    @Test
    void statefulResourcesKeepTheirLogicalIds() {
        Template build = app.build();
        assertThat(build.findResources("AWS::S3::Bucket"))
                .containsOnlyKeys(ArtifactStore.BUCKET_LOGICAL_ID, LogBucket.LOGICAL_ID);
        assertThat(app.test().findResources("AWS::S3::Bucket")).containsOnlyKeys(LogBucket.LOGICAL_ID);
        assertThat(build.findResources("AWS::KMS::Key")).containsOnlyKeys(ArtifactStore.KEY_LOGICAL_ID);
        assertThat(build.findResources("AWS::ECR::Repository"))
                .containsOnlyKeys(ImageRepository.REPOSITORY_LOGICAL_ID, ImageRepository.CACHE_LOGICAL_ID);
        assertThat(app.test().findResources("AWS::KMS::Key")).containsOnlyKeys(LogKey.LOGICAL_ID);
        // Pinned as literals too: changing the constants must be a deliberate, visible edit.
        assertThat(ArtifactStore.BUCKET_LOGICAL_ID).isEqualTo("ArtifactBucket");
        assertThat(ArtifactStore.KEY_LOGICAL_ID).isEqualTo("ArtifactKey");
        assertThat(ImageRepository.REPOSITORY_LOGICAL_ID).isEqualTo("ImageRepository");
        assertThat(LogBucket.LOGICAL_ID).isEqualTo("LogBucket");
        assertThat(ImageRepository.CACHE_LOGICAL_ID).isEqualTo("BuildCacheRepository");
        assertThat(LogKey.LOGICAL_ID).isEqualTo("LogKey");
    }
}
