package io.github.crossaccountdelivery.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountdelivery.common.ReleaseStrategy;
import io.github.crossaccountdelivery.common.RolloutTime;
import io.github.crossaccountdelivery.common.TrafficShift;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a synthesized template and models how long a deploy of its service takes and what the
 * stack costs a month while idle, from the resources actually in the template.
 *
 * <p>Deploy: {@link RolloutTime}'s formula, the one the pipeline's timeouts use, over the
 * template's timings (each with the AWS default when the template leaves it out), the bake time
 * of the service's deployment alarms, and its strategy: rolling, or blue/green, canary or linear
 * with their bake time and steps (ECS's defaults where the template leaves them out).
 *
 * <p>Idle cost: the hourly and monthly charges that accrue with no traffic (load balancers,
 * public IPv4 addresses, NAT gateways, interface endpoints, Fargate tasks, KMS keys, alarms,
 * Container Insights metrics, image storage, dashboards beyond the free ones), at the region's
 * dated {@link Prices}. Per release: the Verify stages' compute and the hour of DORA metrics each
 * release publishes.
 *
 * <p>Test tooling, not part of the deployed app: {@code scripts/model.sh} runs
 * {@link ModelReport} over {@code cdk.out}, and the tests assert bounds with it.
 */
public final class DeliveryModel {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Prices prices;

    public DeliveryModel(Prices prices) {
        this.prices = prices;
    }

    public Prices prices() {
        return prices;
    }

    /**
     * A deploy of one load-balanced service, timed by the formula the pipeline's timeouts use
     * ({@link RolloutTime}), from what the template holds.
     */
    public record Rollout(String service, RolloutTime time) {
        /**
         * Until the new image serves production traffic: for a rolling deploy, when the new task
         * serves and the old one is gone, L + I*H + D + S; for one that shifts traffic, when the new
         * revision is healthy and gets its first share, L + I*H (and a release check that passes at once).
         */
        public int servingSeconds() {
            return time.shift().strategy().shiftsTraffic() ? time.healthySeconds()
                    : time.expectedSeconds() - time.bakeSeconds();
        }

        /** Until ECS marks the rollout COMPLETED, after the bake time. */
        public int completedSeconds() {
            return time.expectedSeconds();
        }
    }

    /** One line of a stack's cost: USD a month for idle costs, USD per execution for per-release ones. */
    public record Cost(String item, double usd) {
    }

    /**
     * The model of one stack.
     *
     * @param costs      what accrues every month while nobody uses it
     * @param perRelease what each pipeline execution adds (the verification's compute, an hour of DORA metrics)
     */
    public record StackModel(String stack, List<Rollout> rollouts, List<Cost> costs, List<Cost> perRelease) {
        public double idleUsdPerMonth() {
            return costs.stream().mapToDouble(Cost::usd).sum();
        }
    }

    public StackModel model(String stackName, Map<String, Object> template) {
        Resources resources = new Resources(JSON.valueToTree(template).path("Resources"));
        List<Rollout> rollouts = rollouts(resources);
        List<Cost> perRelease = new ArrayList<>(perRelease(resources));
        perRelease.addAll(new IdleCosts(prices, resources).secondRevisions(rollouts));
        return new StackModel(stackName, rollouts, new IdleCosts(prices, resources).items(), perRelease);
    }

    static List<Rollout> rollouts(Resources resources) {
        List<Rollout> rollouts = new ArrayList<>();
        for (JsonNode service : resources.ofType("AWS::ECS::Service")) {
            JsonNode props = service.path("Properties");
            for (JsonNode lb : props.path("LoadBalancers")) {
                JsonNode group = resources.byId(lb.path("TargetGroupArn").path("Ref").asText()).path("Properties");
                int delay = 300;
                for (JsonNode attribute : group.path("TargetGroupAttributes")) {
                    if (attribute.path("Key").asText().equals("deregistration_delay.timeout_seconds")) {
                        delay = attribute.path("Value").asInt();
                    }
                }
                JsonNode container = resources.container(props.path("TaskDefinition"), lb.path("ContainerName").asText());
                rollouts.add(new Rollout(props.path("ServiceName").asText("(unnamed)"), new RolloutTime(
                        props.path("HealthCheckGracePeriodSeconds").asInt(0),
                        group.path("HealthCheckIntervalSeconds").asInt(30), group.path("HealthyThresholdCount").asInt(5),
                        delay, container.path("StopTimeout").asInt(30), alarmMinutes(resources, props),
                        shift(props.path("DeploymentConfiguration")))));
            }
        }
        return rollouts;
    }

    /**
     * The service's strategy, bake time and steps; ECS's own defaults for steps the template leaves
     * out (canary 5 percent for 10 minutes, linear 10 percent every 6 minutes).
     * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CanaryConfiguration.html
     * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinearConfiguration.html
     */
    static TrafficShift shift(JsonNode configuration) {
        int bake = configuration.path("BakeTimeInMinutes").asInt(0);
        JsonNode canary = configuration.path("CanaryConfiguration");
        JsonNode linear = configuration.path("LinearConfiguration");
        return switch (configuration.path("Strategy").asText("ROLLING")) {
            case "BLUE_GREEN" -> new TrafficShift(ReleaseStrategy.BLUE_GREEN, bake, 0, 0);
            case "CANARY" -> new TrafficShift(ReleaseStrategy.CANARY, bake, canary.path("CanaryPercent").asDouble(5),
                    canary.path("CanaryBakeTimeInMinutes").asInt(10));
            case "LINEAR" -> new TrafficShift(ReleaseStrategy.LINEAR, bake, linear.path("StepPercent").asDouble(10),
                    linear.path("StepBakeTimeInMinutes").asInt(6));
            default -> TrafficShift.rolling();
        };
    }

    /** The longest evaluation window, in minutes, of the service's deployment alarms: what ECS bakes for. */
    private static int alarmMinutes(Resources resources, JsonNode service) {
        JsonNode alarms = service.path("DeploymentConfiguration").path("Alarms");
        int minutes = 0;
        if (alarms.path("Enable").asBoolean(false)) {
            for (JsonNode name : alarms.path("AlarmNames")) {
                for (JsonNode alarm : resources.ofType("AWS::CloudWatch::Alarm")) {
                    JsonNode p = alarm.path("Properties");
                    if (name.asText().equals(p.path("AlarmName").asText())) {
                        // A metric-math alarm has no Period of its own; its metrics' is one minute here.
                        minutes = Math.max(minutes, p.path("EvaluationPeriods").asInt() * p.path("Period").asInt(60) / 60);
                    }
                }
            }
        }
        return minutes;
    }

    /**
     * Per pipeline execution: each Commands action (a Verify stage) runs for about the modeled
     * minutes, charged as CodePipeline action minutes plus the compute they run on.
     */
    private List<Cost> perRelease(Resources resources) {
        int commands = 0;
        for (JsonNode pipeline : resources.ofType("AWS::CodePipeline::Pipeline")) {
            for (JsonNode stage : pipeline.path("Properties").path("Stages")) {
                for (JsonNode action : stage.path("Actions")) {
                    if ("Commands".equals(action.path("ActionTypeId").path("Provider").asText())) {
                        commands++;
                    }
                }
            }
        }
        List<Cost> costs = new ArrayList<>();
        if (commands > 0) {
            double minutes = prices.get("verifyMinutesPerRun");
            costs.add(new Cost(String.format(Locale.ROOT, "Verify actions (%d x %.0f min)", commands, minutes),
                    commands * minutes * (prices.get("codePipelineV2ActionMinute") + prices.get("commandsComputePerMinute"))));
        }
        // Custom metrics are prorated by the hour: a release adds an hour of the metrics it publishes.
        int targets = Resources.doraTargets(resources);
        if (targets > 0) {
            int perTarget = (int) prices.get("doraMetricsPerTargetPerRelease");
            costs.add(new Cost(String.format(Locale.ROOT, "DORA metrics (%d x %d metric-hours)", targets, perTarget),
                    targets * perTarget * prices.get("cloudWatchMetricPerMonth") / prices.get("hoursPerMonth")));
        }
        return costs;
    }

    /** The resources of a template, looked up by type, ID or reference. */
    record Resources(JsonNode all) {
        List<JsonNode> ofType(String type) {
            List<JsonNode> found = new ArrayList<>();
            all.forEach(r -> {
                if (type.equals(r.path("Type").asText())) {
                    found.add(r);
                }
            });
            return found;
        }

        JsonNode byId(String logicalId) {
            return all.path(logicalId);
        }

        /** The task definition a service names: by Ref, or by family name (latest revision). */
        JsonNode taskDefinition(JsonNode reference) {
            String ref = reference.path("Ref").asText(null);
            if (ref != null) {
                return byId(ref);
            }
            return ofType("AWS::ECS::TaskDefinition").stream()
                    .filter(t -> reference.asText().equals(t.path("Properties").path("Family").asText()))
                    .findFirst().orElse(JSON.createObjectNode());
        }

        JsonNode container(JsonNode taskReference, String name) {
            for (JsonNode container : taskDefinition(taskReference).path("Properties").path("ContainerDefinitions")) {
                if (name.equals(container.path("Name").asText())) {
                    return container;
                }
            }
            return JSON.createObjectNode();
        }

        /**
         * How many targets the delivery-metrics function measures: the {@code TARGETS} list in the
         * environment of the function that writes to a metrics {@code NAMESPACE}; 0 without one.
         */
        static int doraTargets(Resources resources) {
            for (JsonNode function : resources.ofType("AWS::Lambda::Function")) {
                JsonNode variables = function.path("Properties").path("Environment").path("Variables");
                if (variables.has("NAMESPACE") && variables.path("TARGETS").isTextual()) {
                    try {
                        return JSON.readTree(variables.path("TARGETS").asText()).size();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            return 0;
        }

        /** How many images a repository's lifecycle policy keeps. */
        static int imagesKept(JsonNode repository) {
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
    }
}
