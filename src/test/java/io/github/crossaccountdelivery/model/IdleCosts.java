package io.github.crossaccountdelivery.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountdelivery.model.DeliveryModel.Cost;
import io.github.crossaccountdelivery.model.DeliveryModel.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.StreamSupport;

/** What the resources of one template cost a month while nobody uses them. */
final class IdleCosts {

    private final Prices prices;
    private final Resources resources;
    private final double hours;
    private final double ipv4;

    IdleCosts(Prices prices, Resources resources) {
        this.prices = prices;
        this.resources = resources;
        this.hours = prices.get("hoursPerMonth");
        this.ipv4 = prices.get("publicIpv4AddressPerHour") * hours;
    }

    List<Cost> items() {
        List<Cost> costs = new ArrayList<>();
        for (JsonNode lb : resources.ofType("AWS::ElasticLoadBalancingV2::LoadBalancer")) {
            JsonNode props = lb.path("Properties");
            costs.add(new Cost("Application Load Balancer", prices.get("applicationLoadBalancerPerHour") * hours));
            if (!"internal".equals(props.path("Scheme").asText())) {
                int nodes = Math.max(props.path("Subnets").size(), props.path("SubnetMappings").size());
                costs.add(new Cost("  its public IPv4 addresses (" + nodes + ")", nodes * ipv4));
            }
        }
        for (JsonNode ignored : resources.ofType("AWS::EC2::NatGateway")) {
            costs.add(new Cost("NAT gateway, with its address", prices.get("natGatewayPerHour") * hours + ipv4));
        }
        for (JsonNode endpoint : resources.ofType("AWS::EC2::VPCEndpoint")) {
            if ("Interface".equals(endpoint.path("Properties").path("VpcEndpointType").asText())) {
                int zones = endpoint.path("Properties").path("SubnetIds").size();
                costs.add(new Cost("Interface endpoint (" + zones + " zones)",
                        zones * prices.get("interfaceEndpointPerAzPerHour") * hours));
            }
        }
        for (JsonNode service : resources.ofType("AWS::ECS::Service")) {
            costs.addAll(fargate(service.path("Properties")));
        }
        containerInsights(costs);
        doraMetrics(costs);
        int alarms = resources.ofType("AWS::CloudWatch::Alarm").size();
        if (alarms > 0) {
            // CloudWatch charges an alarm per metric it evaluates: a metric-math alarm over two
            // target groups counts two.
            int metrics = resources.ofType("AWS::CloudWatch::Alarm").stream()
                    .mapToInt(alarm -> Math.max(1, (int) StreamSupport.stream(
                            alarm.path("Properties").path("Metrics").spliterator(), false)
                            .filter(m -> m.has("MetricStat")).count()))
                    .sum();
            costs.add(new Cost("CloudWatch alarms (" + alarms + (metrics == alarms ? "" : ", " + metrics + " metrics")
                    + ")", metrics * prices.get("cloudWatchAlarmPerMonth")));
        }
        int secrets = resources.ofType("AWS::SecretsManager::Secret").size();
        if (secrets > 0) {
            costs.add(new Cost("Secrets Manager secrets (" + secrets + ")",
                    secrets * prices.get("secretsManagerSecretPerMonth")));
        }
        int keys = resources.ofType("AWS::KMS::Key").size();
        if (keys > 0) {
            costs.add(new Cost("KMS keys (" + keys + ")", keys * prices.get("kmsKeyPerMonth")));
        }
        for (JsonNode repository : resources.ofType("AWS::ECR::Repository")) {
            int images = Resources.imagesKept(repository);
            costs.add(new Cost("Image storage (" + images + " images kept)",
                    images * prices.get("imageSizeGb") * prices.get("ecrStoragePerGbMonth")));
        }
        for (JsonNode pipeline : resources.ofType("AWS::CodePipeline::Pipeline")) {
            if (!"V2".equals(pipeline.path("Properties").path("PipelineType").asText())) {
                costs.add(new Cost("CodePipeline V1", prices.get("codePipelineV1PerMonth")));
            }
        }
        return costs;
    }

    /**
     * Per release, for a service that shifts traffic: its second revision, a whole fleet of tasks,
     * runs beside the first for the rollout, until COMPLETED (a rolling deploy's extra tasks run
     * for about a minute and are left out).
     */
    List<Cost> secondRevisions(List<DeliveryModel.Rollout> rollouts) {
        List<Cost> costs = new ArrayList<>();
        List<JsonNode> services = resources.ofType("AWS::ECS::Service");
        for (DeliveryModel.Rollout rollout : rollouts) {
            if (!rollout.time().shift().strategy().shiftsTraffic()) {
                continue;
            }
            for (JsonNode service : services) {
                JsonNode props = service.path("Properties");
                if (!props.path("ServiceName").asText("(unnamed)").equals(rollout.service())) {
                    continue;
                }
                int count = props.path("DesiredCount").asInt(1);
                double monthly = fargate(props).get(0).usd() / count;
                double minutes = rollout.completedSeconds() / 60.0;
                costs.add(new Cost(String.format(Locale.ROOT, "Second revision, %s (%d x %.0f min)",
                        rollout.time().shift().strategy(), count, minutes), count * monthly / hours * minutes / 60));
            }
        }
        return costs;
    }

    /**
     * The delivery metrics: their custom metrics are billed only in the hours they are published,
     * so nothing while no release runs (per release, see DeliveryModel); the dashboard costs
     * nothing within the account's free dashboards, the list price beyond them.
     */
    private void doraMetrics(List<Cost> costs) {
        int targets = Resources.doraTargets(resources);
        if (targets > 0) {
            costs.add(new Cost("DORA metrics (" + 4 * targets + "), billed only in hours published", 0));
        }
        int dashboards = resources.ofType("AWS::CloudWatch::Dashboard").size();
        if (dashboards > 0) {
            int free = (int) prices.get("cloudWatchFreeDashboards");
            costs.add(new Cost("CloudWatch dashboards (" + dashboards + "; " + free + " free per account)",
                    Math.max(0, dashboards - free) * prices.get("cloudWatchDashboardPerMonth")));
        }
    }

    private List<Cost> fargate(JsonNode service) {
        int count = service.path("DesiredCount").asInt(1);
        JsonNode task = resources.taskDefinition(service.path("TaskDefinition")).path("Properties");
        String arch = task.path("RuntimePlatform").path("CpuArchitecture").asText("X86_64");
        double vcpu = task.path("Cpu").asDouble(256) / 1024;
        double gb = task.path("Memory").asDouble(512) / 1024;
        boolean spot = service.path("CapacityProviderStrategy").toString().contains("FARGATE_SPOT");
        double perTask = (vcpu * prices.get("fargatePerVcpuHour", arch) + gb * prices.get("fargatePerGbHour", arch))
                * hours * (spot ? 1 - prices.get("fargateSpotDiscount") : 1);
        List<Cost> costs = new ArrayList<>();
        costs.add(new Cost(String.format(Locale.ROOT, "Fargate %s%s: %d x %.2f vCPU, %.1f GB", arch, spot ? " Spot" : "", count, vcpu, gb),
                count * perTask));
        if ("ENABLED".equals(service.path("NetworkConfiguration").path("AwsvpcConfiguration").path("AssignPublicIp").asText())) {
            costs.add(new Cost("  tasks' public IPv4 addresses (" + count + ")", count * ipv4));
        }
        return costs;
    }

    private void containerInsights(List<Cost> costs) {
        int clusters = 0;
        for (JsonNode cluster : resources.ofType("AWS::ECS::Cluster")) {
            for (JsonNode setting : cluster.path("Properties").path("ClusterSettings")) {
                if (setting.path("Name").asText().equals("containerInsights")
                        && !setting.path("Value").asText().equals("disabled")) {
                    clusters++;
                }
            }
        }
        if (clusters > 0) {
            int metrics = (int) (clusters * prices.get("containerInsightsMetricsPerCluster")
                    + resources.ofType("AWS::ECS::Service").size() * prices.get("containerInsightsMetricsPerService")
                    + resources.ofType("AWS::ECS::TaskDefinition").size()
                    * prices.get("containerInsightsMetricsPerTaskFamily"));
            costs.add(new Cost("Container Insights (" + metrics + " metrics)",
                    metrics * prices.get("cloudWatchMetricPerMonth")));
        }
    }
}
