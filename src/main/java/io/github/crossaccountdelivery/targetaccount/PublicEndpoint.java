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
 * <p>Exposes {@link #loadBalancer()}, {@link #targetGroup()} and {@link #url()}.
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
     * @param vpc                        the network the load balancer spans, in its public subnets
     * @param service                    the service whose tasks receive the traffic
     * @param port                       the port the tasks listen on
     * @param healthCheck                how the load balancer tells a healthy task
     * @param deregistrationDelaySeconds how long a stopping task keeps its open connections (AWS's default is 300)
     * @param exposure                   TLS, deletion protection and access logs
     */
    public record Props(IVpc vpc, FargateService service, int port, HealthCheck healthCheck,
                        int deregistrationDelaySeconds, Exposure exposure) {
        public Props {
            Objects.requireNonNull(vpc, "vpc");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(healthCheck, "healthCheck");
            Objects.requireNonNull(exposure, "exposure");
        }
    }

    private final ApplicationLoadBalancer loadBalancer;
    private final ApplicationTargetGroup targetGroup;
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

        ApplicationListener listener = exposure.certificateArn().isPresent()
                ? httpsWithRedirect(exposure.certificateArn().get())
                : plainHttp();
        url = (exposure.certificateArn().isPresent() ? "https://" : "http://") + loadBalancer.getLoadBalancerDnsName();
        targetGroup = listener.addTargets("Service", AddApplicationTargetsProps.builder()
                .protocol(ApplicationProtocol.HTTP)
                .port(props.port())
                .targets(List.of(props.service()))
                .healthCheck(software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck.builder()
                        .path(check.path())
                        .healthyHttpCodes("200")
                        .interval(Duration.seconds(check.intervalSeconds()))
                        .timeout(Duration.seconds(check.timeoutSeconds()))
                        .healthyThresholdCount(check.healthyThreshold())
                        .unhealthyThresholdCount(check.unhealthyThreshold())
                        .build())
                .deregistrationDelay(Duration.seconds(props.deregistrationDelaySeconds()))
                .build());
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

    public ApplicationTargetGroup targetGroup() {
        return targetGroup;
    }

    /** The service's address: {@code http://} or {@code https://} and the load balancer's DNS name. */
    public String url() {
        return url;
    }
}
