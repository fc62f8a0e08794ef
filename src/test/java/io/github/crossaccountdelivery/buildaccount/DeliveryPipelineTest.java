package io.github.crossaccountdelivery.buildaccount;

import static io.github.crossaccountdelivery.BareStack.NAMES;
import static io.github.crossaccountdelivery.BareStack.TEST;
import static io.github.crossaccountdelivery.Policies.list;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.BareStack;
import io.github.crossaccountdelivery.Policies;
import io.github.crossaccountdelivery.common.LogGroups;
import io.github.crossaccountdelivery.naming.TargetNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.codebuild.PipelineProject;

/** The pipeline, for a test target and a prod target behind an approval. */
class DeliveryPipelineTest {

    private static final TargetNames PROD = NAMES.target("prod", "444444444444");
    private static final Source SOURCE = new Source(
            "arn:aws:codeconnections:eu-west-1:111111111111:connection/00000000-0000-0000-0000-000000000000",
            "example-org", "orders-service", "release/2026");
    private static final TargetStages.Checks CHECKS = new TargetStages.Checks("app", "/health",
            "scripts/smoke-test.sh", 180);
    private static Template template;
    private static List<Map<String, Object>> stages;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synthesize() {
        Stack stack = BareStack.inBuildAccount();
        var artifacts = new ArtifactStore(stack, "Artifacts", new ArtifactStore.Props(NAMES));
        var project = PipelineProject.Builder.create(stack, "Build").build();
        new DeliveryPipeline(stack, "Delivery", new DeliveryPipeline.Props(NAMES, SOURCE, List.of(
                new TargetStages(TEST, false, 15, CHECKS),
                new TargetStages(PROD, true, 20, new TargetStages.Checks("app", "/health", "scripts/smoke-test.sh", 600))),
                artifacts, project, new LogGroups(artifacts.key(), 365)));
        template = Template.fromStack(stack);
        Capture captured = new Capture();
        template.hasResourceProperties("AWS::CodePipeline::Pipeline", Match.objectLike(Map.of("Stages", captured)));
        stages = captured.asArray().stream().map(s -> (Map<String, Object>) s).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> action(String stage) {
        var found = stages.stream().filter(s -> s.get("Name").equals(stage)).findFirst().orElseThrow();
        var actions = (List<Map<String, Object>>) found.get("Actions");
        assertThat(actions).hasSize(1);
        return actions.get(0);
    }

    @Test
    void storesArtifactsInTheBucketEncryptedWithTheArtifactKey() {
        template.hasResourceProperties("AWS::CodePipeline::Pipeline", Match.objectLike(Map.of(
                "Name", NAMES.pipeline(),
                "PipelineType", "V2",
                "ArtifactStore", Map.of(
                        "Type", "S3",
                        "Location", Map.of("Ref", ArtifactStore.BUCKET_LOGICAL_ID),
                        "EncryptionKey", Map.of("Type", "KMS",
                                "Id", Map.of("Fn::GetAtt", List.of(ArtifactStore.KEY_LOGICAL_ID, "Arn")))))));
    }

    @Test
    void runsSourceBuildThenEachTargetWithItsApprovalFirstAndItsVerificationLast() {
        assertThat(stages).extracting(s -> s.get("Name")).containsExactly("Source", "Build", "Deploy-test",
                "Verify-test", "Approve-prod", "Deploy-prod", "Verify-prod");
        assertThat(action("Approve-prod").get("ActionTypeId")).isEqualTo(Map.of(
                "Category", "Approval", "Owner", "AWS", "Provider", "Manual", "Version", "1"));
    }

    @Test
    void watchesTheConfiguredRepositoryAndBranch() {
        var source = action("Source");
        assertThat(source.get("ActionTypeId")).asString().contains("CodeStarSourceConnection");
        assertThat(source.get("Configuration")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("ConnectionArn", SOURCE.connectionArn())
                .containsEntry("FullRepositoryId", "example-org/orders-service")
                .containsEntry("BranchName", "release/2026");
    }

    @Test
    void everyDeployRunsAsItsOwnTargetsDeploymentRoleOnTheOneBuildOutput() {
        var buildOutput = list(action("Build").get("OutputArtifacts"));
        assertThat(buildOutput).containsExactly(Map.of("Name", "ImageDefinitions"));
        for (var target : List.of(List.of(TEST, 15), List.of(PROD, 20))) {
            TargetNames names = (TargetNames) target.get(0);
            var deploy = action("Deploy-" + names.name());
            assertThat(deploy.get("ActionTypeId")).isEqualTo(Map.of(
                    "Category", "Deploy", "Owner", "AWS", "Provider", "ECS", "Version", "1"));
            assertThat(deploy.get("InputArtifacts")).isEqualTo(buildOutput);
            assertThat(deploy.get("RoleArn")).isEqualTo(names.deploymentRoleArn()).asString()
                    .startsWith("arn:aws:iam::" + names.account() + ":role/");
            // The circuit breaker rolls a bad image back within minutes; the action's default waits an hour.
            assertThat(deploy.get("Configuration")).isEqualTo(Map.of("ClusterName", names.cluster(),
                    "ServiceName", names.service(), "DeploymentTimeout", target.get(1)));
        }
        // One build: nothing after the Build stage builds again.
        assertThat(stages.subList(2, stages.size())).allSatisfy(s -> assertThat(((List<?>) s.get("Actions")).toString())
                .doesNotContain("Category=Build"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyVerifyRunsTheCheckedCommandsInItsTargetsAccountAsItsVerificationRole() {
        for (var target : List.of(List.of(TEST, "180"), List.of(PROD, "600"))) {
            TargetNames names = (TargetNames) target.get(0);
            var verify = action("Verify-" + names.name());
            assertThat(verify.get("ActionTypeId")).isEqualTo(Map.of(
                    "Category", "Compute", "Owner", "AWS", "Provider", "Commands", "Version", "1"));
            assertThat(verify.get("RoleArn")).isEqualTo(names.verifyRoleArn());
            // The build output first (imagedefinitions.json in the working directory), the source second.
            assertThat(verify.get("InputArtifacts")).isEqualTo(List.of(
                    Map.of("Name", "ImageDefinitions"), Map.of("Name", "Source")));
            var commands = (List<String>) verify.get("Commands");
            assertThat(commands).containsSequence(VerifyCommands.fromFile()).startsWith(
                    "export CLUSTER_NAME='" + names.cluster() + "'",
                    "export SERVICE_NAME='" + names.service() + "'",
                    "export CONTAINER_NAME='app'",
                    "export HEALTH_CHECK_PATH='/health'",
                    "export SERVICE_URL_PARAMETER='" + names.serviceUrlParameter() + "'",
                    "export SERVICE_DOMAIN=''",
                    "export SMOKE_TEST_PATH='scripts/smoke-test.sh'",
                    "export VERIFY_TIMEOUT_SECONDS='" + target.get(1) + "'");
            assertThat(commands).hasSizeLessThanOrEqualTo(50).allSatisfy(c -> assertThat(c).hasSizeLessThanOrEqualTo(1000));
        }
    }

    @Test
    void thePipelineRoleMayAssumeExactlyTheTargetsDeploymentAndVerificationRolesAndPassesNoRole() {
        var statements = Policies.managedPolicyOfRole(template, NAMES.pipelineRole());
        var assume = statements.stream().filter(s -> list(s.get("Action")).contains("sts:AssumeRole")).toList();
        assertThat(assume).singleElement().satisfies(s -> assertThat(list(s.get("Resource"))).containsExactly(
                TEST.deploymentRoleArn(), TEST.verifyRoleArn(), PROD.deploymentRoleArn(), PROD.verifyRoleArn()));
        assertThat(statements).noneSatisfy(s -> assertThat(list(s.get("Action"))).contains("iam:PassRole"));
        // The pipeline runs its source and build actions itself: no role of its own per action.
        assertThat(Policies.role(template, NAMES.pipelineRole()).trust()).singleElement()
                .satisfies(t -> assertThat(t.get("Principal")).isEqualTo(Map.of("Service", "codepipeline.amazonaws.com")));
        assertThat(template.findResources("AWS::IAM::Role")).hasSize(2);
    }

    @Test
    void thePipelineIsCreatedOnlyOnceItsRoleMayAssumeTheTargetsRoles() {
        // CodePipeline checks on creation that its role may assume each action's role.
        String roleId = Policies.role(template, NAMES.pipelineRole()).logicalId();
        var policies = template.findResources("AWS::IAM::ManagedPolicy", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("Roles", List.of(Map.of("Ref", roleId)))))));
        assertThat(policies).hasSize(1);
        var pipeline = template.findResources("AWS::CodePipeline::Pipeline").values().iterator().next();
        assertThat(list(pipeline.get("DependsOn"))).contains(policies.keySet().iterator().next());
    }

    @Test
    void theCommandsActionsMayLogInTheBuildAccountToo() {
        // AWS does not say which account's log group receives a cross-account Commands action's output.
        template.hasResourceProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of(
                "LogGroupName", "/aws/codepipeline/orders", "RetentionInDays", 365,
                "KmsKeyId", Map.of("Fn::GetAtt", List.of(ArtifactStore.KEY_LOGICAL_ID, "Arn")))));
        var write = Policies.bySid(Map.of("Statement", Policies.managedPolicyOfRole(template, NAMES.pipelineRole())),
                "WriteCommandsLogs");
        assertThat(list(write.get("Action")))
                .containsExactly("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents");
        assertThat(list(write.get("Resource"))).containsExactly(
                "arn:aws:logs:eu-west-1:111111111111:log-group:/aws/codepipeline/orders",
                "arn:aws:logs:eu-west-1:111111111111:log-group:/aws/codepipeline/orders:*");
    }

    @Test
    void thePipelineRoleUsesTheConnectionAndRunsTheBuild() {
        var statements = Policies.managedPolicyOfRole(template, NAMES.pipelineRole());
        assertThat(Policies.bySid(Map.of("Statement", statements), "UseTheGitHubConnection").get("Resource"))
                .isEqualTo(SOURCE.connectionArn());
        assertThat(list(Policies.bySid(Map.of("Statement", statements), "RunTheImageBuild").get("Action")))
                .containsExactlyInAnyOrder("codebuild:StartBuild", "codebuild:BatchGetBuilds");
    }
}
