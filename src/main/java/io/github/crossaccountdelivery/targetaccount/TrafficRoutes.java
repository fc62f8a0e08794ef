package io.github.crossaccountdelivery.targetaccount;

import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationActionProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListenerRule;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.elasticloadbalancingv2.WeightedTargetGroup;
import software.constructs.Construct;

/**
 * The routes ECS moves a traffic-shifting target's traffic along (blue/green, canary, linear), as
 * AWS's blue/green template has them.
 *
 * <p>Creates a primary and an alternate target group with the same health check, a production
 * listener rule for every request and, before it, a test listener rule for requests that carry
 * the test route's header, each forwarding to both groups with weights 1 and 0, which ECS
 * rewrites during a deployment; and the listener's default action, forwarding the same way.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/migrate-codedeploy-to-ecs-bluegreen-cloudformation-template.html
 *
 * <p>Exposes {@link #routes()}.
 */
public final class TrafficRoutes extends Construct {

    /**
     * The routes ECS moves traffic along in a traffic-shifting target.
     *
     * @param primary    the group the service is registered with
     * @param alternate  the group the new revision starts in
     * @param production the rule every production request follows
     * @param test       the rule requests with the test route's header follow
     */
    public record Routes(ApplicationTargetGroup primary, ApplicationTargetGroup alternate,
                         ApplicationListenerRule production, ApplicationListenerRule test) {
    }

    /**
     * @param vpc                        the network of the target groups
     * @param listener                   the listener the rules belong to
     * @param port                       the port the tasks listen on
     * @param healthCheck                how both groups tell a healthy task
     * @param deregistrationDelaySeconds how long a stopping task keeps its open connections
     * @param testRoute                  what admits a request to the test route
     */
    public record Props(IVpc vpc, ApplicationListener listener, int port, HealthCheck healthCheck,
                        int deregistrationDelaySeconds, PublicEndpoint.TestRoute testRoute) {
        public Props {
            Objects.requireNonNull(vpc, "vpc");
            Objects.requireNonNull(listener, "listener");
            Objects.requireNonNull(healthCheck, "healthCheck");
            Objects.requireNonNull(testRoute, "testRoute");
        }
    }

    /** The production rule's priority; the test rule comes first. */
    static final int PRODUCTION_PRIORITY = 2;
    static final int TEST_PRIORITY = 1;

    private final Routes routes;

    public TrafficRoutes(Construct scope, String id, Props props) {
        super(scope, id);
        ApplicationListener listener = props.listener();
        PublicEndpoint.TestRoute testRoute = props.testRoute();
        ApplicationTargetGroup primary = targetGroup("Primary", props);
        ApplicationTargetGroup alternate = targetGroup("Alternate", props);
        // Weights 1 and 0: all traffic to the primary until ECS shifts it. The default action matches
        // the production rule, so that nothing reaches a group ECS has emptied.
        listener.addAction("Forward", AddApplicationActionProps.builder().action(bothGroups(primary, alternate)).build());
        ApplicationListenerRule production = ApplicationListenerRule.Builder.create(this, "ProductionRoute")
                .listener(listener)
                .priority(PRODUCTION_PRIORITY)
                .conditions(List.of(ListenerCondition.pathPatterns(List.of("/*"))))
                .action(bothGroups(primary, alternate))
                .build();
        ApplicationListenerRule test = ApplicationListenerRule.Builder.create(this, "TestRoute")
                .listener(listener)
                .priority(TEST_PRIORITY)
                .conditions(List.of(ListenerCondition.httpHeader(testRoute.headerName(),
                        List.of(testRoute.headerValue()))))
                .action(bothGroups(primary, alternate))
                .build();
        routes = new Routes(primary, alternate, production, test);
    }

    private ApplicationTargetGroup targetGroup(String id, Props props) {
        return ApplicationTargetGroup.Builder.create(this, id)
                .vpc(props.vpc())
                .targetType(TargetType.IP)
                .protocol(ApplicationProtocol.HTTP)
                .port(props.port())
                .healthCheck(props.healthCheck().forTargetGroup())
                .deregistrationDelay(Duration.seconds(props.deregistrationDelaySeconds()))
                .build();
    }

    private static ListenerAction bothGroups(ApplicationTargetGroup primary, ApplicationTargetGroup alternate) {
        return ListenerAction.weightedForward(List.of(
                WeightedTargetGroup.builder().targetGroup(primary).weight(1).build(),
                WeightedTargetGroup.builder().targetGroup(alternate).weight(0).build()));
    }

    /** The routes, for {@link TrafficShifting} to name to ECS. */
    public Routes routes() {
        return routes;
    }
}
