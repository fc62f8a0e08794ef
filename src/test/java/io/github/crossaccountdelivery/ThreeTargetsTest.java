package io.github.crossaccountdelivery;

import static io.github.crossaccountdelivery.Policies.list;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.config.Settings;
import io.github.crossaccountdelivery.config.TargetSettings;
import io.github.crossaccountdelivery.config.TargetConfig;
import io.github.crossaccountdelivery.naming.AppNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The three-target example (test, staging behind an approval, prod behind an approval),
 * passed as {@code -c targets="$(cat examples/three-targets.json)"} would pass it.
 */
@ReadsWholeApps
class ThreeTargetsTest {

    private static Synthesized app;
    private static AppNames names;
    private static List<TargetConfig> targets;
    private static List<Map<String, Object>> stages;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synthesize() {
        app = Synthesized.threeTargets();
        names = app.config.names();
        targets = app.config.targets();
        Capture captured = new Capture();
        app.build().hasResourceProperties("AWS::CodePipeline::Pipeline", Match.objectLike(Map.of("Stages", captured)));
        stages = captured.asArray().stream().map(s -> (Map<String, Object>) s).toList();
    }

    @Test
    void synthesizesTheBuildStackAndOneStackPerTargetEachInItsAccount() {
        assertThat(app.stackNames()).containsExactlyInAnyOrder("orders-build", "orders-test", "orders-staging", "orders-prod");
        for (TargetConfig target : targets) {
            assertThat(app.environment("orders-" + target.name()))
                    .isEqualTo("aws://" + target.account() + "/" + names.region());
        }
        assertThat(targets).extracting(TargetConfig::account)
                .containsExactly("222222222222", "333333333333", "444444444444");
    }

    @Test
    void theExampleFileIsOneLineBecauseTheCdkCliKeepsOnlyTheFirstLineOfAContextValue() throws Exception {
        assertThat(java.nio.file.Files.readAllLines(java.nio.file.Path.of("examples", "three-targets.json"))).hasSize(1);
    }

    @Test
    void stagesRunSourceBuildThenEachTargetWithItsApprovalFirstAndItsVerificationLast() {
        assertThat(stages).extracting(s -> (String) s.get("Name")).containsExactly(
                "Source", "Build", "Deploy-test", "Verify-test", "Approve-staging", "Deploy-staging", "Verify-staging",
                "Approve-prod", "Deploy-prod", "Verify-prod");
        assertThat(stages).filteredOn(s -> s.get("Name").toString().startsWith("Approve-"))
                .allSatisfy(s -> assertThat(actionOf(s).get("ActionTypeId")).isEqualTo(Map.of(
                        "Category", "Approval", "Owner", "AWS", "Provider", "Manual", "Version", "1")));
    }

    @Test
    void everyDeployRunsAsItsOwnTargetsRoleOnTheOneBuildOutput() {
        var build = actionOf(stages.get(1));
        var buildOutput = list(build.get("OutputArtifacts"));
        assertThat(buildOutput).containsExactly(Map.of("Name", "ImageDefinitions"));
        for (TargetConfig target : targets) {
            var deploy = actionOf(stages.stream().filter(s -> s.get("Name").equals("Deploy-" + target.name()))
                    .findFirst().orElseThrow());
            assertThat(deploy.get("InputArtifacts")).isEqualTo(buildOutput);
            assertThat(deploy.get("RoleArn")).isEqualTo(target.names(names).deploymentRoleArn())
                    .asString().startsWith("arn:aws:iam::" + target.account() + ":role/");
            assertThat(deploy.get("Configuration")).isEqualTo(Map.of(
                    "ClusterName", target.names(names).cluster(), "ServiceName", target.names(names).service(),
                    "DeploymentTimeout", target.get(TargetSettings.DEPLOY_TIMEOUT_MINUTES)));
        }
        // One build: nothing after the Build stage builds again.
        assertThat(stages.subList(2, stages.size())).allSatisfy(s ->
                assertThat(((Map<?, ?>) actionOf(s).get("ActionTypeId")).get("Category")).isNotEqualTo("Build"));
    }

    @Test
    void eachTargetTrustsOnlyThePipelineRoleAndActsOnlyInItsOwnAccount() {
        for (TargetConfig target : targets) {
            Template template = app.target(target.name());
            var trust = Policies.role(template, target.names(names).deploymentRole()).trust();
            assertThat(trust).singleElement().satisfies(s -> {
                assertThat(s.get("Principal")).isEqualTo(Map.of("AWS", "arn:aws:iam::111111111111:root"));
                assertThat(s.get("Condition")).isEqualTo(
                        Map.of("ArnEquals", Map.of("aws:PrincipalArn", names.pipelineRoleArn())));
            });
            var otherAccounts = targets.stream().map(TargetConfig::account)
                    .filter(a -> !a.equals(target.account())).toList();
            var policy = Policies.managedPolicyOfRole(template, target.names(names).deploymentRole()).toString();
            assertThat(otherAccounts).allSatisfy(other -> assertThat(policy).doesNotContain(other));
        }
    }

    @Test
    void thePipelineRoleMayAssumeExactlyTheTargetsDeploymentAndVerificationRoles() {
        var assume = Policies.managedPolicyOfRole(app.build(), names.pipelineRole()).stream()
                .filter(s -> list(s.get("Action")).contains("sts:AssumeRole")).toList();
        assertThat(assume).singleElement().satisfies(s -> assertThat(list(s.get("Resource")))
                .containsExactlyElementsOf(targets.stream().flatMap(t -> java.util.stream.Stream.of(
                        (Object) t.names(names).deploymentRoleArn(), t.names(names).verifyRoleArn())).toList()));
    }

    @Test
    void keyBucketAndRepositoryPoliciesAdmitEachTargetWithTheSameNarrowing() {
        var statements = Policies.resourceStatements(app.build());
        for (TargetConfig target : targets) {
            var forTarget = statements.stream()
                    .filter(s -> String.valueOf(s.get("Principal")).contains(target.account()))
                    .toList();
            // Bucket read and key decrypt for the deployment and verification roles, key grants for
            // the deployment role, repository pull for the execution role.
            assertThat(forTarget).hasSize(6).allSatisfy(s -> assertThat(s.get("Condition").toString())
                    .contains("aws:PrincipalArn"));
            assertThat(forTarget).filteredOn(s -> list(s.get("Action")).stream().anyMatch(a -> a.toString().startsWith("kms:")))
                    .hasSize(3).allSatisfy(s -> assertThat(s.get("Condition").toString())
                            .contains("kms:CallerAccount=" + target.account()).contains("kms:ViaService"));
        }
    }

    @Test
    void prodsLongerDrainsMakeItsRolloutLonger() {
        var model = new io.github.crossaccountdelivery.model.DeliveryModel(
                io.github.crossaccountdelivery.model.Prices.of(names.region()));
        assertThat(model.model("orders-prod", app.json("orders-prod")).rollouts()).singleElement()
                .satisfies(r -> assertThat(r.servingSeconds()).isEqualTo(35 + 5 * 2 + 30 + 30));
    }

    @Test
    void thePipelineIsDeployedAfterEveryTarget() {
        var dependencies = app.dependencies("orders-build");
        assertThat(dependencies).containsAll(List.of("orders-test", "orders-staging", "orders-prod"));
    }

    @Test
    void failuresAndPendingApprovalsReachTheEncryptedTlsOnlyTopic() {
        Template build = app.build();
        build.hasResourceProperties("AWS::SNS::Topic", Match.objectLike(Map.of(
                "TopicName", names.notificationTopic(),
                "KmsMasterKeyId", Map.of("Fn::GetAtt", List.of("ArtifactKey", "Arn")))));
        build.hasResourceProperties("AWS::CodeStarNotifications::NotificationRule", Match.objectLike(Map.of(
                "EventTypeIds", List.of("codepipeline-pipeline-pipeline-execution-failed",
                        "codepipeline-pipeline-manual-approval-needed"))));
        build.hasResourceProperties("AWS::SNS::TopicPolicy", Match.objectLike(Map.of("PolicyDocument", Match.objectLike(
                Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny", "Action", "sns:Publish",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
        build.resourceCountIs("AWS::SNS::Subscription", 0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> actionOf(Map<String, Object> stage) {
        var actions = (List<Map<String, Object>>) stage.get("Actions");
        assertThat(actions).hasSize(1);
        return actions.get(0);
    }
}
