package io.github.crossaccountdelivery.buildaccount;

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
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** Who may use the artifact store: a target's roles, the build account's roles, and two services. */
class ArtifactAccessTest {

    private static final String ROOT_OF_TEST = "arn:aws:iam::" + TEST.account() + ":root";
    private static Template template;
    private static List<Map<String, Object>> keyPolicy;

    @BeforeAll
    static void synthesize() {
        Stack stack = BareStack.inBuildAccount();
        var store = new ArtifactStore(stack, "Artifacts", new ArtifactStore.Props(NAMES));
        new ArtifactAccess(stack, "Access", new ArtifactAccess.Props(store, NAMES, List.of(TEST),
                List.of(NAMES.pipelineRoleArn(), NAMES.buildRoleArn())));
        template = Template.fromStack(stack);
        keyPolicy = statements(Policies.only(template, "AWS::KMS::Key").get("KeyPolicy"));
    }

    @Test
    void theBucketLetsOnlyTheTargetsDeploymentAndVerificationRolesReadAndNeverWrite() {
        var allows = statements(Policies.bucketPolicyOf(template, ArtifactStore.BUCKET_LOGICAL_ID)).stream()
                .filter(s -> "Allow".equals(s.get("Effect"))).toList();
        assertThat(allows).hasSize(2).allSatisfy(read -> {
            assertThat(read.get("Principal")).isEqualTo(Map.of("AWS", ROOT_OF_TEST));
            assertThat(list(read.get("Action")))
                    .containsExactlyInAnyOrder("s3:GetObject", "s3:GetObjectVersion", "s3:GetBucketLocation");
        });
        assertThat(allows).extracting(s -> s.get("Condition")).containsExactly(
                Map.of("ArnEquals", Map.of("aws:PrincipalArn", TEST.deploymentRoleArn())),
                Map.of("ArnEquals", Map.of("aws:PrincipalArn", TEST.verifyRoleArn())));
    }

    @Test
    void keyPolicyLetsTestAccountDecryptOnlyAsItsDeploymentOrVerificationRoleThroughS3() {
        for (var role : List.of(List.of("OrdersTestDeploy", TEST.deploymentRoleArn()),
                List.of("OrdersTestVerify", TEST.verifyRoleArn()))) {
            var decrypt = bySid(Map.of("Statement", keyPolicy), "DecryptArtifacts" + role.get(0));
            assertThat(decrypt.get("Principal")).isEqualTo(Map.of("AWS", ROOT_OF_TEST));
            assertThat(decrypt.get("Action")).isEqualTo("kms:Decrypt");
            assertThat(decrypt.get("Condition")).isEqualTo(Map.of(
                    "ArnEquals", Map.of("aws:PrincipalArn", role.get(1)),
                    "StringEquals", Map.of(
                            "kms:ViaService", "s3." + NAMES.region() + ".amazonaws.com",
                            "kms:CallerAccount", TEST.account())));
        }
    }

    @Test
    void keyPolicyLetsTheBuildAccountsRolesUseTheKeyNamingThemByArnNotByReference() {
        // KMS checks principals when the policy is saved; a role created in the same deploy may not be visible yet.
        var use = bySid(Map.of("Statement", keyPolicy), "UseKeyForArtifacts");
        assertThat(list(use.get("Action"))).contains("kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey");
        assertThat(use.get("Principal")).isEqualTo(Map.of("AWS", "arn:aws:iam::111111111111:root"));
        assertThat(use.get("Condition")).isEqualTo(Map.of("ArnEquals", Map.of("aws:PrincipalArn", List.of(
                "arn:aws:iam::111111111111:role/orders-pipeline", "arn:aws:iam::111111111111:role/orders-image-build"))));
    }

    @Test
    void grantsOnTheKeyAreOnlyForAwsResourcesAndTheTargetsOnlyThroughItsDeploymentRole() {
        var grants = keyPolicy.stream()
                .filter(s -> "Allow".equals(s.get("Effect")) && list(s.get("Action")).contains("kms:CreateGrant"))
                .toList();
        assertThat(grants).hasSize(2).allSatisfy(grant -> {
            assertThat(list(grant.get("Action")))
                    .containsExactlyInAnyOrder("kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant");
            assertThat(grant.get("Condition")).asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsEntry("Bool", Map.of("kms:GrantIsForAWSResource", "true"));
        });
        assertThat(grants).filteredOn(g -> Map.of("AWS", ROOT_OF_TEST).equals(g.get("Principal"))).singleElement()
                .satisfies(g -> assertThat(g.get("Condition")).asInstanceOf(InstanceOfAssertFactories.MAP)
                        .containsEntry("ArnEquals", Map.of("aws:PrincipalArn", TEST.deploymentRoleArn())));
    }

    @Test
    void notificationsUseTheKeyThroughSnsAndCloudWatchLogsForTheBuildCommandsAndMetricsLogGroupsOnly() {
        assertThat(bySid(Map.of("Statement", keyPolicy), "NotificationsPublishThroughSns")).satisfies(s -> {
            assertThat(s.get("Principal")).isEqualTo(Map.of("Service", "codestar-notifications.amazonaws.com"));
            assertThat(s.get("Condition")).isEqualTo(Map.of("StringEquals",
                    Map.of("kms:ViaService", "sns." + NAMES.region() + ".amazonaws.com")));
        });
        assertThat(bySid(Map.of("Statement", keyPolicy), "CloudWatchLogsEncryptsLogGroups")).satisfies(s -> {
            assertThat(s.get("Principal")).isEqualTo(Map.of("Service", "logs." + NAMES.region() + ".amazonaws.com"));
            assertThat(s.get("Condition")).isEqualTo(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn", List.of(
                    "arn:aws:logs:eu-west-1:111111111111:log-group:/aws/codebuild/" + NAMES.buildProject(),
                    "arn:aws:logs:eu-west-1:111111111111:log-group:/aws/codepipeline/orders",
                    "arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/orders-delivery-metrics"))));
        });
    }
}
