package io.github.crossaccountdelivery.buildaccount;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.crossaccountdelivery.common.LogGroups;
import io.github.crossaccountdelivery.naming.AppNames;
import io.github.crossaccountdelivery.naming.TargetNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.codebuild.IProject;
import software.amazon.awscdk.services.codepipeline.Artifact;
import software.amazon.awscdk.services.codepipeline.Condition;
import software.amazon.awscdk.services.codepipeline.Conditions;
import software.amazon.awscdk.services.codepipeline.FailureConditions;
import software.amazon.awscdk.services.codepipeline.IAction;
import software.amazon.awscdk.services.codepipeline.Pipeline;
import software.amazon.awscdk.services.codepipeline.PipelineType;
import software.amazon.awscdk.services.codepipeline.Result;
import software.amazon.awscdk.services.codepipeline.Rule;
import software.amazon.awscdk.services.codepipeline.RuleProps;
import software.amazon.awscdk.services.codepipeline.StageProps;
import software.amazon.awscdk.services.codepipeline.actions.CodeBuildAction;
import software.amazon.awscdk.services.codepipeline.actions.CodeStarConnectionsSourceAction;
import software.amazon.awscdk.services.codepipeline.actions.CommandsAction;
import software.amazon.awscdk.services.codepipeline.actions.EcsDeployAction;
import software.amazon.awscdk.services.codepipeline.actions.ManualApprovalAction;
import software.amazon.awscdk.services.ecs.BaseService;
import software.amazon.awscdk.services.iam.FromRoleArnOptions;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketAttributes;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The CodePipeline (V2) that delivers each commit of the configured branch: Source (GitHub
 * through CodeConnections), Build (the image build), then for each target account in order an
 * optional manual approval, a Deploy stage (an ECS deploy action run with that target's
 * deployment role on the one build output) and a Verify stage (a Commands action run with that
 * target's verification role, see {@link VerifyCommands}).
 *
 * <p>A target's Deploy stage may carry conditions: a deployment window it enters only inside, and a
 * rollback when it fails (see {@link TargetStages.Controls}).
 *
 * <p>Creates the pipeline and its service role under a fixed name, because each target's
 * deployment role trusts that name. The role runs the source and build actions itself, with
 * what {@link PipelinePolicy} allows. The target's role and service are referred to by ARN, never
 * by a CloudFormation reference, which cannot cross accounts.
 *
 * <p>Also creates the log group its Commands actions write to, {@code /aws/codepipeline/<pipeline>},
 * and lets the role write it.
 *
 * <p>Exposes {@link #pipeline()}, {@link #role()} and {@link #commandsLogs()}.
 */
public final class DeliveryPipeline extends Construct {

    /**
     * @param names      the pipeline's name and its role's
     * @param source     the repository and branch to deliver
     * @param targets    the deployment targets' stages, in delivery order; at least one
     * @param artifacts  the artifact store
     * @param imageBuild the project that builds the image and writes {@code imagedefinitions.json}
     * @param logs       how the Commands actions' log group is made
     */
    public record Props(AppNames names, Source source, List<TargetStages> targets, ArtifactStore artifacts,
                        IProject imageBuild, LogGroups logs) {
        public Props {
            Objects.requireNonNull(names, "names");
            Objects.requireNonNull(source, "source");
            targets = List.copyOf(targets);
            Objects.requireNonNull(artifacts, "artifacts");
            Objects.requireNonNull(imageBuild, "imageBuild");
            Objects.requireNonNull(logs, "logs");
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("a delivery pipeline deploys to at least one target");
            }
        }
    }

    /** The source action's output: the commit, whose revision time is where lead time starts. */
    public static final String SOURCE_ARTIFACT = "Source";
    /** What a target's deploy stage is named after: {@code Deploy-<target>}. */
    public static final String DEPLOY_STAGE_PREFIX = "Deploy-";
    /** What a target's verification stage is named after: {@code Verify-<target>}. */
    public static final String VERIFY_STAGE_PREFIX = "Verify-";

    private final Role role;
    private final Pipeline pipeline;
    private final LogGroup commandsLogs;

    public DeliveryPipeline(Construct scope, String id, Props props) {
        super(scope, id);
        AppNames names = props.names();
        Source from = props.source();

        role = Role.Builder.create(this, "Role")
                .roleName(names.pipelineRole())
                .description("Runs the delivery pipeline of " + names.appName())
                .assumedBy(new ServicePrincipal("codepipeline.amazonaws.com"))
                .build();

        // AWS does not say in which account a cross-account Commands action writes its output, so
        // the group exists in both (the targets' Verification creates theirs), encrypted and kept.
        commandsLogs = props.logs().create(this, "CommandsLogs", names.commandsLogGroup());

        Artifact source = Artifact.artifact(SOURCE_ARTIFACT);
        Artifact imageDefinitions = Artifact.artifact("ImageDefinitions");

        List<StageProps> stages = new ArrayList<>();
        stages.add(stage("Source", CodeStarConnectionsSourceAction.Builder.create()
                .actionName("GitHub")
                .connectionArn(from.connectionArn())
                .owner(from.owner())
                .repo(from.repository())
                .branch(from.branch())
                .output(source)
                .build()));
        stages.add(stage("Build", CodeBuildAction.Builder.create()
                .actionName("Image")
                .project(props.imageBuild())
                .input(source)
                .outputs(List.of(imageDefinitions))
                .build()));
        // Every deploy takes the same build output: the image a person approved on one target is,
        // byte for byte, the image the next target gets. No rebuild between targets.
        for (TargetStages target : props.targets()) {
            TargetNames to = target.target();
            if (target.approval()) {
                stages.add(stage("Approve-" + to.name(), ManualApprovalAction.Builder.create()
                        .actionName("Promote")
                        .additionalInformation("Deploy this commit's image to " + to.name()
                                + " (account " + to.account() + ")?")
                        .build()));
            }
            stages.add(deployStage(target, imageDefinitions));
            // Before anyone may approve the next target, this one proves it runs the release.
            stages.add(stage(VERIFY_STAGE_PREFIX + to.name(), verify(target, imageDefinitions, source)));
        }

        pipeline = Pipeline.Builder.create(this, "Pipeline")
                .pipelineName(names.pipeline())
                .pipelineType(PipelineType.V2)
                .artifactBucket(artifactBucketView(props.artifacts()))
                // One role for the pipeline and its source and build actions, with the policy
                // written below; CDK's grants would add object deletes and per-action roles.
                .role(role.withoutPolicyUpdates())
                .usePipelineRoleForActions(true)
                .restartExecutionOnUpdate(false)
                .stages(stages)
                .build();
        // CodePipeline checks on creation that its role may assume each action's role.
        pipeline.getNode().addDependency(new PipelinePolicy(this, "Policy", new PipelinePolicy.Props(names, role,
                from.connectionArn(), props.imageBuild().getProjectArn(), props.targets().stream()
                        .map(TargetStages::target).flatMap(t -> Stream.of(t.deploymentRoleArn(), t.verifyRoleArn()))
                        .toList(), props.artifacts())).policy());
    }

    /**
     * The artifact bucket as the pipeline should see it: an imported reference to the same
     * bucket and key. Given the bucket itself, CodePipeline's automatic cross-account grants
     * would add statements naming the deployment roles' ARNs to the bucket and key policies,
     * wider than {@link ArtifactAccess}'s and broken if such a role is ever recreated.
     */
    private IBucket artifactBucketView(ArtifactStore artifacts) {
        return Bucket.fromBucketAttributes(this, "ArtifactBucketView", BucketAttributes.builder()
                .bucketArn(artifacts.bucket().getBucketArn())
                .bucketName(artifacts.bucket().getBucketName())
                .encryptionKey(Key.fromKeyArn(this, "ArtifactKeyView", artifacts.key().getKeyArn()))
                .build());
    }

    private IAction deployTo(TargetStages stages, Artifact imageDefinitions) {
        TargetNames target = stages.target();
        // Immutable import: CDK would otherwise try to attach policies to a role in another
        // account. The role's own stack grants what it needs; this pipeline only assumes it.
        IRole deploymentRole = Role.fromRoleArn(this, "DeploymentRole-" + target.account(),
                target.deploymentRoleArn(), FromRoleArnOptions.builder().mutable(false).build());
        return EcsDeployAction.Builder.create()
                .actionName("Service")
                .service(BaseService.fromServiceArnWithCluster(this, "Service-" + target.account(),
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
    private IAction verify(TargetStages stages, Artifact imageDefinitions, Artifact source) {
        TargetNames target = stages.target();
        IRole verifyRole = Role.fromRoleArn(this, "VerifyRole-" + target.account(), target.verifyRoleArn(),
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
    private StageProps deployStage(TargetStages target, Artifact imageDefinitions) {
        TargetNames to = target.target();
        TargetStages.Controls controls = target.controls();
        if (controls.equals(TargetStages.Controls.NONE)) {
            return stage(DEPLOY_STAGE_PREFIX + to.name(), deployTo(target, imageDefinitions));
        }
        StageProps.Builder stage = StageProps.builder()
                .stageName(DEPLOY_STAGE_PREFIX + to.name())
                .actions(List.of(deployTo(target, imageDefinitions)));
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

    private static StageProps stage(String name, IAction action) {
        return StageProps.builder().stageName(name).actions(List.of(action)).build();
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    public Role role() {
        return role;
    }

    /** Where the pipeline's Commands actions log, when they log in this account. */
    public LogGroup commandsLogs() {
        return commandsLogs;
    }
}
