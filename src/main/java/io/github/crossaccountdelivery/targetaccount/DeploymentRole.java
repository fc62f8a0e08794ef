package io.github.crossaccountdelivery.targetaccount;

import io.github.crossaccountdelivery.common.Compliance;
import io.github.crossaccountdelivery.common.Ordered;
import io.github.crossaccountdelivery.naming.AppNames;
import io.github.crossaccountdelivery.naming.TargetNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * The role the pipeline assumes to deploy the service in this target account (the seed's
 * {@code test-deployment}).
 *
 * <p>Creates the role under its fixed name with a trust policy that admits the build
 * account's pipeline role and no other principal of that account, and a managed policy that
 * lets it roll out this one service: describe and update the service, register task
 * definitions of its family, pass only the task and execution roles to ECS tasks, read the
 * pipeline's artifacts and decrypt them through S3.
 *
 * <p>Exposes {@link #role()}.
 */
public final class DeploymentRole extends Construct {

    /** @param target this target's names: the role's own, the service's and the build account's */
    public record Props(TargetNames target) {
        public Props {
            Objects.requireNonNull(target, "target");
        }
    }

    private final Role role;
    private final ManagedPolicy policy;

    public DeploymentRole(Construct scope, String id, Props props) {
        super(scope, id);
        TargetNames target = props.target();
        AppNames names = target.app();

        role = Role.Builder.create(this, "Role")
                .roleName(target.deploymentRole())
                .description("Assumed by the " + names.appName() + " pipeline in " + names.buildAccount()
                        + " to deploy the service")
                .assumedBy(pipelineRoleOnly(names))
                .build();
        policy = ManagedPolicy.Builder.create(this, "Policy")
                .description("What the " + names.appName() + " pipeline may do in this account")
                .document(deployPolicy(names, target))
                .roles(List.of(role))
                .build();

        Compliance.acknowledge(policy, "AwsSolutions-IAM5[Resource::*]",
                "ecs:RegisterTaskDefinition and ecs:DescribeTaskDefinition support no resource-level"
                        + " permissions; ecs:DescribeTasks and ecs:ListTasks are held to this cluster by an"
                        + " ecs:cluster condition.");
        Compliance.acknowledge(policy, wildcardFinding(target.taskDefinitionsArn()),
                "Each deploy registers a new revision of this one task-definition family; the"
                        + " revision number is not known in advance.");
        PipelineArtifacts.acknowledgeWildcards(policy, names);
    }

    private static String wildcardFinding(String resource) {
        return "AwsSolutions-IAM5[Resource::" + resource + "]";
    }

    /**
     * Who may assume a target account's roles for the pipeline: the build account, only when the
     * caller is the pipeline role. The account with an {@code aws:PrincipalArn} condition rather
     * than the role's ARN: IAM rejects a trust policy naming a role that does not exist yet, and
     * target stacks deploy before the pipeline's.
     */
    static IPrincipal pipelineRoleOnly(AppNames names) {
        return new AccountPrincipal(names.buildAccount()).withConditions(
                Ordered.map("ArnEquals", Ordered.map("aws:PrincipalArn", names.pipelineRoleArn())));
    }

    private static PolicyDocument deployPolicy(AppNames names, TargetNames target) {
        List<PolicyStatement> statements = new ArrayList<>(List.of(
                PolicyStatement.Builder.create()
                        .sid("RollOutTheService")
                        .actions(List.of("ecs:DescribeServices", "ecs:UpdateService"))
                        .resources(List.of(target.serviceArn()))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("WatchTheRollout")
                        .actions(List.of("ecs:DescribeTasks", "ecs:ListTasks"))
                        .resources(List.of("*"))
                        .conditions(Ordered.map("ArnEquals", Ordered.map("ecs:cluster", target.clusterArn())))
                        .build(),
                // These two ECS actions support no resource-level permissions.
                // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html
                PolicyStatement.Builder.create()
                        .sid("RegisterTaskDefinitions")
                        .actions(List.of("ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"))
                        .resources(List.of("*"))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("TagNewTaskDefinitions")
                        .actions(List.of("ecs:TagResource"))
                        .resources(List.of(target.taskDefinitionsArn()))
                        .conditions(Ordered.map("StringEquals", Ordered.map("ecs:CreateAction", "RegisterTaskDefinition")))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("PassOnlyTheServiceRoles")
                        .actions(List.of("iam:PassRole"))
                        .resources(List.of(target.taskRoleArn(), target.executionRoleArn()))
                        .conditions(Ordered.map("StringEquals", Ordered.map("iam:PassedToService", "ecs-tasks.amazonaws.com")))
                        .build()));
        statements.addAll(PipelineArtifacts.readStatements(names));
        return PolicyDocument.Builder.create().statements(statements).build();
    }

    public Role role() {
        return role;
    }

    /** The managed policy that holds the role's permissions. */
    public ManagedPolicy policy() {
        return policy;
    }
}
