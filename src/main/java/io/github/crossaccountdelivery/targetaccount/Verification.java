package io.github.crossaccountdelivery.targetaccount;

import io.github.crossaccountdelivery.common.Compliance;
import io.github.crossaccountdelivery.common.LogGroups;
import io.github.crossaccountdelivery.naming.AppNames;
import io.github.crossaccountdelivery.naming.TargetNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * What the pipeline's post-deploy verification uses in this account: the role its Commands
 * action runs as, the log group it writes to, and the parameter that says where the service
 * answers.
 *
 * <p>Creates the role under its fixed name, trusted by the build account only when the caller is
 * the pipeline role (like the deployment role), with one managed policy that can read and nothing
 * else: describe the one service and task definitions, read the service-URL parameter, read and
 * decrypt the pipeline's artifacts, and write its log group. Creates that log group under the
 * name CodePipeline gives a Commands action's logs ({@code /aws/codepipeline/<pipeline>}), so it
 * is encrypted and kept like every other log group, and the SSM parameter holding the service URL
 * (the load balancer's DNS name is only known in this account).
 *
 * <p>Exposes {@link #role()} and {@link #logGroup()}.
 */
public final class Verification extends Construct {

    /**
     * @param target     this target's names: the role's, the service's, the parameter's and the pipeline's
     * @param serviceUrl where the service answers ({@link PublicEndpoint#url()})
     * @param logs       how the log group is made
     */
    public record Props(TargetNames target, String serviceUrl, LogGroups logs) {
        public Props {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(serviceUrl, "serviceUrl");
            Objects.requireNonNull(logs, "logs");
        }
    }

    private final Role role;
    private final LogGroup logGroup;

    public Verification(Construct scope, String id, Props props) {
        super(scope, id);
        TargetNames target = props.target();
        AppNames names = target.app();

        StringParameter url = StringParameter.Builder.create(this, "ServiceUrl")
                .parameterName(target.serviceUrlParameter())
                .description("Where " + target.service() + " answers; read by the pipeline's verification")
                .stringValue(props.serviceUrl())
                .build();
        logGroup = props.logs().create(this, "Logs", names.commandsLogGroup());

        role = Role.Builder.create(this, "Role")
                .roleName(target.verifyRole())
                .description("Assumed by the " + names.appName() + " pipeline in " + names.buildAccount()
                        + " to verify a deploy")
                .assumedBy(DeploymentRole.pipelineRoleOnly(names))
                .build();
        List<PolicyStatement> statements = new ArrayList<>(List.of(
                PolicyStatement.Builder.create()
                        .sid("SeeTheRollout")
                        .actions(List.of("ecs:DescribeServices"))
                        .resources(List.of(target.serviceArn()))
                        .build(),
                // DescribeTaskDefinition supports no resource-level permissions.
                PolicyStatement.Builder.create()
                        .sid("SeeTheImage")
                        .actions(List.of("ecs:DescribeTaskDefinition"))
                        .resources(List.of("*"))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("FindTheService")
                        .actions(List.of("ssm:GetParameter"))
                        .resources(List.of(target.serviceUrlParameterArn()))
                        .build(),
                // CodePipeline's Commands action writes its output here, as this role.
                // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Commands.html
                PolicyStatement.Builder.create()
                        .sid("WriteVerificationLogs")
                        .actions(List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"))
                        .resources(AppNames.logGroupAndStreams(target.commandsLogGroupArn()))
                        .build()));
        statements.addAll(PipelineArtifacts.readStatements(names));
        ManagedPolicy policy = ManagedPolicy.Builder.create(this, "Policy")
                .description("What the " + names.appName() + " pipeline's verification may read in this account")
                .statements(statements)
                .roles(List.of(role))
                .build();
        url.getNode().addDependency(policy);

        Compliance.acknowledge(policy, "AwsSolutions-IAM5[Resource::*]",
                "ecs:DescribeTaskDefinition supports no resource-level permissions; it only reads task definitions.");
        PipelineArtifacts.acknowledgeWildcards(policy, names);
        Compliance.acknowledgeLogStreams(policy, target.commandsLogGroupArn());
    }

    /** Where the pipeline's Commands actions log in this account. */
    public LogGroup logGroup() {
        return logGroup;
    }

    /** The role the pipeline's Commands action runs as. */
    public Role role() {
        return role;
    }
}
