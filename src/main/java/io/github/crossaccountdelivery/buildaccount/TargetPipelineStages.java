package io.github.crossaccountdelivery.buildaccount;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.crossaccountdelivery.naming.TargetNames;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.codepipeline.Artifact;
import software.amazon.awscdk.services.codepipeline.Condition;
import software.amazon.awscdk.services.codepipeline.Conditions;
import software.amazon.awscdk.services.codepipeline.FailureConditions;
import software.amazon.awscdk.services.codepipeline.IAction;
import software.amazon.awscdk.services.codepipeline.Result;
import software.amazon.awscdk.services.codepipeline.Rule;
import software.amazon.awscdk.services.codepipeline.RuleProps;
import software.amazon.awscdk.services.codepipeline.StageProps;
import software.amazon.awscdk.services.codepipeline.actions.CommandsAction;
import software.amazon.awscdk.services.codepipeline.actions.EcsDeployAction;
import software.amazon.awscdk.services.codepipeline.actions.ManualApprovalAction;
import software.amazon.awscdk.services.ecs.BaseService;
import software.amazon.awscdk.services.iam.FromRoleArnOptions;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * The pipeline stages of one target, in order: an optional manual approval, the Deploy stage
 * (an ECS deploy action run as the target's deployment role, with its window and rollback
 * conditions), and the Verify stage (a Commands action run as its verification role, see
 * {@link VerifyCommands}). The target's roles and service are imported by ARN, immutable: a
 * CloudFormation reference cannot cross accounts, and the roles' own stacks grant what they need.
 *
 * <p>Creates no resource; the imports go in the scope given, the pipeline.
 */
final class TargetPipelineStages {

    private TargetPipelineStages() {
    }

    /**
     * @param scope            where the imported roles and service go: the pipeline construct
     * @param target           the target's stages, names and checks
     * @param imageDefinitions the build's output, which every target deploys
     * @param source           the source, for the application's smoke test
     */
    static List<StageProps> of(Construct scope, TargetStages target, Artifact imageDefinitions, Artifact source) {
        TargetNames to = target.target();
        List<StageProps> stages = new ArrayList<>();
        if (target.approval()) {
            stages.add(DeliveryPipeline.stage("Approve-" + to.name(), ManualApprovalAction.Builder.create()
                    .actionName("Promote")
                    .additionalInformation("Deploy this commit's image to " + to.name()
                            + " (account " + to.account() + ")?")
                    .build()));
        }
        stages.add(deployStage(scope, target, imageDefinitions));
        // Before anyone may approve the next target, this one proves it runs the release.
        stages.add(DeliveryPipeline.stage(DeliveryPipeline.VERIFY_STAGE_PREFIX + to.name(),
                verify(scope, target, imageDefinitions, source)));
        return stages;
    }

    private static IAction deployTo(Construct scope, TargetStages stages, Artifact imageDefinitions) {
        TargetNames target = stages.target();
        // Immutable import: CDK would otherwise try to attach policies to a role in another
        // account. The role's own stack grants what it needs; this pipeline only assumes it.
        IRole deploymentRole = Role.fromRoleArn(scope, "DeploymentRole-" + target.account(),
                target.deploymentRoleArn(), FromRoleArnOptions.builder().mutable(false).build());
        return EcsDeployAction.Builder.create()
                .actionName("Service")
                .service(BaseService.fromServiceArnWithCluster(scope, "Service-" + target.account(),
                        target.serviceArn()))
                .input(imageDefinitions)
                .role(deploymentRole)
                // The circuit breaker rolls a bad image back within minutes; the action's 60-minute
                // default would hold the pipeline long after that.
                .deploymentTimeout(Duration.minutes(stages.deployTimeoutMinutes()))
                .build();
    }

    /**
     * A Commands action run in the target account as its verification role: the service's
     * primary deployment completed with this execution's image, the service URL answers its
     * health check, and the application's smoke test, if it has one, passes.
     */
    private static IAction verify(Construct scope, TargetStages stages, Artifact imageDefinitions, Artifact source) {
        TargetNames target = stages.target();
        IRole verifyRole = Role.fromRoleArn(scope, "VerifyRole-" + target.account(), target.verifyRoleArn(),
                FromRoleArnOptions.builder().mutable(false).build());
        return CommandsAction.Builder.create()
                .actionName("Checks")
                // The build's output first: imagedefinitions.json lands in the working directory.
                .input(imageDefinitions)
                .extraInputs(List.of(source))
                .role(verifyRole)
                .commands(VerifyCommands.of(target, stages.checks()))
                .build();
    }

    /**
     * A target's Deploy stage, with its conditions (CodePipeline V2 only): an entry condition with
     * the {@code DeploymentWindow} rule and the result FAIL, so that an execution that reaches it
     * outside the window deploys nothing (SKIP, the other result entry conditions take, would let
     * the next target's stages run without this one); and an on-failure condition with the result
     * ROLLBACK, which deploys the stage's last successful execution's artifacts again.
     * https://docs.aws.amazon.com/codepipeline/latest/userguide/stage-conditions.html
     * https://docs.aws.amazon.com/codepipeline/latest/userguide/stage-rollback.html
     * Without conditions the stage is what it was before they existed.
     */
    private static StageProps deployStage(Construct scope, TargetStages target, Artifact imageDefinitions) {
        TargetNames to = target.target();
        TargetStages.Controls controls = target.controls();
        if (controls.equals(TargetStages.Controls.NONE)) {
            return DeliveryPipeline.stage(DeliveryPipeline.DEPLOY_STAGE_PREFIX + to.name(), deployTo(scope, target, imageDefinitions));
        }
        StageProps.Builder stage = StageProps.builder()
                .stageName(DeliveryPipeline.DEPLOY_STAGE_PREFIX + to.name())
                .actions(List.of(deployTo(scope, target, imageDefinitions)));
        controls.window().ifPresent(window -> stage.beforeEntry(Conditions.builder().conditions(List.of(
                Condition.builder()
                        .rules(List.of(new Rule(RuleProps.builder()
                                // Unique within the pipeline.
                                .name("DeployWindow-" + to.name())
                                .provider("DeploymentWindow")
                                .version("1")
                                // jsii takes the rule's configuration as a JSON object; an ObjectNode keeps its order.
                                .configuration(JsonNodeFactory.instance.objectNode()
                                        .put("Cron", window.cron()).put("TimeZone", window.timeZone()))
                                .build())))
                        .result(Result.FAIL)
                        .build())).build()));
        if (controls.rollbackOnFailure()) {
            stage.onFailure(FailureConditions.builder().result(Result.ROLLBACK).build());
        }
        return stage.build();
    }

}
