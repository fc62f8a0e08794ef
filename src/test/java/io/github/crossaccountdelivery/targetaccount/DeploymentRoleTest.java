package io.github.crossaccountdelivery.targetaccount;

import static io.github.crossaccountdelivery.BareStack.NAMES;
import static io.github.crossaccountdelivery.BareStack.TEST;
import static io.github.crossaccountdelivery.Policies.bySid;
import static io.github.crossaccountdelivery.Policies.list;
import static io.github.crossaccountdelivery.Policies.statements;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.BareStack;
import io.github.crossaccountdelivery.Policies;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** The role the pipeline assumes to deploy the service. */
class DeploymentRoleTest {

    private static Template template;
    private static Object policy;

    @BeforeAll
    static void synthesize() {
        Stack stack = BareStack.inTestAccount();
        new DeploymentRole(stack, "Deployment", new DeploymentRole.Props(TEST));
        template = Template.fromStack(stack);
        assertThat(Policies.role(template, TEST.deploymentRole()).properties()).doesNotContainKey("Policies");
        policy = Map.of("Statement", Policies.managedPolicyOfRole(template, TEST.deploymentRole()));
    }

    @Test
    void trustsThePipelineRoleAndNoOtherPrincipalOfTheBuildAccount() {
        assertThat(Policies.role(template, TEST.deploymentRole()).trust()).singleElement().satisfies(statement -> {
            assertThat(statement).containsEntry("Action", "sts:AssumeRole").containsEntry("Effect", "Allow");
            assertThat(statement.get("Principal")).isEqualTo(Map.of("AWS", "arn:aws:iam::111111111111:root"));
            assertThat(statement.get("Condition")).isEqualTo(Map.of("ArnEquals",
                    Map.of("aws:PrincipalArn", "arn:aws:iam::111111111111:role/orders-pipeline")));
        });
    }

    @Test
    void passesOnlyTheServiceRolesAndOnlyToEcsTasks() {
        assertThat(statements(policy)).filteredOn(s -> list(s.get("Action")).contains("iam:PassRole")).singleElement()
                .satisfies(statement -> {
                    assertThat(list(statement.get("Resource")))
                            .containsExactlyInAnyOrder(TEST.taskRoleArn(), TEST.executionRoleArn());
                    assertThat(statement.get("Condition")).isEqualTo(
                            Map.of("StringEquals", Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")));
                });
    }

    @Test
    void updatesOnlyThisServiceAndWatchesOnlyItsCluster() {
        var rollOut = bySid(policy, "RollOutTheService");
        assertThat(list(rollOut.get("Action"))).containsExactlyInAnyOrder("ecs:DescribeServices", "ecs:UpdateService");
        assertThat(rollOut.get("Resource")).isEqualTo(
                "arn:aws:ecs:eu-west-1:222222222222:service/orders-test/orders");
        assertThat(bySid(policy, "WatchTheRollout").get("Condition")).isEqualTo(Map.of("ArnEquals",
                Map.of("ecs:cluster", "arn:aws:ecs:eu-west-1:222222222222:cluster/orders-test")));
        assertThat(statements(policy)).allSatisfy(statement ->
                assertThat(list(statement.get("Action"))).doesNotContain("ecs:*", "*", "iam:*", "s3:*", "kms:*"));
    }

    @Test
    void tagsOnlyTheTaskDefinitionsItRegistersOfItsFamily() {
        var tag = bySid(policy, "TagNewTaskDefinitions");
        assertThat(tag.get("Resource")).isEqualTo("arn:aws:ecs:eu-west-1:222222222222:task-definition/orders-test:*");
        assertThat(tag.get("Condition")).isEqualTo(Map.of("StringEquals",
                Map.of("ecs:CreateAction", "RegisterTaskDefinition")));
    }

    @Test
    void readsOnlyTheArtifactBucket() {
        var read = bySid(policy, "ReadPipelineArtifacts");
        assertThat(list(read.get("Action")))
                .containsExactlyInAnyOrder("s3:GetObject", "s3:GetObjectVersion", "s3:GetBucketLocation");
        assertThat(list(read.get("Resource")))
                .containsExactlyInAnyOrder(NAMES.artifactBucketArn(), NAMES.artifactBucketArn() + "/*");
        assertThat(statements(policy).stream().flatMap(s -> list(s.get("Action")).stream()))
                .filteredOn(action -> action.toString().startsWith("s3:"))
                .allSatisfy(action -> assertThat(action.toString()).startsWith("s3:Get"));
    }

    @Test
    void decryptsOnlyArtifactBucketObjectsThroughS3() {
        var decrypt = bySid(policy, "DecryptPipelineArtifacts");
        assertThat(decrypt.get("Action")).isEqualTo("kms:Decrypt");
        assertThat(decrypt.get("Resource")).isEqualTo("arn:aws:kms:eu-west-1:111111111111:key/*");
        assertThat(decrypt.get("Condition")).isEqualTo(Map.of(
                "StringEquals", Map.of("kms:ViaService", "s3.eu-west-1.amazonaws.com"),
                "StringLike", Map.of("kms:EncryptionContext:aws:s3:arn",
                        List.of(NAMES.artifactBucketArn(), NAMES.artifactBucketArn() + "/*"))));
    }
}
