package io.github.crossaccountdelivery.targetaccount;

import io.github.crossaccountdelivery.common.Compliance;
import io.github.crossaccountdelivery.common.LogGroups;
import io.github.crossaccountdelivery.common.Ordered;
import io.github.crossaccountdelivery.common.CpuArchitecture;
import io.github.crossaccountdelivery.naming.TargetNames;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.MountPoint;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.Volume;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * What one task of the service is: the Fargate task definition with the application's
 * container, its log group, and its two roles.
 *
 * <p>Creates the task execution role and the task role under fixed names (the build account's
 * repository policy and the deployment role name them), a customer-managed policy for the
 * execution role (pull from the build account's repository, write the log group), the log
 * group, and the task definition of the target's family with one container. By default the
 * container runs as a non-root user with a read-only root file system and a writable
 * {@code /tmp}, under a memory limit: AWS Control Tower's proactive controls refuse task
 * definitions without these.
 *
 * <p>The container runs the image it is given: {@link CurrentImage}'s, which on the first
 * deploy is a placeholder web server that answers every path with 200 on the port given in
 * {@value #PLACEHOLDER_PORT_VARIABLE}, so the first {@code cdk deploy} comes up healthy before
 * any image exists.
 *
 * <p>Exposes {@link #taskDefinition()}, {@link #executionRole()}, {@link #executionPolicy()},
 * {@link #taskRole()} and {@link #logGroup()}.
 */
public final class ServiceTask extends Construct {

    /**
     * The placeholder's port setting. It is an environment variable, not a command, because
     * the ECS deploy action copies the task definition and changes only the image: a command
     * would be inherited by the application's container.
     */
    public static final String PLACEHOLDER_PORT_VARIABLE = "WHOAMI_PORT_NUMBER";
    /** The writable scratch volume at {@code /tmp} when the root file system is read-only. */
    public static final String SCRATCH_VOLUME = "tmp";

    /**
     * @param target             this target's names
     * @param container          the application's container
     * @param image              the image the container runs
     * @param origin             the repository the pipeline deploys images from, and their architecture
     * @param size               CPU and memory of each task
     * @param stopTimeoutSeconds time between SIGTERM and SIGKILL for a stopping container
     * @param logs               how the container's log group is made
     */
    public record Props(TargetNames target, ContainerSpec container, ContainerImage image, ImageOrigin origin,
                        TaskSize size, int stopTimeoutSeconds, LogGroups logs) {
        public Props {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(size, "size");
            Objects.requireNonNull(logs, "logs");
        }
    }

    private final Role executionRole;
    private final ManagedPolicy executionPolicy;
    private final Role taskRole;
    private final FargateTaskDefinition taskDefinition;
    private final LogGroup logGroup;

    public ServiceTask(Construct scope, String id, Props props) {
        super(scope, id);
        TargetNames target = props.target();
        TaskSize size = props.size();

        executionRole = Role.Builder.create(this, "ExecutionRole")
                .roleName(target.executionRole())
                .description("Lets ECS pull the image and write logs for " + target.service())
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .build();
        taskRole = Role.Builder.create(this, "TaskRole")
                .roleName(target.taskRole())
                .description("The application's own permissions; none by default")
                // ECS sends these keys when a task assumes its role (confused-deputy guard).
                // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com").withConditions(Ordered.map(
                        "ArnLike", Ordered.map("aws:SourceArn", target.ecsResourcesArn()),
                        "StringEquals", Ordered.map("aws:SourceAccount", target.account()))))
                .build();

        logGroup = props.logs().create(this, "Logs");

        // One customer-managed policy rather than the role's inline default policy (NIST 800-53
        // IAMNoInlinePolicy); CDK's grants write to it. The placeholder comes from a public
        // registry; the pipeline's images come from the build account's repository, whose policy
        // admits this role by name.
        executionPolicy = ManagedPolicy.Builder.create(this, "ExecutionPolicy")
                .description("What ECS may do to start " + target.service() + "'s tasks")
                .roles(List.of(executionRole))
                .build();
        Repository.fromRepositoryArn(this, "ApplicationImages", props.origin().repositoryArn()).grantPull(executionPolicy);
        logGroup.grantWrite(executionPolicy);
        Compliance.acknowledge(executionPolicy, "AwsSolutions-IAM5[Resource::*]",
                Compliance.ECR_LOGIN_TAKES_NO_RESOURCE);

        taskDefinition = FargateTaskDefinition.Builder.create(this, "TaskDefinition")
                .family(target.taskFamily())
                .cpu(size.cpu())
                .memoryLimitMiB(size.memoryMiB())
                .runtimePlatform(RuntimePlatform.builder()
                        .cpuArchitecture(props.origin().architecture() == CpuArchitecture.ARM64
                                ? software.amazon.awscdk.services.ecs.CpuArchitecture.ARM64
                                : software.amazon.awscdk.services.ecs.CpuArchitecture.X86_64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .build())
                // The task definition would grant the log group to the role's inline default policy;
                // the managed policy above already has it.
                .executionRole(executionRole.withoutPolicyUpdates())
                .taskRole(taskRole)
                .build();
        ContainerSpec container = props.container();
        taskDefinition.addContainer("Container", ContainerDefinitionOptions.builder()
                .containerName(container.name())
                .image(props.image())
                .environment(Ordered.map(PLACEHOLDER_PORT_VARIABLE, Integer.toString(container.port())))
                .portMappings(List.of(PortMapping.builder().containerPort(container.port()).build()))
                .stopTimeout(Duration.seconds(props.stopTimeoutSeconds()))
                // A hard limit per container (CT.ECS.PR.7): the task's whole memory, for its one container.
                .memoryLimitMiB(size.memoryMiB())
                // Least privilege inside the task (CT.ECS.PR.3, CT.ECS.PR.6): not root, and nothing but
                // /tmp writable; each has a key to turn it off for images that need otherwise.
                .user(container.user().orElse(null))
                .readonlyRootFilesystem(container.readonlyRootFilesystem())
                .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(logGroup)
                        .streamPrefix(target.service())
                        .build()))
                .build());
        if (container.readonlyRootFilesystem()) {
            // Fargate's ephemeral storage, mounted where programs expect to write scratch files.
            taskDefinition.addVolume(Volume.builder().name(SCRATCH_VOLUME).build());
            taskDefinition.getDefaultContainer().addMountPoints(MountPoint.builder()
                    .sourceVolume(SCRATCH_VOLUME).containerPath("/tmp").readOnly(false).build());
        }
        Compliance.acknowledge(taskDefinition, "AwsSolutions-ECS2",
                "The one variable is the placeholder image's listening port, not a secret;"
                        + " application secrets belong in Secrets Manager references.");
    }

    public FargateTaskDefinition taskDefinition() {
        return taskDefinition;
    }

    public Role executionRole() {
        return executionRole;
    }

    /** The execution role's permissions; tasks must not start before it exists. */
    public ManagedPolicy executionPolicy() {
        return executionPolicy;
    }

    public Role taskRole() {
        return taskRole;
    }

    /** Where the container logs. */
    public LogGroup logGroup() {
        return logGroup;
    }
}
