package io.github.crossaccountdelivery.targetaccount;

import io.github.crossaccountdelivery.common.LogBucket;
import io.github.crossaccountdelivery.common.LogGroups;
import io.github.crossaccountdelivery.config.DeliveryConfig;
import io.github.crossaccountdelivery.config.DeploymentTarget;
import io.github.crossaccountdelivery.config.ResourceNames;
import io.github.crossaccountdelivery.config.ResourceNames.TargetNames;
import java.util.List;
import java.util.Objects;
import org.jetbrains.annotations.NotNull;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * A deployment target's stack: the deployment role the pipeline assumes, the network, the
 * service it deploys to and its public endpoint, the alarms that roll a bad deployment back,
 * what the pipeline's verification reads, the key for the account's log groups, and the bucket
 * that keeps access and flow logs.
 */
public final class TargetStack extends Stack {

    /**
     * @param config the validated configuration
     * @param target this target's settings
     */
    public record Props(DeliveryConfig config, DeploymentTarget target) {
        public Props {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(target, "target");
        }
    }

    private final DeploymentRole deploymentRole;
    private final WebService web;
    private final PublicEndpoint endpoint;
    private final Verification verification;
    private final List<String> availabilityZones;

    public TargetStack(Construct scope, String id, StackProps stackProps, Props props) {
        super(scope, id, stackProps);
        DeliveryConfig config = props.config();
        DeploymentTarget target = props.target();
        availabilityZones = target.availabilityZones();
        ResourceNames names = config.names();
        TargetNames targetNames = names.target(target);

        deploymentRole = new DeploymentRole(this, "Deployment",
                new DeploymentRole.Props(names, targetNames));
        var logs = new LogBucket(this, "Logs");
        var network = new ServiceNetwork(this, "Network",
                new ServiceNetwork.Props(target.availabilityZones(), logs.bucket()));
        var logKey = new LogKey(this, "LogKey", new LogKey.Props(targetNames, names.partition(), config.region()));
        var logGroups = new LogGroups(logKey.key(), config.logRetentionDays());
        ContainerSpec container = new ContainerSpec(config.containerName(), config.containerPort(),
                config.healthCheckPath(), config.runAsUser(), config.readonlyRootFilesystem());
        web = new WebService(this, "Web", new WebService.Props(targetNames, network.vpc(), container,
                new ImageOrigin(names.imageRepositoryArn(), config.cpuArchitecture()), target.service(), logGroups));
        // In the service's scope, where the load balancer has always been, so that its logical IDs
        // (and those of its listeners and target group) stay what deployed stacks have.
        endpoint = new PublicEndpoint(web, "LoadBalancer", new PublicEndpoint.Props(targetNames, network.vpc(),
                web.service(), container,
                new PublicEndpoint.Exposure(target.certificateArn(), target.loadBalancerDeletionProtection(),
                        logs.bucket()),
                target.service()));

        var alarms = new RollbackAlarms(this, "RollbackAlarms", new RollbackAlarms.Props(
                targetNames, endpoint.targetGroup(), target.service()));
        // ECS is told the alarms' names; they should exist before it watches them.
        web.service().getNode().addDependency(alarms);
        verification = new Verification(this, "Verification", new Verification.Props(
                names, targetNames, endpoint.url(), logGroups));

        CfnOutput.Builder.create(this, "ServiceUrl")
                .description("Where the service answers")
                .value(endpoint.url())
                .build();
    }

    /**
     * The configured zones. Without this override a stack with a concrete account asks AWS for
     * its zones, and synthesis fails without credentials.
     */
    @Override
    public @NotNull List<String> getAvailabilityZones() {
        return availabilityZones;
    }

    public DeploymentRole deploymentRole() {
        return deploymentRole;
    }

    public WebService web() {
        return web;
    }

    public PublicEndpoint endpoint() {
        return endpoint;
    }

    public Verification verification() {
        return verification;
    }
}
