package io.github.crossaccountdelivery.target;

import io.github.crossaccountdelivery.config.ResourceNames.TargetNames;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.TaskDefinitionRevision;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The application as it runs in a target account: an ECS cluster, a Fargate task definition
 * and service, and an internet-facing Application Load Balancer in front of it.
 *
 * <p>Creates the cluster, the task's role and execution role (under fixed names, since the
 * build account's repository policy and the deployment role name them), a log group, the
 * task definition with one container, the service and the load balancer with an HTTP
 * listener whose target group probes the health-check path.
 *
 * <p>Until the pipeline first deploys, the container runs {@link #PLACEHOLDER_IMAGE}, a tiny
 * web server that answers every path with 200 on the port given in
 * {@value #PLACEHOLDER_PORT_VARIABLE}; so the first {@code cdk deploy} comes up healthy before
 * any image exists. The service follows the family's latest task definition revision, so a
 * later {@code cdk deploy} does not roll back the image the pipeline deployed
 * (https://github.com/aws/aws-cdk/pull/27036).
 *
 * <p>Exposes {@link #service()}, {@link #loadBalancer()} and the two roles.
 */
public final class WebService extends Construct {

    /** Pinned so that the first deploy is reproducible; multi-architecture. */
    public static final String PLACEHOLDER_IMAGE = "traefik/whoami:v1.11.0";
    /**
     * The placeholder's port setting. It is an environment variable, not a command, because
     * the ECS deploy action copies the task definition and changes only the image: a command
     * would be inherited by the application's container.
     */
    public static final String PLACEHOLDER_PORT_VARIABLE = "WHOAMI_PORT_NUMBER";

    /**
     * @param target          this target's names
     * @param vpc             the network to run in
     * @param containerName   the container's name, which the pipeline's image definitions name
     * @param containerPort   the port the application listens on
     * @param healthCheckPath the path the load balancer probes
     * @param imageRepositoryArn the build account's repository the pipeline deploys images from
     */
    public record Props(TargetNames target, IVpc vpc, String containerName, int containerPort,
                        String healthCheckPath, String imageRepositoryArn) {
        public Props {
            Objects.requireNonNull(imageRepositoryArn, "imageRepositoryArn");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(vpc, "vpc");
            Objects.requireNonNull(containerName, "containerName");
            Objects.requireNonNull(healthCheckPath, "healthCheckPath");
        }
    }

    private final Role executionRole;
    private final Role taskRole;
    private final FargateService service;
    private final ApplicationLoadBalancer loadBalancer;

    public WebService(Construct scope, String id, Props props) {
        super(scope, id);
        TargetNames target = props.target();

        Cluster cluster = Cluster.Builder.create(this, "Cluster")
                .clusterName(target.cluster())
                .vpc(props.vpc())
                .build();

        executionRole = Role.Builder.create(this, "ExecutionRole")
                .roleName(target.executionRole())
                .description("Lets ECS pull the image and write logs for " + target.service())
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .build();
        // The placeholder comes from a public registry; the pipeline's images come from the build
        // account's repository, whose policy admits this role by name.
        executionRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("PullApplicationImages")
                .actions(List.of("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer",
                        "ecr:BatchGetImage"))
                .resources(List.of(props.imageRepositoryArn()))
                .build());
        executionRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("LogInToEcr")
                .actions(List.of("ecr:GetAuthorizationToken"))
                .resources(List.of("*"))
                .build());
        taskRole = Role.Builder.create(this, "TaskRole")
                .roleName(target.taskRole())
                .description("The application's own permissions; none by default")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .build();

        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        FargateTaskDefinition taskDefinition = FargateTaskDefinition.Builder.create(this, "TaskDefinition")
                .family(target.taskFamily())
                .cpu(256)
                .memoryLimitMiB(512)
                .executionRole(executionRole)
                .taskRole(taskRole)
                .build();
        taskDefinition.addContainer("Container", ContainerDefinitionOptions.builder()
                .containerName(props.containerName())
                .image(ContainerImage.fromRegistry(PLACEHOLDER_IMAGE))
                .environment(Map.of(PLACEHOLDER_PORT_VARIABLE, Integer.toString(props.containerPort())))
                .portMappings(List.of(PortMapping.builder().containerPort(props.containerPort()).build()))
                .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(logs)
                        .streamPrefix(target.service())
                        .build()))
                .build());

        service = FargateService.Builder.create(this, "Service")
                .serviceName(target.service())
                .cluster(cluster)
                .taskDefinition(taskDefinition)
                .taskDefinitionRevision(TaskDefinitionRevision.LATEST)
                .desiredCount(1)
                .assignPublicIp(true)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .minHealthyPercent(100)
                .maxHealthyPercent(200)
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .build();

        loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(props.vpc())
                .internetFacing(true)
                .build();
        ApplicationListener http = loadBalancer.addListener("Http", BaseApplicationListenerProps.builder()
                .protocol(ApplicationProtocol.HTTP)
                .port(80)
                .open(true)
                .build());
        http.addTargets("Service", AddApplicationTargetsProps.builder()
                .protocol(ApplicationProtocol.HTTP)
                .port(props.containerPort())
                .targets(List.of(service))
                .healthCheck(HealthCheck.builder()
                        .path(props.healthCheckPath())
                        .healthyHttpCodes("200")
                        .build())
                .deregistrationDelay(Duration.seconds(30))
                .build());
    }

    public FargateService service() {
        return service;
    }

    public ApplicationLoadBalancer loadBalancer() {
        return loadBalancer;
    }

    public Role executionRole() {
        return executionRole;
    }

    public Role taskRole() {
        return taskRole;
    }
}
