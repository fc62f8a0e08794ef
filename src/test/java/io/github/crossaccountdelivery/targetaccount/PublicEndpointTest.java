package io.github.crossaccountdelivery.targetaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awscdk.assertions.Match.arrayWith;
import static software.amazon.awscdk.assertions.Match.objectLike;

import io.github.crossaccountdelivery.BareStack;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.s3.Bucket;

/** The load balancer in front of the service, with and without a certificate. */
class PublicEndpointTest {

    private static final String CERTIFICATE =
            "arn:aws:acm:eu-west-1:222222222222:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
    private static Template http;
    private static Template https;
    private static String httpUrl;
    private static String httpsUrl;
    private static Template shiftingHttps;
    private static PublicEndpoint shifting;

    @BeforeAll
    static void synthesize() {
        Stack plain = BareStack.inTestAccount();
        httpUrl = endpoint(plain, Optional.empty(), false).url();
        http = Template.fromStack(plain);
        Stack secure = BareStack.inTestAccount();
        httpsUrl = endpoint(secure, Optional.of(CERTIFICATE), true).url();
        https = Template.fromStack(secure);
        Stack shifted = BareStack.inTestAccount();
        shifting = endpoint(shifted, Optional.of(CERTIFICATE), false,
                Optional.of(new PublicEndpoint.TestRoute("X-Release-Check", "{{resolve:secretsmanager:test-route}}")));
        shiftingHttps = Template.fromStack(shifted);
    }

    private static PublicEndpoint endpoint(Stack stack, Optional<String> certificate, boolean deletionProtection) {
        return endpoint(stack, certificate, deletionProtection, Optional.empty());
    }

    private static PublicEndpoint endpoint(Stack stack, Optional<String> certificate, boolean deletionProtection,
                                           Optional<PublicEndpoint.TestRoute> testRoute) {
        var vpc = Vpc.Builder.create(stack, "Vpc").natGateways(0).subnetConfiguration(List.of(SubnetConfiguration
                .builder().name("Public").subnetType(SubnetType.PUBLIC).build())).build();
        var task = FargateTaskDefinition.Builder.create(stack, "Task").build();
        task.addContainer("app", ContainerDefinitionOptions.builder().image(ContainerImage.fromRegistry("app"))
                .portMappings(List.of(PortMapping.builder().containerPort(8080).build())).build());
        var service = FargateService.Builder.create(stack, "Service").taskDefinition(task)
                .cluster(Cluster.Builder.create(stack, "Cluster").vpc(vpc).build()).build();
        return new PublicEndpoint(stack, "Endpoint", new PublicEndpoint.Props(vpc, service, 8080,
                new HealthCheck("/health", 5, 4, 2, 3), 5,
                new PublicEndpoint.Exposure(certificate, deletionProtection, new Bucket(stack, "AccessLogs"),
                        "alb/orders-test"), testRoute));
    }

    @Test
    void theLoadBalancerFacesTheInternetDropsInvalidHeadersAndLogsAccess() {
        http.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer",
                objectLike(Map.of("Scheme", "internet-facing", "Type", "application")));
        hasLoadBalancerAttributes(http, Map.of(
                "access_logs.s3.enabled", "true",
                "access_logs.s3.prefix", "alb/orders-test",
                "routing.http.drop_invalid_header_fields.enabled", "true",
                "deletion_protection.enabled", "false"));
        hasLoadBalancerAttributes(https, Map.of("deletion_protection.enabled", "true"));
    }

    @Test
    void withoutACertificateTheServiceIsPlainHttp() {
        http.resourcePropertiesCountIs("AWS::ElasticLoadBalancingV2::Listener", Map.of("Protocol", "HTTPS"), 0);
        http.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", objectLike(Map.of(
                "Protocol", "HTTP", "Port", 80,
                "DefaultActions", List.of(objectLike(Map.of("Type", "forward"))))));
        assertThat(httpUrl).startsWith("http://");
    }

    @Test
    void withACertificateHttpsUsesACurrentTlsPolicyAndHttpRedirects() {
        https.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", objectLike(Map.of(
                "Protocol", "HTTPS", "Port", 443,
                "SslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06",
                "Certificates", List.of(Map.of("CertificateArn", CERTIFICATE)))));
        https.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", objectLike(Map.of(
                "Protocol", "HTTP", "Port", 80,
                "DefaultActions", List.of(objectLike(Map.of(
                        "Type", "redirect",
                        "RedirectConfig", objectLike(Map.of("Protocol", "HTTPS", "Port", "443",
                                "StatusCode", "HTTP_301"))))))));
        assertThat(httpsUrl).startsWith("https://");
    }

    @Test
    void theTargetGroupProbesTheHealthCheckPathWithTheGivenTimingsAndDrainsBriefly() {
        http.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", objectLike(Map.of(
                "HealthCheckPath", "/health",
                "Matcher", Map.of("HttpCode", "200"),
                "Port", 8080,
                "TargetType", "ip",
                "HealthCheckIntervalSeconds", 5,
                "HealthCheckTimeoutSeconds", 4,
                "HealthyThresholdCount", 2,
                "UnhealthyThresholdCount", 3,
                "TargetGroupAttributes", arrayWith(List.of(Map.of(
                        "Key", "deregistration_delay.timeout_seconds", "Value", "5"))))));
    }

    @Test
    void theServiceIsRegisteredOnItsContainerPort() {
        http.hasResourceProperties("AWS::ECS::Service", objectLike(Map.of("LoadBalancers", List.of(objectLike(Map.of(
                "ContainerName", "app", "ContainerPort", 8080))))));
    }

    @Test
    void withoutATestRouteThereIsOneGroupTheListenerForwardsToAndNoRule() {
        http.resourceCountIs("AWS::ElasticLoadBalancingV2::TargetGroup", 1);
        http.resourceCountIs("AWS::ElasticLoadBalancingV2::ListenerRule", 0);
        http.hasResourceProperties("AWS::ECS::Service", objectLike(Map.of("LoadBalancers", List.of(Map.of(
                "ContainerName", "app", "ContainerPort", 8080, "TargetGroupArn", Match.anyValue())))));
    }

    @Test
    void withATestRouteOverHttpsTheRulesBelongToTheHttpsListenerAndHttpOnlyRedirects() {
        String https443 = shiftingHttps.findResources("AWS::ElasticLoadBalancingV2::Listener", objectLike(Map.of(
                "Properties", objectLike(Map.of("Port", 443))))).keySet().iterator().next();
        shiftingHttps.resourcePropertiesCountIs("AWS::ElasticLoadBalancingV2::ListenerRule", objectLike(Map.of(
                "ListenerArn", Map.of("Ref", https443))), 2);
        shiftingHttps.hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", objectLike(Map.of(
                "Priority", 1, "Conditions", List.of(Map.of("Field", "http-header", "HttpHeaderConfig", Map.of(
                        "HttpHeaderName", "X-Release-Check",
                        "Values", List.of("{{resolve:secretsmanager:test-route}}")))))));
        shiftingHttps.resourceCountIs("AWS::ElasticLoadBalancingV2::TargetGroup", 2);
        // The service is registered by TrafficShifting, which names the alternate group to ECS.
        shiftingHttps.resourcePropertiesCountIs("AWS::ECS::Service", objectLike(Map.of("LoadBalancers", Match.anyValue())), 0);
        assertThat(shifting.targetGroups()).hasSize(2).first().isSameAs(shifting.targetGroup());
        assertThat(shifting.routes()).isPresent();
    }

    /** Each attribute is present with its value, in whatever order CDK writes them. */
    private static void hasLoadBalancerAttributes(Template template, Map<String, Object> attributes) {
        attributes.forEach((key, value) -> template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer",
                objectLike(Map.of("LoadBalancerAttributes", arrayWith(List.of(Map.of("Key", key, "Value", value)))))));
    }
}
