package io.github.crossaccountdelivery.targetaccount;

import io.github.crossaccountdelivery.common.Compliance;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancerRedirectConfig;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * Where the service answers: an internet-facing Application Load Balancer in front of it.
 *
 * <p>Creates the load balancer (drops invalid header fields, writes access logs to the given
 * bucket, deletion protection as configured), its listener (HTTP on 80, or, with a
 * certificate, HTTPS on 443 with a current TLS policy and HTTP redirected to it) and the target
 * group that registers the service's tasks and probes the health-check path with the
 * configured timings. The load balancer's security group admits the internet on the listener
 * ports only; the tasks admit only the load balancer.
 *
 * <p>With a {@link TestRoute} (a target whose deployments shift traffic: blue/green, canary,
 * linear) it creates {@link TrafficRoutes} instead of the one target group, and does not register
 * the service: {@link TrafficShifting} registers it with the primary group and names the
 * alternate and the rules to ECS.
 *
 * <p>Exposes {@link #loadBalancer()}, {@link #listener()}, {@link #targetGroup()},
 * {@link #targetGroups()}, {@link #routes()} and {@link #url()}.
 */
public final class PublicEndpoint extends Construct {

    /**
     * How the endpoint is exposed.
     *
     * @param certificateArn     when present, serve HTTPS with this ACM certificate and redirect HTTP
     * @param deletionProtection whether the load balancer refuses deletion
     * @param accessLogs         the bucket that receives the load balancer's access logs
     * @param accessLogPrefix    where in that bucket
     */
    public record Exposure(Optional<String> certificateArn, boolean deletionProtection, IBucket accessLogs,
                           String accessLogPrefix) {
        public Exposure {
            Objects.requireNonNull(certificateArn, "certificateArn");
            Objects.requireNonNull(accessLogs, "accessLogs");
            Objects.requireNonNull(accessLogPrefix, "accessLogPrefix");
        }
    }

    /**
     * What admits a request to the test route of a traffic-shifting target.
     *
     * @param headerName  the header the test listener rule matches
     * @param headerValue its value, as a resource property takes it ({@link TestRouteSecret#headerValue()})
     */
    public record TestRoute(String headerName, String headerValue) {
        public TestRoute {
            Objects.requireNonNull(headerName, "headerName");
            Objects.requireNonNull(headerValue, "headerValue");
        }
    }

    /**
     * @param vpc                        the network the load balancer spans, in its public subnets
     * @param service                    the service whose tasks receive the traffic; registered here
     *                                   without a test route, by {@link TrafficShifting} with one
     * @param port                       the port the tasks listen on
     * @param healthCheck                how the load balancer tells a healthy task
     * @param deregistrationDelaySeconds how long a stopping task keeps its open connections (AWS's default is 300)
     * @param exposure                   TLS, deletion protection and access logs
     * @param testRoute                  for a target whose deployments shift traffic, what admits a
     *                                   request to the test route; empty (a rolling target) for one
     *                                   target group that the service is registered with here
     */
    public record Props(IVpc vpc, FargateService service, int port, HealthCheck healthCheck,
                        int deregistrationDelaySeconds, Exposure exposure, Optional<TestRoute> testRoute) {
        public Props {
            Objects.requireNonNull(vpc, "vpc");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(healthCheck, "healthCheck");
            Objects.requireNonNull(exposure, "exposure");
            Objects.requireNonNull(testRoute, "testRoute");
        }
    }

    private final ApplicationLoadBalancer loadBalancer;
    private final ApplicationListener listener;
    private final ApplicationTargetGroup targetGroup;
    private final Optional<TrafficRoutes.Routes> routes;
    private final String url;

    public PublicEndpoint(Construct scope, String id, Props props) {
        super(scope, id);
        Exposure exposure = props.exposure();
        HealthCheck check = props.healthCheck();
        loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(props.vpc())
                .internetFacing(true)
                .deletionProtection(exposure.deletionProtection())
                // Requests with malformed headers are dropped rather than passed to the application.
                .dropInvalidHeaderFields(true)
                .build();
        loadBalancer.logAccessLogs(exposure.accessLogs(), exposure.accessLogPrefix());
        Compliance.acknowledge(loadBalancer, "NIST.800.53.R5-ALBWAFEnabled",
                "A web ACL is an organization-wide control with its own monthly fee; attach one through"
                        + " AWS Firewall Manager where policy requires it.");
        if (!exposure.deletionProtection()) {
            Compliance.acknowledge(loadBalancer, "NIST.800.53.R5-ELBDeletionProtectionEnabled",
                    "loadBalancerDeletionProtection is off (the default) so that a test account can be torn"
                            + " down with cdk destroy; turn it on for long-lived environments.");
        }
        Compliance.acknowledge(loadBalancer.getConnections().getSecurityGroups().get(0),
                "AwsSolutions-EC23",
                "The load balancer is the service's public entry point; it admits the internet on its"
                        + " listener ports only, and the tasks admit only the load balancer.");

        listener = exposure.certificateArn().isPresent()
                ? httpsWithRedirect(exposure.certificateArn().get())
                : plainHttp();
        url = (exposure.certificateArn().isPresent() ? "https://" : "http://") + loadBalancer.getLoadBalancerDnsName();
        if (props.testRoute().isEmpty()) {
            routes = Optional.empty();
            targetGroup = listener.addTargets("Service", AddApplicationTargetsProps.builder()
                    .protocol(ApplicationProtocol.HTTP)
                    .port(props.port())
                    .targets(List.of(props.service()))
                    .healthCheck(check.forTargetGroup())
                    .deregistrationDelay(Duration.seconds(props.deregistrationDelaySeconds()))
                    .build());
        } else {
            routes = Optional.of(new TrafficRoutes(this, "Routes", new TrafficRoutes.Props(props.vpc(), listener,
                    props.port(), check, props.deregistrationDelaySeconds(), props.testRoute().get())).routes());
            targetGroup = routes.get().primary();
        }
    }

    private ApplicationListener httpsWithRedirect(String certificateArn) {
        ApplicationListener https = loadBalancer.addListener("Https", BaseApplicationListenerProps.builder()
                .protocol(ApplicationProtocol.HTTPS)
                .port(443)
                .certificates(List.of(ListenerCertificate.fromArn(certificateArn)))
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
        return https;
    }

    private ApplicationListener plainHttp() {
        ApplicationListener http = loadBalancer.addListener("Http", BaseApplicationListenerProps.builder()
                .protocol(ApplicationProtocol.HTTP)
                .port(80)
                .open(true)
                .build());
        String httpOnly = "No certificateArn is configured, so the load balancer serves plain HTTP;"
                + " configure a certificate to get HTTPS with HTTP redirected to it.";
        Compliance.acknowledge(http, "NIST.800.53.R5-ALBHttpToHttpsRedirection", httpOnly);
        Compliance.acknowledge(http, "NIST.800.53.R5-ELBv2ACMCertificateRequired", httpOnly);
        return http;
    }

    public ApplicationLoadBalancer loadBalancer() {
        return loadBalancer;
    }

    /** The listener that serves the service: HTTPS on 443 with a certificate, HTTP on 80 otherwise. */
    public ApplicationListener listener() {
        return listener;
    }

    /** The target group the service is registered with: the only one, or the primary of two. */
    public ApplicationTargetGroup targetGroup() {
        return targetGroup;
    }

    /** Every target group the service's tasks serve from: one, or the primary and the alternate. */
    public List<ApplicationTargetGroup> targetGroups() {
        return routes.map(r -> List.of(r.primary(), r.alternate())).orElse(List.of(targetGroup));
    }

    /** The routes ECS moves traffic along; empty without a test route. */
    public Optional<TrafficRoutes.Routes> routes() {
        return routes;
    }

    /** The service's address: {@code http://} or {@code https://} and the load balancer's DNS name. */
    public String url() {
        return url;
    }
}
