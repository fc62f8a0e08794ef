package io.github.crossaccountdelivery.targetaccount;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.BareStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.s3.Bucket;

/** The target account's network. */
class ServiceNetworkTest {

    @Test
    void publicSubnetsInTheGivenZonesNoNatGatewayAndFlowLogsOfAllTrafficToTheBucket() {
        Stack stack = BareStack.inTestAccount();
        new ServiceNetwork(stack, "Network", new ServiceNetwork.Props(List.of("eu-west-1a", "eu-west-1b"),
                new Bucket(stack, "FlowLogs")));
        Template template = Template.fromStack(stack);

        var subnets = template.findResources("AWS::EC2::Subnet").values().stream()
                .map(r -> (Map<?, ?>) r.get("Properties")).toList();
        assertThat(subnets).extracting(p -> (Object) p.get("AvailabilityZone")).containsExactlyInAnyOrder("eu-west-1a", "eu-west-1b");
        // Tasks ask for a public address themselves; nothing else gets one.
        assertThat(subnets).allSatisfy(p -> assertThat(p.get("MapPublicIpOnLaunch")).isEqualTo(false));
        template.resourceCountIs("AWS::EC2::NatGateway", 0);
        template.hasResourceProperties("AWS::EC2::FlowLog", Match.objectLike(Map.of(
                "LogDestinationType", "s3", "TrafficType", "ALL")));
    }
}
