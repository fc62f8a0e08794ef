package io.github.crossaccountdelivery.targetaccount;

import io.github.crossaccountdelivery.common.Compliance;
import io.github.crossaccountdelivery.naming.TargetNames;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.ecs.AlternateTarget;
import software.amazon.awscdk.services.ecs.AlternateTargetProps;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.IDeploymentLifecycleHookTarget;
import software.amazon.awscdk.services.ecs.ListenerRuleConfiguration;
import software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions;
import software.amazon.awscdk.services.ecs.Protocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * What lets ECS shift a service's traffic between the two target groups of its
 * {@link PublicEndpoint}: the service registered with the primary group, with the alternate group,
 * the production rule and the test rule as its blue/green configuration, and the
 * {@link ReleaseCheck} as its {@code POST_TEST_TRAFFIC_SHIFT} hook.
 *
 * <p>Creates the ECS infrastructure role for load balancers
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/AmazonECSInfrastructureRolePolicyForLoadBalancers.html),
 * trusted by ECS as AWS's own trust policy has it, with one customer-managed policy holding the AWS
 * managed policy's actions to this service's resources: read the load balancer's listeners, rules,
 * target groups and target health (those actions take no resource), register and deregister
 * targets in the two groups, modify the two rules, and modify the one listener. The AWS managed
 * policy names every target group, rule and listener of the account.
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonECSInfrastructureRolePolicyForLoadBalancers.html
 *
 * <p>The service is created after the policy: ECS uses the role from the first deployment on.
 *
 * <p>Exposes {@link #role()} and {@link #policy()}.
 */
public final class TrafficShifting extends Construct {

    /**
     * @param target    this target's names, for descriptions
     * @param service   the service whose traffic moves
     * @param container the container and port the load balancer sends traffic to
     * @param listener  the listener the rules belong to
     * @param routes    the target groups and rules
     * @param hook      what ECS calls after the test route leads to the new revision
     */
    public record Props(TargetNames target, FargateService service, ContainerSpec container,
                        ApplicationListener listener, TrafficRoutes.Routes routes, IDeploymentLifecycleHookTarget hook) {
        public Props {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(listener, "listener");
            Objects.requireNonNull(routes, "routes");
            Objects.requireNonNull(hook, "hook");
        }
    }

    private final Role role;
    private final ManagedPolicy policy;

    public TrafficShifting(Construct scope, String id, Props props) {
        super(scope, id);
        TrafficRoutes.Routes routes = props.routes();
        role = Role.Builder.create(this, "Role")
                .description("Lets ECS move the traffic of " + props.target().service() + " between its target groups")
                .assumedBy(new ServicePrincipal("ecs.amazonaws.com"))
                .build();
        policy = ManagedPolicy.Builder.create(this, "Policy")
                .description("What ECS may do to move the traffic of " + props.target().service())
                .roles(List.of(role))
                .statements(List.of(
                        // The Describe actions of Elastic Load Balancing take no resource.
                        // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html
                        PolicyStatement.Builder.create()
                                .sid("SeeTheRoutes")
                                .actions(List.of("elasticloadbalancing:DescribeListeners",
                                        "elasticloadbalancing:DescribeRules",
                                        "elasticloadbalancing:DescribeTargetGroups",
                                        "elasticloadbalancing:DescribeTargetHealth"))
                                .resources(List.of("*"))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("RegisterTheRevisions")
                                .actions(List.of("elasticloadbalancing:RegisterTargets",
                                        "elasticloadbalancing:DeregisterTargets"))
                                .resources(List.of(routes.primary().getTargetGroupArn(),
                                        routes.alternate().getTargetGroupArn()))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("ShiftTheTraffic")
                                .actions(List.of("elasticloadbalancing:ModifyRule"))
                                .resources(List.of(routes.production().getListenerRuleArn(),
                                        routes.test().getListenerRuleArn()))
                                .build(),
                        // The managed policy grants it; ECS is given rules, but may still modify
                        // their listener. Held to this one.
                        PolicyStatement.Builder.create()
                                .sid("ModifyTheListener")
                                .actions(List.of("elasticloadbalancing:ModifyListener"))
                                .resources(List.of(props.listener().getListenerArn()))
                                .build()))
                .build();

        FargateService service = props.service();
        routes.primary().addTarget(service.loadBalancerTarget(LoadBalancerTargetOptions.builder()
                .containerName(props.container().name())
                .containerPort(props.container().port())
                .protocol(Protocol.TCP)
                .alternateTarget(new AlternateTarget("Traffic", AlternateTargetProps.builder()
                        .alternateTargetGroup(routes.alternate())
                        .productionListener(ListenerRuleConfiguration.applicationListenerRule(routes.production()))
                        .testListener(ListenerRuleConfiguration.applicationListenerRule(routes.test()))
                        .role(role)
                        .build()))
                .build()));
        service.addLifecycleHook(props.hook());
        service.getNode().addDependency(policy);

        Compliance.acknowledge(policy, "AwsSolutions-IAM5[Resource::*]",
                "The Elastic Load Balancing Describe actions take no resource; they only read. Registering targets"
                        + " and modifying rules and the listener are held to this service's own.");
    }

    /** The ECS infrastructure role for load balancers. */
    public Role role() {
        return role;
    }

    /** The one policy of {@link #role()}. */
    public ManagedPolicy policy() {
        return policy;
    }
}
