package io.github.crossaccountdelivery.target;

import java.util.List;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

/**
 * The target account's network: a VPC with one public subnet in each configured
 * availability zone, and no NAT gateway.
 *
 * <p>The zones come from configuration rather than a lookup, so synthesis needs no AWS
 * credentials. Tasks get public addresses and pull images directly; their security group
 * admits only the load balancer, so nothing else reaches them.
 *
 * <p>Exposes {@link #vpc()}.
 */
public final class ServiceNetwork extends Construct {

    /** @param availabilityZones at least two zones: a load balancer needs two */
    public record Props(List<String> availabilityZones) {
        public Props {
            availabilityZones = List.copyOf(availabilityZones);
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
                        .build()))
                .build();
        Validations.of(vpc).acknowledge(Acknowledgment.builder()
                .id("CloudFormation-Validate::W3010")
                .reason("The zones are configuration, not a lookup, so synthesis works without credentials;"
                        + " the config validates that they belong to the configured region.")
                .build());
    }

    public Vpc vpc() {
        return vpc;
    }
}
