package io.github.crossaccountdelivery.targetaccount;

import java.util.List;
import java.util.Objects;
import io.github.crossaccountdelivery.common.Compliance;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The target account's network: a VPC with one public subnet in each configured
 * availability zone, and no NAT gateway.
 *
 * <p>The zones come from configuration rather than a lookup, so synthesis needs no AWS
 * credentials. Tasks get public addresses and pull images directly; their security group
 * admits only the load balancer, so nothing else reaches them.
 *
 * <p>Flow logs of all traffic go to the given log bucket.
 *
 * <p>Exposes {@link #vpc()}.
 */
public final class ServiceNetwork extends Construct {

    /**
     * @param availabilityZones at least two zones: a load balancer needs two
     * @param flowLogs          the bucket that receives the VPC's flow logs
     */
    public record Props(List<String> availabilityZones, IBucket flowLogs) {
        public Props {
            availabilityZones = List.copyOf(availabilityZones);
            Objects.requireNonNull(flowLogs, "flowLogs");
        }
    }

    private final Vpc vpc;

    public ServiceNetwork(Construct scope, String id, Props props) {
        super(scope, id);
        vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr("10.0.0.0/16"))
                .availabilityZones(props.availabilityZones())
                // A NAT gateway costs about 33 USD a month per zone before any traffic; tasks
                // in public subnets reach ECR and CloudWatch directly instead.
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("Public")
                        .subnetType(SubnetType.PUBLIC)
                        .cidrMask(24)
                        // Tasks ask for a public address themselves; nothing else should get one.
                        .mapPublicIpOnLaunch(false)
                        .build()))
                .build();
        vpc.addFlowLog("FlowLogs", FlowLogOptions.builder()
                .destination(FlowLogDestination.toS3(props.flowLogs(), "vpc-flow-logs/"))
                .trafficType(FlowLogTrafficType.ALL)
                .build());
        for (var subnet : vpc.getPublicSubnets()) {
            Compliance.acknowledge(subnet.getNode().getDefaultChild(), "CloudFormation-Validate::W3010",
                    "The zones are configuration, not a lookup, so synthesis needs no credentials;"
                            + " the configuration is checked to name zones of the configured region.");
            Compliance.acknowledge(subnet.getNode().findChild("DefaultRoute"),
                    "NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW",
                    "The internet-facing load balancer and the tasks (which pull images without a NAT"
                            + " gateway) need this route; the tasks' security group admits only the load balancer.");
        }
    }

    public Vpc vpc() {
        return vpc;
    }
}
