package io.github.crossaccountdelivery.target;

import io.github.crossaccountdelivery.config.ResourceNames;
import io.github.crossaccountdelivery.config.ResourceNames.TargetNames;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * The role the pipeline assumes to deploy the service in this target account (the seed's
 * {@code test-deployment}).
 *
 * <p>Creates the role under its fixed name with a trust policy that admits the build
 * account's pipeline role and no other principal of that account, and an inline policy that
 * lets it roll out this one service: describe and update the service, register task
 * definitions of its family, pass only the task and execution roles to ECS tasks, read the
 * pipeline's artifacts and decrypt them through S3.
 *
 * <p>Exposes {@link #role()}.
 */
public final class DeploymentRole extends Construct {

    /**
     * @param names  physical names of the app
     * @param target this target's names
     */
    public record Props(ResourceNames names, TargetNames target) {
        public Props {
            Objects.requireNonNull(names, "names");
            Objects.requireNonNull(target, "target");
        }
    }

    private final Role role;

    public DeploymentRole(Construct scope, String id, Props props) {
        super(scope, id);
        ResourceNames names = props.names();
        TargetNames target = props.target();

        role = Role.Builder.create(this, "Role")
                .roleName(target.deploymentRole())
                .description("Assumed by the " + names.appName() + " pipeline in " + names.buildAccount()
                        + " to deploy the service")
                // Trusting the account with an aws:PrincipalArn condition instead of naming the
                // pipeline role: IAM rejects a trust policy naming a role that does not exist yet,
                // and this stack deploys before the pipeline's.
                .assumedBy(new AccountPrincipal(names.buildAccount()).withConditions(
                        Map.of("ArnEquals", Map.of("aws:PrincipalArn", names.pipelineRoleArn()))))
                .inlinePolicies(Map.of("DeployService", deployPolicy(names, target)))
                .build();
    }

    private static PolicyDocument deployPolicy(ResourceNames names, TargetNames target) {
        return PolicyDocument.Builder.create().statements(List.of(
                PolicyStatement.Builder.create()
                        .sid("RollOutTheService")
                        .actions(List.of("ecs:DescribeServices", "ecs:UpdateService"))
                        .resources(List.of(target.serviceArn()))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("WatchTheRollout")
                        .actions(List.of("ecs:DescribeTasks", "ecs:ListTasks"))
                        .resources(List.of("*"))
                        .conditions(Map.of("ArnEquals", Map.of("ecs:cluster", target.clusterArn())))
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
                        .resources(List.of(target.taskDefinitionArnPattern()))
                        .conditions(Map.of("StringEquals", Map.of("ecs:CreateAction", "RegisterTaskDefinition")))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("PassOnlyTheServiceRoles")
                        .actions(List.of("iam:PassRole"))
                        .resources(List.of(target.taskRoleArn(), target.executionRoleArn()))
                        .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("ReadPipelineArtifacts")
                        .actions(List.of("s3:GetObject", "s3:GetObjectVersion", "s3:GetBucketLocation"))
                        .resources(List.of(names.artifactBucketArn(), names.artifactBucketArn() + "/*"))
                        .build(),
                // The key's ID is random and lives in the other account, so it cannot be named
                // here. The encryption context pins decryption to objects of the artifact bucket;
                // the key policy in the build account does the rest.
                PolicyStatement.Builder.create()
                        .sid("DecryptPipelineArtifacts")
                        .actions(List.of("kms:Decrypt"))
                        .resources(List.of("arn:%s:kms:%s:%s:key/*"
                                .formatted(names.partition(), names.region(), names.buildAccount())))
                        .conditions(Map.of(
                                "StringEquals", Map.of("kms:ViaService", "s3.%s.amazonaws.com".formatted(names.region())),
                                "StringLike", Map.of("kms:EncryptionContext:aws:s3:arn",
                                        List.of(names.artifactBucketArn(), names.artifactBucketArn() + "/*"))))
                        .build()))
                .build();
    }

    public Role role() {
        return role;
    }
}
