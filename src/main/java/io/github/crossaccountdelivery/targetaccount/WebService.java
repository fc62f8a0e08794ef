package io.github.crossaccountdelivery.targetaccount;

import io.github.crossaccountdelivery.config.CpuArchitecture;
import io.github.crossaccountdelivery.config.ResourceNames.TargetNames;
import io.github.crossaccountdelivery.config.ServiceSettings;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import io.github.crossaccountdelivery.common.Compliance;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.TaskDefinitionRevision;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancerRedirectConfig;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The application as it runs in a target account: an ECS cluster, a Fargate task definition
 * and service, and an internet-facing Application Load Balancer in front of it.
 *
 * <p>Creates the cluster (Container Insights on), the task's role and execution role (under
 * fixed names, since the build account's repository policy and the deployment role name them),
 * a log group, the task definition with one container, the service and the load balancer.
 * The load balancer drops invalid header fields and writes access logs to the given bucket. It
 * listens on HTTP, or, when a certificate is configured, on HTTPS with HTTP redirected to it;
 * its target group probes the health-check path.
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
     * @param certificateArn  when present, serve HTTPS with this ACM certificate and redirect HTTP
     * @param deletionProtection whether the load balancer refuses deletion
     * @param accessLogs      the bucket that receives the load balancer's access logs
     * @param architecture    the CPU architecture the image is built for
     * @param settings        task size and count, and rollout timings
     */
    public record Props(TargetNames target, IVpc vpc, String containerName, int containerPort,
                        String healthCheckPath, String imageRepositoryArn, Optional<String> certificateArn,
                        boolean deletionProtection, IBucket accessLogs, CpuArchitecture architecture,
                        ServiceSettings settings) {
        public Props {
            Objects.requireNonNull(architecture, "architecture");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(imageRepositoryArn, "imageRepositoryArn");
            Objects.requireNonNull(certificateArn, "certificateArn");
            Objects.requireNonNull(accessLogs, "accessLogs");
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
        ServiceSettings settings = props.settings();

        Cluster cluster = Cluster.Builder.create(this, "Cluster")
                .clusterName(target.cluster())
                .vpc(props.vpc())
                .containerInsightsV2(ContainerInsights.ENABLED)
                .enableFargateCapacityProviders(settings.fargateSpot())
                .build();

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
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com").withConditions(Map.of(
                        "ArnLike", Map.of("aws:SourceArn", "arn:%s:ecs:%s:%s:*".formatted(
                                Stack.of(this).getPartition(), Stack.of(this).getRegion(), target.account())),
                        "StringEquals", Map.of("aws:SourceAccount", target.account()))))
                .build();

        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Compliance.acknowledge(logs, "NIST.800.53.R5-CloudWatchLogGroupEncrypted",
                "CloudWatch Logs encrypts all log data at rest with service-owned keys; the application"
                        + " must not log secrets, and a customer-managed key would add a monthly fee.");
        ManagedPolicy executionPolicy = ManagedPolicy.Builder.create(this, "ExecutionPolicy")
                .description("What ECS may do to start " + target.service() + "'s tasks")
                .roles(List.of(executionRole))
                .statements(List.of(
                        // The placeholder comes from a public registry; the pipeline's images come from
                        // the build account's repository, whose policy admits this role by name.
                        PolicyStatement.Builder.create()
                                .sid("PullApplicationImages")
                                .actions(List.of("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer",
                                        "ecr:BatchGetImage"))
                                .resources(List.of(props.imageRepositoryArn()))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("LogInToEcr")
                                .actions(List.of("ecr:GetAuthorizationToken"))
                                .resources(List.of("*"))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("WriteContainerLogs")
                                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                                .resources(List.of(logs.getLogGroupArn()))
                                .build()))
                .build();
        Compliance.acknowledge(executionPolicy, "AwsSolutions-IAM5[Resource::*]",
                Compliance.ECR_LOGIN_TAKES_NO_RESOURCE);

        FargateTaskDefinition taskDefinition = FargateTaskDefinition.Builder.create(this, "TaskDefinition")
                .family(target.taskFamily())
                .cpu(settings.taskCpu())
                .memoryLimitMiB(settings.taskMemoryMiB())
                .runtimePlatform(RuntimePlatform.builder()
                        .cpuArchitecture(props.architecture() == CpuArchitecture.ARM64
                                ? software.amazon.awscdk.services.ecs.CpuArchitecture.ARM64
                                : software.amazon.awscdk.services.ecs.CpuArchitecture.X86_64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .build())
                // CDK's grants would go to an inline policy; the managed one above has them all.
                .executionRole(executionRole.withoutPolicyUpdates())
                .taskRole(taskRole)
                .build();
        taskDefinition.addContainer("Container", ContainerDefinitionOptions.builder()
                .containerName(props.containerName())
                .image(ContainerImage.fromRegistry(PLACEHOLDER_IMAGE))
                .environment(Map.of(PLACEHOLDER_PORT_VARIABLE, Integer.toString(props.containerPort())))
                .portMappings(List.of(PortMapping.builder().containerPort(props.containerPort()).build()))
                .stopTimeout(Duration.seconds(settings.stopTimeoutSeconds()))
                .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(logs)
                        .streamPrefix(target.service())
                        .build()))
                .build());
        Compliance.acknowledge(taskDefinition, "AwsSolutions-ECS2",
                "The one variable is the placeholder image's listening port, not a secret;"
                        + " application secrets belong in Secrets Manager references.");

        FargateService.Builder serviceBuilder = FargateService.Builder.create(this, "Service")
                .serviceName(target.service())
                .cluster(cluster)
                .taskDefinition(taskDefinition)
                .taskDefinitionRevision(TaskDefinitionRevision.LATEST)
                .desiredCount(settings.desiredCount())
                .assignPublicIp(true)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .minHealthyPercent(settings.minHealthyPercent())
                .maxHealthyPercent(settings.maxHealthyPercent())
                .healthCheckGracePeriod(Duration.seconds(settings.healthCheckGracePeriodSeconds()))
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build());
        if (settings.fargateSpot()) {
            // Spare capacity at up to 70% off; a task can be reclaimed at two minutes' notice,
            // so this is for targets where that is acceptable (not production).
            serviceBuilder.capacityProviderStrategies(List.of(CapacityProviderStrategy.builder()
                    .capacityProvider("FARGATE_SPOT")
                    .weight(1)
                    .build()));
        }
        service = serviceBuilder.build();
        // Tasks must not start before their execution role can pull and log.
        service.getNode().addDependency(executionPolicy);

        loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(props.vpc())
                .internetFacing(true)
                .deletionProtection(props.deletionProtection())
                // Requests with malformed headers are dropped rather than passed to the application.
                .dropInvalidHeaderFields(true)
                .build();
        loadBalancer.logAccessLogs(props.accessLogs(), "alb/" + target.cluster());
        Compliance.acknowledge(loadBalancer, "NIST.800.53.R5-ALBWAFEnabled",
                "A web ACL is an organization-wide control with its own monthly fee; attach one through"
                        + " AWS Firewall Manager where policy requires it.");
        if (!props.deletionProtection()) {
            Compliance.acknowledge(loadBalancer, "NIST.800.53.R5-ELBDeletionProtectionEnabled",
                    "loadBalancerDeletionProtection is off (the default) so that a test account can be torn"
                            + " down with cdk destroy; turn it on for long-lived environments.");
        }
        Compliance.acknowledge(loadBalancer.getConnections().getSecurityGroups().get(0),
                "AwsSolutions-EC23",
                "The load balancer is the service's public entry point; it admits the internet on its"
                        + " listener ports only, and the tasks admit only the load balancer.");

        ApplicationListener listener;
        if (props.certificateArn().isPresent()) {
            listener = loadBalancer.addListener("Https", BaseApplicationListenerProps.builder()
                    .protocol(ApplicationProtocol.HTTPS)
                    .port(443)
                    .certificates(List.of(ListenerCertificate.fromArn(props.certificateArn().get())))
                    // TLS 1.3 and 1.2 with forward-secret ciphers only.
                    .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                    .open(true)
                    .build());
            var redirect = loadBalancer.addRedirect(ApplicationLoadBalancerRedirectConfig.builder()
                    .sourceProtocol(ApplicationProtocol.HTTP).sourcePort(80)
                    .targetProtocol(ApplicationProtocol.HTTPS).targetPort(443)
                    .build());
            Compliance.acknowledge(redirect, "NIST.800.53.R5-ELBv2ACMCertificateRequired",
                    "This HTTP listener only answers with a permanent redirect to HTTPS; it serves no content.");
        } else {
            listener = loadBalancer.addListener("Http", BaseApplicationListenerProps.builder()
                    .protocol(ApplicationProtocol.HTTP)
                    .port(80)
                    .open(true)
                    .build());
            String httpOnly = "No certificateArn is configured, so the load balancer serves plain HTTP;"
                    + " configure a certificate to get HTTPS with HTTP redirected to it.";
            Compliance.acknowledge(listener, "NIST.800.53.R5-ALBHttpToHttpsRedirection", httpOnly);
            Compliance.acknowledge(listener, "NIST.800.53.R5-ELBv2ACMCertificateRequired", httpOnly);
        }
        listener.addTargets("Service", AddApplicationTargetsProps.builder()
                .protocol(ApplicationProtocol.HTTP)
                .port(props.containerPort())
                .targets(List.of(service))
                .healthCheck(HealthCheck.builder()
                        .path(props.healthCheckPath())
                        .healthyHttpCodes("200")
                        .interval(Duration.seconds(settings.healthCheckIntervalSeconds()))
                        .timeout(Duration.seconds(settings.healthCheckTimeoutSeconds()))
                        .healthyThresholdCount(settings.healthyThreshold())
                        .unhealthyThresholdCount(settings.unhealthyThreshold())
                        .build())
                .deregistrationDelay(Duration.seconds(settings.deregistrationDelaySeconds()))
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
