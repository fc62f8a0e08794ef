package io.github.crossaccountdelivery.buildaccount;

import static io.github.crossaccountdelivery.BareStack.NAMES;
import static io.github.crossaccountdelivery.BareStack.TEST;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.BareStack;
import io.github.crossaccountdelivery.common.LogGroups;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.codebuild.PipelineProject;

/**
 * The Deploy stages' release controls: test without any, staging rolled back on failure, prod
 * inside a deployment window and rolled back on failure.
 */
class DeployStageConditionsTest {

    private static final TargetStages.Checks CHECKS = new TargetStages.Checks("app", "/health",
            "scripts/smoke-test.sh", 180);
    private static List<Map<String, Object>> stages;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synthesize() {
        Stack stack = BareStack.inBuildAccount();
        var artifacts = new ArtifactStore(stack, "Artifacts", new ArtifactStore.Props(NAMES));
        new DeliveryPipeline(stack, "Delivery", new DeliveryPipeline.Props(NAMES, new Source(
                "arn:aws:codeconnections:eu-west-1:111111111111:connection/00000000-0000-0000-0000-000000000000",
                "example-org", "orders-service", "main"), List.of(
                new TargetStages(TEST, false, 15, CHECKS),
                new TargetStages(NAMES.target("staging", "333333333333"), true, 20, CHECKS,
                        new TargetStages.Controls(Optional.empty(), true)),
                new TargetStages(NAMES.target("prod", "444444444444"), true, 30, CHECKS,
                        new TargetStages.Controls(Optional.of(new TargetStages.Window("0 0 9-16 ? * MON-FRI *",
                                "Europe/Dublin")), true))),
                artifacts, PipelineProject.Builder.create(stack, "Build").build(),
                new LogGroups(artifacts.key(), 365)));
        Capture captured = new Capture();
        Template.fromStack(stack).hasResourceProperties("AWS::CodePipeline::Pipeline",
                Match.objectLike(Map.of("Stages", captured)));
        stages = captured.asArray().stream().map(s -> (Map<String, Object>) s).toList();
    }

    private static Map<String, Object> stage(String name) {
        return stages.stream().filter(s -> s.get("Name").equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aDeployStageWithoutControlsIsAsItWas() {
        assertThat(stage("Deploy-test")).containsOnlyKeys("Name", "Actions");
        assertThat(stages).filteredOn(s -> !s.get("Name").toString().startsWith("Deploy-"))
                .allSatisfy(s -> assertThat(s).containsOnlyKeys("Name", "Actions"));
    }

    @Test
    void aTargetRolledBackOnFailureHasAnOnFailureConditionWithTheResultRollbackAndNothingElse() {
        assertThat(stage("Deploy-staging")).containsOnlyKeys("Name", "Actions", "OnFailure")
                .containsEntry("OnFailure", Map.of("Result", "ROLLBACK"));
    }

    @Test
    void aTargetWithADeploymentWindowEntersItsDeployStageOnlyInsideTheWindowAndFailsOutside() {
        assertThat(stage("Deploy-prod")).containsEntry("BeforeEntry", Map.of("Conditions", List.of(Map.of(
                "Result", "FAIL",
                "Rules", List.of(Map.of(
                        "Name", "DeployWindow-prod",
                        "RuleTypeId", Map.of("Category", "Rule", "Owner", "AWS", "Provider", "DeploymentWindow",
                                "Version", "1"),
                        "Configuration", Map.of("Cron", "0 0 9-16 ? * MON-FRI *", "TimeZone", "Europe/Dublin")))))))
                .containsEntry("OnFailure", Map.of("Result", "ROLLBACK"));
        // The window holds the deploy, not the approval before it or the verification after it.
        assertThat(stage("Approve-prod")).doesNotContainKey("BeforeEntry");
        assertThat(stage("Verify-prod")).doesNotContainKey("BeforeEntry");
    }
}
