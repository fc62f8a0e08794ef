package io.github.crossaccountdelivery.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads synthesized templates and models, per stack, how long a rolling deploy takes and what
 * the stack costs a month while idle, from the resources actually in the template.
 *
 * <p>Rolling deploy: {@code L + I*H + D + S}, with L a fixed start-up allowance, I and H the
 * target group's health check interval and healthy threshold, D its deregistration delay and S
 * the container's stop timeout, each with the AWS default when the template leaves it out.
 *
 * <p>Idle cost: the hourly and monthly charges that accrue with no traffic (load balancers,
 * public IPv4 addresses, NAT gateways, interface endpoints, Fargate tasks, KMS keys, Container
 * Insights metrics, image storage), at the prices in a dated data file.
 *
 * <p>Run it on {@code cdk.out}: {@code scripts/model.sh}.
 */
public final class DeliveryModel {

    /** The start-up allowance L, in seconds. */
    public static final int STARTUP_SECONDS = 35;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode prices;

    public DeliveryModel(JsonNode prices) {
        this.prices = prices;
    }

    /** The model with the bundled us-east-1 prices. */
    public static DeliveryModel withBundledPrices() {
        try (InputStream in = DeliveryModel.class.getResourceAsStream("/prices/us-east-1.json")) {
            return new DeliveryModel(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode prices() {
        return prices;
    }

    /** A rolling deploy of one load-balanced service, and what it is made of. */
    public record Rollout(String service, int startup, int interval, int healthyThreshold,
                          int deregistrationDelay, int stopTimeout) {
        public int seconds() {
            return startup + interval * healthyThreshold + deregistrationDelay + stopTimeout;
        }
    }

    /** One line of a stack's idle cost. */
    public record Cost(String item, double usdPerMonth) {
    }

    /** The model of one stack. */
    public record StackModel(String stack, List<Rollout> rollouts, List<Cost> costs) {
        public double idleUsdPerMonth() {
            return costs.stream().mapToDouble(Cost::usdPerMonth).sum();
        }
    }

    public StackModel model(String stackName, Map<String, Object> template) {
        JsonNode resources = JSON.valueToTree(template).path("Resources");
        return new StackModel(stackName, rollouts(resources), costs(resources));
    }

    private List<Rollout> rollouts(JsonNode resources) {
        List<Rollout> rollouts = new ArrayList<>();
        for (JsonNode service : ofType(resources, "AWS::ECS::Service")) {
            JsonNode props = service.path("Properties");
            for (JsonNode lb : props.path("LoadBalancers")) {
                JsonNode group = resources.path(lb.path("TargetGroupArn").path("Ref").asText());
                JsonNode tg = group.path("Properties");
                int delay = 300;
                for (JsonNode attribute : tg.path("TargetGroupAttributes")) {
                    if (attribute.path("Key").asText().equals("deregistration_delay.timeout_seconds")) {
                        delay = attribute.path("Value").asInt();
                    }
                }
                JsonNode container = containerOf(resources, props.path("TaskDefinition"),
                        lb.path("ContainerName").asText());
                rollouts.add(new Rollout(props.path("ServiceName").asText("(unnamed)"), STARTUP_SECONDS,
                        tg.path("HealthCheckIntervalSeconds").asInt(30), tg.path("HealthyThresholdCount").asInt(5),
                        delay, container.path("StopTimeout").asInt(30)));
            }
        }
        return rollouts;
    }

    private List<Cost> costs(JsonNode resources) {
        double hours = prices.path("hoursPerMonth").asDouble();
        double ipv4 = prices.path("publicIpv4AddressPerHour").asDouble() * hours;
        List<Cost> costs = new ArrayList<>();
        for (JsonNode lb : ofType(resources, "AWS::ElasticLoadBalancingV2::LoadBalancer")) {
            JsonNode props = lb.path("Properties");
            costs.add(new Cost("Application Load Balancer", prices.path("applicationLoadBalancerPerHour").asDouble() * hours));
            if (!"internal".equals(props.path("Scheme").asText())) {
                int nodes = Math.max(props.path("Subnets").size(), props.path("SubnetMappings").size());
                costs.add(new Cost("  its public IPv4 addresses (" + nodes + ")", nodes * ipv4));
            }
        }
        for (JsonNode ignored : ofType(resources, "AWS::EC2::NatGateway")) {
            costs.add(new Cost("NAT gateway, with its address", prices.path("natGatewayPerHour").asDouble() * hours + ipv4));
        }
        for (JsonNode endpoint : ofType(resources, "AWS::EC2::VPCEndpoint")) {
            if ("Interface".equals(endpoint.path("Properties").path("VpcEndpointType").asText())) {
                int zones = endpoint.path("Properties").path("SubnetIds").size();
                costs.add(new Cost("Interface endpoint (" + zones + " zones)",
                        zones * prices.path("interfaceEndpointPerAzPerHour").asDouble() * hours));
            }
        }
        for (JsonNode service : ofType(resources, "AWS::ECS::Service")) {
            costs.addAll(fargate(resources, service.path("Properties"), hours, ipv4));
        }
        int clustersWithInsights = 0;
        for (JsonNode cluster : ofType(resources, "AWS::ECS::Cluster")) {
            for (JsonNode setting : cluster.path("Properties").path("ClusterSettings")) {
                if (setting.path("Name").asText().equals("containerInsights")
                        && !setting.path("Value").asText().equals("disabled")) {
                    clustersWithInsights++;
                }
            }
        }
        if (clustersWithInsights > 0) {
            int metrics = clustersWithInsights * prices.path("containerInsightsMetricsPerCluster").asInt()
                    + ofType(resources, "AWS::ECS::Service").size() * prices.path("containerInsightsMetricsPerService").asInt()
                    + ofType(resources, "AWS::ECS::TaskDefinition").size()
                    * prices.path("containerInsightsMetricsPerTaskFamily").asInt();
            costs.add(new Cost("Container Insights (" + metrics + " metrics)",
                    metrics * prices.path("cloudWatchMetricPerMonth").asDouble()));
        }
        int keys = ofType(resources, "AWS::KMS::Key").size();
        if (keys > 0) {
            costs.add(new Cost("KMS keys (" + keys + ")", keys * prices.path("kmsKeyPerMonth").asDouble()));
        }
        for (JsonNode repository : ofType(resources, "AWS::ECR::Repository")) {
            int images = imagesKept(repository);
            costs.add(new Cost("Image storage (" + images + " images kept)",
                    images * prices.path("imageSizeGb").asDouble() * prices.path("ecrStoragePerGbMonth").asDouble()));
        }
        for (JsonNode pipeline : ofType(resources, "AWS::CodePipeline::Pipeline")) {
            if (!"V2".equals(pipeline.path("Properties").path("PipelineType").asText())) {
                costs.add(new Cost("CodePipeline V1", prices.path("codePipelineV1PerMonth").asDouble()));
            }
        }
        return costs;
    }

    private List<Cost> fargate(JsonNode resources, JsonNode service, double hours, double ipv4) {
        int count = service.path("DesiredCount").asInt(1);
        JsonNode task = taskDefinition(resources, service.path("TaskDefinition")).path("Properties");
        String arch = task.path("RuntimePlatform").path("CpuArchitecture").asText("X86_64");
        double vcpu = task.path("Cpu").asDouble(256) / 1024;
        double gb = task.path("Memory").asDouble(512) / 1024;
        boolean spot = service.path("CapacityProviderStrategy").toString().contains("FARGATE_SPOT");
        double perTask = (vcpu * prices.path("fargatePerVcpuHour").path(arch).asDouble()
                + gb * prices.path("fargatePerGbHour").path(arch).asDouble()) * hours
                * (spot ? 1 - prices.path("fargateSpotDiscount").asDouble() : 1);
        List<Cost> costs = new ArrayList<>();
        costs.add(new Cost("Fargate %s%s: %d x %.2f vCPU, %.1f GB".formatted(arch, spot ? " Spot" : "", count, vcpu, gb),
                count * perTask));
        if ("ENABLED".equals(service.path("NetworkConfiguration").path("AwsvpcConfiguration").path("AssignPublicIp").asText())) {
            costs.add(new Cost("  tasks' public IPv4 addresses (" + count + ")", count * ipv4));
        }
        return costs;
    }

    private static int imagesKept(JsonNode repository) {
        try {
            String text = repository.path("Properties").path("LifecyclePolicy").path("LifecyclePolicyText").asText();
            if (!text.isEmpty()) {
                for (JsonNode rule : JSON.readTree(text).path("rules")) {
                    if (rule.path("selection").path("countType").asText().equals("imageCountMoreThan")) {
                        return rule.path("selection").path("countNumber").asInt();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 100; // no count rule: assume a modest backlog
    }

    /** The task definition a service names: by Ref, or by family name (latest revision). */
    private static JsonNode taskDefinition(JsonNode resources, JsonNode reference) {
        String ref = reference.path("Ref").asText(null);
        if (ref != null) {
            return resources.path(ref);
        }
        String family = reference.asText();
        return ofType(resources, "AWS::ECS::TaskDefinition").stream()
                .filter(t -> family.equals(t.path("Properties").path("Family").asText()))
                .findFirst().orElse(JSON.createObjectNode());
    }

    private static JsonNode containerOf(JsonNode resources, JsonNode taskReference, String name) {
        for (JsonNode container : taskDefinition(resources, taskReference).path("Properties").path("ContainerDefinitions")) {
            if (name.equals(container.path("Name").asText())) {
                return container;
            }
        }
        return JSON.createObjectNode();
    }

    private static List<JsonNode> ofType(JsonNode resources, String type) {
        List<JsonNode> found = new ArrayList<>();
        resources.forEach(r -> {
            if (type.equals(r.path("Type").asText())) {
                found.add(r);
            }
        });
        return found;
    }

    /** Prints the model of every stack template in a cloud assembly directory. */
    public static void main(String[] args) throws IOException {
        Path assembly = Path.of(args.length > 0 ? args[0] : "cdk.out");
        DeliveryModel model = withBundledPrices();
        System.out.printf(Locale.ROOT, "Prices: %s list prices as of %s (src/main/resources/prices/us-east-1.json)%n",
                model.prices().path("region").asText(), model.prices().path("asOf").asText());
        try (Stream<Path> files = Files.list(assembly)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".template.json")).sorted().toList()) {
                String stack = file.getFileName().toString().replace(".template.json", "");
                Map<String, Object> template = JSON.readValue(file.toFile(), new TypeReference<>() { });
                System.out.print(render(model.model(stack, template)));
            }
        }
    }

    /** A stack's model as text. */
    public static String render(StackModel stack) {
        StringBuilder out = new StringBuilder("\n" + stack.stack() + "\n");
        if (stack.rollouts().isEmpty()) {
            out.append("  rolling deploy: no load-balanced service\n");
        }
        for (Rollout r : stack.rollouts()) {
            out.append(String.format(Locale.ROOT,
                    "  rolling deploy of %s: %d s = L %d + I %d x H %d + D %d + S %d%n",
                    r.service(), r.seconds(), r.startup(), r.interval(), r.healthyThreshold(),
                    r.deregistrationDelay(), r.stopTimeout()));
        }
        out.append(String.format(Locale.ROOT, "  idle cost: %.2f USD a month%n", stack.idleUsdPerMonth()));
        for (Cost c : stack.costs()) {
            out.append(String.format(Locale.ROOT, "    %-48s %7.2f%n", c.item(), c.usdPerMonth()));
        }
        return out.toString();
    }
}
