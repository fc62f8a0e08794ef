package io.github.crossaccountdelivery.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountdelivery.common.RolloutTime;
import io.github.crossaccountdelivery.model.DeliveryModel.Resources;
import io.github.crossaccountdelivery.model.DeliveryModel.Rollout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Commit-to-verified lead time per target, stage by stage, from a cloud assembly's templates: the
 * build stack's pipeline says which actions run in which order, each target stack's service how
 * long its rollout takes ({@link RolloutTime}, from the template, as the pipeline's waits use it),
 * and {@link Timings} the rest, each figure with its basis. Two builds are modeled: one that reuses
 * the layer cache and one that starts fresh. Approvals are excluded: a person's wait is not the
 * pipeline's speed. The model starts at the push; a commit pushed long after it was made adds that
 * wait to the lead time the metrics measure.
 *
 * <p>Beside it, what CDK Pipelines adds to the same delivery, from public measurements.
 */
public final class LeadTime {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One row: a step of a stage, its seconds with a cached and with a fresh build, and what the
     * figure rests on ({@link Timings#BASES}, or "template" for the rollout). An excluded stage
     * (an approval) has no seconds.
     */
    public record Step(String stage, String what, int cachedSeconds, int freshSeconds, String basis, boolean excluded) {
        static Step of(String stage, String what, int seconds, String basis) {
            return new Step(stage, what, seconds, seconds, basis, false);
        }
    }

    /** Until a target's Verify succeeds, from the push. */
    public record Verified(String target, int cachedSeconds, int freshSeconds) {
    }

    /**
     * @param blocks   the steps up to each target's verification, in pipeline order: the first
     *                 block holds Source and Build too
     * @param verified the running totals, one per target, in the same order
     */
    public record Model(List<List<Step>> blocks, List<Verified> verified, Timings timings) {
        /** Every step, in order. */
        public List<Step> steps() {
            return blocks.stream().flatMap(List::stream).toList();
        }

        /** The run CDK Pipelines adds before the first deploy, every time. */
        public int cdkPipelinesBaselineSeconds() {
            return timings.seconds("cdkPipelinesBaselineSeconds");
        }

        /** What a run that changes the pipeline adds on top, before it restarts. */
        public int cdkPipelinesSelfMutationSeconds() {
            return timings.seconds("cdkPipelinesSelfMutationSeconds");
        }
    }

    private LeadTime() {
    }

    /**
     * The model of the assembly's pipeline, or none when no template holds a pipeline.
     *
     * @param templates every stack's template, by stack name
     */
    public static Optional<Model> of(Map<String, Map<String, Object>> templates, Timings t) {
        JsonNode pipeline = null;
        Map<String, RolloutTime> rolloutByCluster = new LinkedHashMap<>();
        for (Map<String, Object> template : templates.values()) {
            Resources resources = new Resources(JSON.valueToTree(template).path("Resources"));
            for (JsonNode p : resources.ofType("AWS::CodePipeline::Pipeline")) {
                pipeline = p;
            }
            List<Rollout> rollouts = DeliveryModel.rollouts(resources);
            List<JsonNode> clusters = resources.ofType("AWS::ECS::Cluster");
            if (rollouts.size() == 1 && clusters.size() == 1) {
                rolloutByCluster.put(clusters.get(0).path("Properties").path("ClusterName").asText(),
                        rollouts.get(0).time());
            }
        }
        if (pipeline == null) {
            return Optional.empty();
        }

        List<List<Step>> blocks = new ArrayList<>();
        List<Verified> verified = new ArrayList<>();
        List<Step> block = new ArrayList<>();
        int actions = 0;
        int cached = 0;
        int fresh = 0;
        for (JsonNode stage : pipeline.path("Properties").path("Stages")) {
            String name = stage.path("Name").asText();
            JsonNode action = stage.path("Actions").path(0);
            String category = action.path("ActionTypeId").path("Category").asText();
            String provider = action.path("ActionTypeId").path("Provider").asText();
            if (category.equals("Approval")) {
                block.add(new Step(name, "a person's approval: excluded", 0, 0, "", true));
                continue;
            }
            actions++;
            switch (category + "/" + provider) {
                case "Source/CodeStarSourceConnection" ->
                        block.add(figure(t, name, "push to source artifact", "sourceSeconds"));
                case "Build/CodeBuild" -> {
                    block.add(figure(t, name, "CodeBuild provisioning", "codeBuildProvisioningSeconds"));
                    block.add(figure(t, name, "set-up: source, ECR login, BuildKit", "buildSetupSeconds"));
                    block.add(new Step(name, "image build", t.seconds("cachedBuildSeconds"),
                            t.seconds("freshBuildSeconds"), t.basis("cachedBuildSeconds"), false));
                    block.add(figure(t, name, "push", "pushSeconds"));
                    block.add(figure(t, name, "scan wait", "scanWaitSeconds"));
                }
                case "Deploy/ECS" -> {
                    String cluster = action.path("Configuration").path("ClusterName").asText();
                    RolloutTime rollout = rolloutByCluster.get(cluster);
                    if (rollout == null) {
                        throw new IllegalStateException("no stack in the assembly has cluster " + cluster
                                + ", which " + name + " deploys to");
                    }
                    block.add(Step.of(name, "rollout until COMPLETED (RolloutTime)", rollout.expectedSeconds(),
                            "template"));
                    block.add(figure(t, name, "deploy action", "deployActionSeconds"));
                }
                case "Compute/Commands" -> {
                    block.add(figure(t, name, "Verify provisioning", "verifyProvisioningSeconds"));
                    block.add(figure(t, name, "checks", "verifyChecksSeconds"));
                    int between = t.seconds("actionTransitionSeconds");
                    block.add(new Step("CodePipeline", "between actions (%d x %d s)".formatted(actions, between),
                            actions * between, actions * between, t.basis("actionTransitionSeconds"), false));
                    actions = 0;
                    for (Step step : block) {
                        cached += step.cachedSeconds();
                        fresh += step.freshSeconds();
                    }
                    blocks.add(List.copyOf(block));
                    verified.add(new Verified(name.substring(name.indexOf('-') + 1), cached, fresh));
                    block.clear();
                }
                default -> throw new IllegalStateException("the lead-time model does not know " + name
                        + "'s action " + category + "/" + provider);
            }
        }
        return Optional.of(new Model(List.copyOf(blocks), List.copyOf(verified), t));
    }

    private static Step figure(Timings t, String stage, String what, String name) {
        return Step.of(stage, what, t.seconds(name), t.basis(name));
    }
}
