package io.github.crossaccountdelivery.targetaccount;

import static io.github.crossaccountdelivery.config.TargetSettings.ALARM_5XX_THRESHOLD;
import static io.github.crossaccountdelivery.config.TargetSettings.ALARM_EVALUATION_MINUTES;
import static io.github.crossaccountdelivery.config.TargetSettings.ALARM_UNHEALTHY_HOSTS_THRESHOLD;
import static io.github.crossaccountdelivery.config.Settings.AVAILABILITY_ZONES;
import static io.github.crossaccountdelivery.config.Settings.CERTIFICATE_ARN;
import static io.github.crossaccountdelivery.config.Settings.CONTAINER_NAME;
import static io.github.crossaccountdelivery.config.Settings.CONTAINER_PORT;
import static io.github.crossaccountdelivery.config.Settings.CONTAINER_USER;
import static io.github.crossaccountdelivery.config.Settings.CPU_ARCHITECTURE;
import static io.github.crossaccountdelivery.config.TargetSettings.DEREGISTRATION_DELAY_SECONDS;
import static io.github.crossaccountdelivery.config.TargetSettings.DESIRED_COUNT;
import static io.github.crossaccountdelivery.config.Settings.DOMAIN_NAME;
import static io.github.crossaccountdelivery.config.TargetSettings.FARGATE_SPOT;
import static io.github.crossaccountdelivery.config.TargetSettings.HEALTHY_THRESHOLD;
import static io.github.crossaccountdelivery.config.TargetSettings.HEALTH_CHECK_GRACE_PERIOD_SECONDS;
import static io.github.crossaccountdelivery.config.TargetSettings.HEALTH_CHECK_INTERVAL_SECONDS;
import static io.github.crossaccountdelivery.config.Settings.HEALTH_CHECK_PATH;
import static io.github.crossaccountdelivery.config.TargetSettings.HEALTH_CHECK_TIMEOUT_SECONDS;
import static io.github.crossaccountdelivery.config.Settings.LOAD_BALANCER_DELETION_PROTECTION;
import static io.github.crossaccountdelivery.config.Settings.LOG_RETENTION_DAYS;
import static io.github.crossaccountdelivery.config.TargetSettings.MAX_HEALTHY_PERCENT;
import static io.github.crossaccountdelivery.config.TargetSettings.MIN_HEALTHY_PERCENT;
import static io.github.crossaccountdelivery.config.Settings.READONLY_ROOT_FILESYSTEM;
import static io.github.crossaccountdelivery.config.TargetSettings.STOP_TIMEOUT_SECONDS;
import static io.github.crossaccountdelivery.config.TargetSettings.TASK_CPU;
import static io.github.crossaccountdelivery.config.TargetSettings.TASK_MEMORY_MIB;
import static io.github.crossaccountdelivery.config.TargetSettings.UNHEALTHY_THRESHOLD;

import io.github.crossaccountdelivery.common.LogBucket;
import io.github.crossaccountdelivery.common.LogGroups;
import io.github.crossaccountdelivery.common.RolloutTime;
import io.github.crossaccountdelivery.common.Stateful;
import io.github.crossaccountdelivery.common.TrafficShift;
import io.github.crossaccountdelivery.config.DeliveryConfig;
import io.github.crossaccountdelivery.config.TargetConfig;
import io.github.crossaccountdelivery.naming.AppNames;
import io.github.crossaccountdelivery.naming.TargetNames;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jetbrains.annotations.NotNull;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * A deployment target's stack, and the composition root of its account: it reads the target's
 * configuration and gives each construct the props for its job. It holds the deployment role the
 * pipeline assumes, the network, the service and its public endpoint, the alarms that roll a bad
 * deployment back, what the pipeline's verification reads, the key for the account's log groups,
 * and the bucket that keeps access and flow logs. A target whose deployments shift traffic
 * (blue/green, canary, linear) also holds its test route's secret, its release check and what
 * lets ECS move its traffic.
 */
public final class TargetStack extends Stack {

    /**
     * @param config the validated configuration
     * @param target this target's settings
     */
    public record Props(DeliveryConfig config, TargetConfig target) {
        public Props {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(target, "target");
        }
    }

    private final List<String> availabilityZones;
    private final DeploymentRole deploymentRole;
    private final WebService web;
    private final PublicEndpoint endpoint;
    private final Verification verification;
    private final Optional<ReleaseCheck> releaseCheck;

    /** The release check's log group keeps this logical ID; see Stateful. */
    static final String RELEASE_CHECK_LOGS = "ReleaseCheckLogs";

    public TargetStack(Construct scope, String id, StackProps stackProps, Props props) {
        super(scope, id, stackProps);
        DeliveryConfig config = props.config();
        TargetConfig target = props.target();
        AppNames app = config.names();
        TargetNames names = target.names(app);
        availabilityZones = target.get(AVAILABILITY_ZONES);

        deploymentRole = new DeploymentRole(this, "Deployment", new DeploymentRole.Props(names));
        var logs = new LogBucket(this, "Logs");
        var network = new ServiceNetwork(this, "Network", new ServiceNetwork.Props(availabilityZones, logs.bucket()));
        var logKey = new LogKey(this, "LogKey", new LogKey.Props(names));
        var logGroups = new LogGroups(logKey.key(), config.get(LOG_RETENTION_DAYS));

        String user = config.get(CONTAINER_USER);
        var container = new ContainerSpec(config.get(CONTAINER_NAME), config.get(CONTAINER_PORT),
                user.equals("image") ? Optional.empty() : Optional.of(user), config.get(READONLY_ROOT_FILESYSTEM));
        TrafficShift shift = target.trafficShift();
        web = new WebService(this, "Web", new WebService.Props(names, network.vpc(), container,
                new ImageOrigin(app.imageRepositoryArn(), config.get(CPU_ARCHITECTURE)),
                new TaskSize(target.get(TASK_CPU), target.get(TASK_MEMORY_MIB)),
                target.get(DESIRED_COUNT), target.get(FARGATE_SPOT),
                new Rollout(target.get(MIN_HEALTHY_PERCENT), target.get(MAX_HEALTHY_PERCENT),
                        target.get(HEALTH_CHECK_GRACE_PERIOD_SECONDS), target.get(STOP_TIMEOUT_SECONDS)),
                logGroups, shift));
        // A traffic-shifting target's test route admits only requests that carry this secret.
        Optional<TestRouteSecret> testRouteSecret = shift.strategy().shiftsTraffic()
                ? Optional.of(new TestRouteSecret(this, "TestRouteSecret", new TestRouteSecret.Props(names)))
                : Optional.empty();
        endpoint = new PublicEndpoint(this, "Endpoint", new PublicEndpoint.Props(network.vpc(), web.service(),
                container.port(),
                new HealthCheck(config.get(HEALTH_CHECK_PATH), target.get(HEALTH_CHECK_INTERVAL_SECONDS),
                        target.get(HEALTH_CHECK_TIMEOUT_SECONDS), target.get(HEALTHY_THRESHOLD),
                        target.get(UNHEALTHY_THRESHOLD)),
                target.get(DEREGISTRATION_DELAY_SECONDS),
                new PublicEndpoint.Exposure(target.find(CERTIFICATE_ARN), target.get(LOAD_BALANCER_DELETION_PROTECTION),
                        logs.bucket(), names.accessLogPrefix()),
                testRouteSecret.map(secret -> new PublicEndpoint.TestRoute(TestRouteSecret.HEADER, secret.headerValue()))));
        var alarms = new RollbackAlarms(this, "RollbackAlarms", new RollbackAlarms.Props(names, endpoint.targetGroups(),
                new RollbackThresholds(target.get(ALARM_5XX_THRESHOLD), target.get(ALARM_UNHEALTHY_HOSTS_THRESHOLD),
                        target.get(ALARM_EVALUATION_MINUTES))));
        // ECS is told the alarms' names; they should exist before it watches them.
        web.service().getNode().addDependency(alarms);
        releaseCheck = testRouteSecret.map(secret -> shiftTraffic(names, container, secret,
                endpoint.url() + config.get(HEALTH_CHECK_PATH), target.find(DOMAIN_NAME), logGroups));
        verification = new Verification(this, "Verification",
                new Verification.Props(names, endpoint.url(), logGroups));

        // With a certificate, clients use the name it is for, pointed at the load balancer by a DNS
        // record the user keeps (it is not in this stack: the zone may live in any account).
        target.find(DOMAIN_NAME).ifPresentOrElse(domain -> {
            CfnOutput.Builder.create(this, "ServiceUrl").description("Where the service answers")
                    .value("https://" + domain).build();
            CfnOutput.Builder.create(this, "LoadBalancerDnsName")
                    .description("Where a DNS record for " + domain + " should point")
                    .value(endpoint.loadBalancer().getLoadBalancerDnsName()).build();
        }, () -> CfnOutput.Builder.create(this, "ServiceUrl").description("Where the service answers")
                .value(endpoint.url()).build());

        // These log groups keep the logical IDs they were first synthesized with; see Stateful.
        Stateful.keep(web.task().logGroup(), "WebLogsD9759FC4");
        Stateful.keep(web.currentImage().logGroup(), "WebCurrentImageLogs4FFA813C");
        Stateful.keep(verification.logGroup(), "VerificationLogs5DB72A42");
        releaseCheck.ifPresent(check -> Stateful.keep(check.logGroup(), RELEASE_CHECK_LOGS));
        // Roles with fixed names: a new logical ID would make CloudFormation create a second role
        // of the same name, which fails, so they keep the IDs of their first release.
        Stateful.keep(web.task().executionRole(), "WebExecutionRole4D80947A");
        Stateful.keep(web.task().taskRole(), "WebTaskRoleA0C52095");
    }

    /**
     * The release check and what lets ECS move a traffic-shifting service's traffic; the service is
     * created after both, since its first deployment calls the check.
     */
    private ReleaseCheck shiftTraffic(TargetNames names, ContainerSpec container, TestRouteSecret secret,
                                      String testUrl, Optional<String> domain, LogGroups logGroups) {
        var check = new ReleaseCheck(this, "ReleaseCheck", new ReleaseCheck.Props(names, testUrl, domain,
                TestRouteSecret.HEADER, secret.secret(), RolloutTime.RELEASE_CHECK_SECONDS, logGroups));
        new TrafficShifting(this, "TrafficShifting", new TrafficShifting.Props(names, web.service(), container,
                endpoint.listener(), endpoint.routes().orElseThrow(), check.hook()));
        web.service().getNode().addDependency(check);
        return check;
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

    /** The release check of a traffic-shifting target; empty for a rolling one. */
    public Optional<ReleaseCheck> releaseCheck() {
        return releaseCheck;
    }
}
