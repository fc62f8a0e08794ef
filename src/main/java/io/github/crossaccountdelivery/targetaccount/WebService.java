package io.github.crossaccountdelivery.targetaccount;

import io.github.crossaccountdelivery.common.LogGroups;
import io.github.crossaccountdelivery.common.TrafficShift;
import io.github.crossaccountdelivery.naming.TargetNames;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecs.AlarmBehavior;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.DeploymentAlarmConfig;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.DeploymentStrategy;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.TrafficShiftConfig;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The application running as an ECS service on Fargate in the target account.
 *
 * <p>Creates the cluster (Container Insights on, Fargate Spot capacity when configured), the
 * {@link ServiceTask} its tasks run, and the service under its fixed name (the deployment role
 * and the pipeline's deploy action name it), in the network's public subnets with public
 * addresses and no NAT gateway. A rollout replaces tasks one at a time by default; the
 * deployment circuit breaker and the {@link RollbackAlarms} roll a failed rollout back. With a
 * traffic-shifting strategy (blue/green, canary, linear), the service tells ECS the strategy, its
 * bake time and its steps; registering it with its two target groups, and the release check ECS
 * calls before production traffic moves, are {@link TrafficShifting}'s job.
 *
 * <p>The task definition's image is {@link CurrentImage}'s: a later {@code cdk deploy} that changes
 * the task definition or the service rolls that change out with the image the service runs now,
 * never the placeholder, and the pipeline's next deploy carries the change forward (the ECS
 * deploy action copies the service's current revision).
 *
 * <p>Exposes {@link #service()}, {@link #task()} and {@link #currentImage()}. Reaching it from outside is
 * {@link PublicEndpoint}'s job.
 */
public final class WebService extends Construct {

    /**
     * @param target       this target's names: the cluster's, the service's, its roles' and its alarms'
     * @param vpc          the network to run in, in its public subnets
     * @param container    the application's container
     * @param origin       the repository the pipeline deploys images from, and their architecture
     * @param size         CPU and memory of each task
     * @param desiredCount how many tasks run
     * @param fargateSpot  whether the tasks run on Fargate Spot (X86_64 only; they can be interrupted)
     * @param rollout      how tasks are replaced
     * @param logs         how this account's log groups are made
     * @param shift        how production traffic moves to a new revision; {@link TrafficShift#rolling()}
     *                     (ECS's default, which the template then leaves unsaid) for none
     */
    public record Props(TargetNames target, IVpc vpc, ContainerSpec container, ImageOrigin origin, TaskSize size,
                        int desiredCount, boolean fargateSpot, Rollout rollout, LogGroups logs, TrafficShift shift) {
        public Props {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(vpc, "vpc");
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(size, "size");
            Objects.requireNonNull(rollout, "rollout");
            Objects.requireNonNull(logs, "logs");
            Objects.requireNonNull(shift, "shift");
            if (desiredCount < 1) {
                throw new IllegalArgumentException("desiredCount " + desiredCount);
            }
        }
    }

    private final CurrentImage image;
    private final ServiceTask task;
    private final FargateService service;

    public WebService(Construct scope, String id, Props props) {
        super(scope, id);
        TargetNames target = props.target();
        Rollout rollout = props.rollout();

        Cluster cluster = Cluster.Builder.create(this, "Cluster")
                .clusterName(target.cluster())
                .vpc(props.vpc())
                .containerInsightsV2(ContainerInsights.ENABLED)
                .enableFargateCapacityProviders(props.fargateSpot())
                .build();

        image = new CurrentImage(this, "CurrentImage", new CurrentImage.Props(target,
                props.container().name(), this::changesThatRereadTheImage, props.logs()));
        task = new ServiceTask(this, "Task", new ServiceTask.Props(target, props.container(),
                ContainerImage.fromRegistry(image.image()), props.origin(), props.size(), rollout.stopTimeoutSeconds(),
                props.logs()));

        FargateService.Builder serviceBuilder = FargateService.Builder.create(this, "Service")
                .serviceName(target.service())
                .cluster(cluster)
                // The revision this stack registers (a Ref), not the family: CloudFormation then moves
                // the service whenever the task definition changes, with the image CurrentImage read.
                .taskDefinition(task.taskDefinition())
                .desiredCount(props.desiredCount())
                .assignPublicIp(true)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .minHealthyPercent(rollout.minHealthyPercent())
                .maxHealthyPercent(rollout.maxHealthyPercent())
                .healthCheckGracePeriod(Duration.seconds(rollout.gracePeriodSeconds()))
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                // Next to the circuit breaker, which catches tasks that never get healthy: alarms on
                // the target group catch tasks that get healthy and then fail requests. By name, so
                // the service does not depend on the alarms' metrics (RollbackAlarms creates them).
                .deploymentAlarms(DeploymentAlarmConfig.builder()
                        .alarmNames(target.rollbackAlarms())
                        .behavior(AlarmBehavior.ROLLBACK_ON_ALARM)
                        .build());
        if (props.fargateSpot()) {
            // Spare capacity at up to 70% off; a task can be reclaimed at two minutes' notice,
            // so this is for targets where that is acceptable (not production).
            serviceBuilder.capacityProviderStrategies(List.of(CapacityProviderStrategy.builder()
                    .capacityProvider("FARGATE_SPOT")
                    .weight(1)
                    .build()));
        }
        withStrategy(serviceBuilder, props.shift());
        service = serviceBuilder.build();
        // Tasks must not start before their execution role can pull and log.
        service.getNode().addDependency(task.executionPolicy());
    }

    /**
     * The strategy, its bake time and its steps, for a deployment that shifts traffic; nothing for a
     * rolling one, whose template stays as it was. ECS requires the bake time with BLUE_GREEN, so it
     * is always written. The circuit breaker and the deployment alarms stay on: AWS's own blue/green
     * template keeps both.
     * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
     * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/migrate-codedeploy-to-ecs-bluegreen-cloudformation-template.html
     */
    private static void withStrategy(FargateService.Builder builder, TrafficShift shift) {
        if (!shift.strategy().shiftsTraffic()) {
            return;
        }
        builder.bakeTime(Duration.minutes(shift.bakeMinutes()));
        TrafficShiftConfig steps = TrafficShiftConfig.builder()
                .stepPercent(shift.stepPercent())
                .stepBakeTime(Duration.minutes(shift.stepBakeMinutes()))
                .build();
        switch (shift.strategy()) {
            case BLUE_GREEN -> builder.deploymentStrategy(DeploymentStrategy.BLUE_GREEN);
            case CANARY -> builder.deploymentStrategy(DeploymentStrategy.CANARY).canaryConfiguration(steps);
            case LINEAR -> builder.deploymentStrategy(DeploymentStrategy.LINEAR).linearConfiguration(steps);
            case ROLLING -> throw new IllegalStateException("rolling shifts no traffic");
        }
    }

    /** Asked for at synthesis, when both exist: a change to either re-reads the running image. */
    private List<IConstruct> changesThatRereadTheImage() {
        return List.of(task.taskDefinition(), service);
    }

    public FargateService service() {
        return service;
    }

    public CurrentImage currentImage() {
        return image;
    }

    public ServiceTask task() {
        return task;
    }
}
