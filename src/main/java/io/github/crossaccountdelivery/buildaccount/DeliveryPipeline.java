package io.github.crossaccountdelivery.buildaccount;

import io.github.crossaccountdelivery.common.LogGroups;
import io.github.crossaccountdelivery.naming.AppNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import software.amazon.awscdk.services.codebuild.IProject;
import software.amazon.awscdk.services.codepipeline.Artifact;
import software.amazon.awscdk.services.codepipeline.IAction;
import software.amazon.awscdk.services.codepipeline.Pipeline;
import software.amazon.awscdk.services.codepipeline.PipelineType;
import software.amazon.awscdk.services.codepipeline.StageProps;
import software.amazon.awscdk.services.codepipeline.actions.CodeBuildAction;
import software.amazon.awscdk.services.codepipeline.actions.CodeStarConnectionsSourceAction;
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
 * <p>{@link TargetPipelineStages} makes each target's stages; a Deploy stage may carry conditions:
 * a deployment window it enters only inside, and a rollback when it fails.
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
            stages.addAll(TargetPipelineStages.of(this, target, imageDefinitions, source));
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

    static StageProps stage(String name, IAction action) {
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
