package io.github.crossaccountdelivery.buildaccount;

import io.github.crossaccountdelivery.common.Compliance;
import io.github.crossaccountdelivery.naming.AppNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * What the delivery pipeline's role may do, as one managed policy attached to it: use the GitHub
 * connection, run the image build, assume the targets' deployment and verification roles and no
 * other role, write the Commands actions' logs, and read and write the artifact store. No
 * {@code iam:PassRole}: the pipeline passes no role, it assumes them.
 *
 * <p>Written by hand rather than by CDK's grants, which would add object deletes and a role per
 * action. Exposes {@link #policy()}, on which the pipeline depends: CodePipeline checks on creation
 * that its role may assume each action's role.
 */
public final class PipelinePolicy extends Construct {

    /**
     * @param names         the app's name and the Commands log group's ARN
     * @param role          the pipeline's role, which gets the policy
     * @param connectionArn the GitHub connection of the source action
     * @param imageBuildArn the project the build action runs
     * @param rolesToAssume the targets' deployment and verification roles, by ARN; at least one
     * @param artifacts     the artifact store
     */
    public record Props(AppNames names, IRole role, String connectionArn, String imageBuildArn,
                        List<String> rolesToAssume, ArtifactStore artifacts) {
        public Props {
            Objects.requireNonNull(names, "names");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(connectionArn, "connectionArn");
            Objects.requireNonNull(imageBuildArn, "imageBuildArn");
            rolesToAssume = List.copyOf(rolesToAssume);
            Objects.requireNonNull(artifacts, "artifacts");
            if (rolesToAssume.isEmpty()) {
                throw new IllegalArgumentException("a delivery pipeline assumes at least one target's role");
            }
        }
    }

    private final ManagedPolicy policy;

    public PipelinePolicy(Construct scope, String id, Props props) {
        super(scope, id);
        List<PolicyStatement> statements = new ArrayList<>(List.of(
                // Connections created under the new service prefix are authorized under either name.
                // https://docs.aws.amazon.com/dtconsole/latest/userguide/rename.html
                statement("UseTheGitHubConnection", List.of(props.connectionArn()),
                        "codestar-connections:UseConnection", "codeconnections:UseConnection"),
                statement("RunTheImageBuild", List.of(props.imageBuildArn()),
                        "codebuild:StartBuild", "codebuild:BatchGetBuilds"),
                statement("AssumeTheDeploymentRoles", props.rolesToAssume(), "sts:AssumeRole"),
                // The Commands actions log as the pipeline's role when their output lands here.
                // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Commands.html
                statement("WriteCommandsLogs", AppNames.logGroupAndStreams(props.names().commandsLogGroupArn()),
                        "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents")));
        statements.addAll(props.artifacts().readWriteStatements(true));
        policy = ManagedPolicy.Builder.create(this, "Resource")
                .description("What the delivery pipeline of " + props.names().appName() + " may do")
                .statements(statements)
                .roles(List.of(props.role()))
                .build();
        ArtifactStore.acknowledgeObjectWildcard(policy);
        Compliance.acknowledgeLogStreams(policy, props.names().commandsLogGroupArn());
    }

    private static PolicyStatement statement(String sid, List<String> resources, String... actions) {
        return PolicyStatement.Builder.create().sid(sid).actions(List.of(actions)).resources(resources).build();
    }

    public ManagedPolicy policy() {
        return policy;
    }
}
