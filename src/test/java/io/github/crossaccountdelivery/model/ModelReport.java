package io.github.crossaccountdelivery.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountdelivery.model.DeliveryModel.Cost;
import io.github.crossaccountdelivery.common.RolloutTime;
import io.github.crossaccountdelivery.common.TrafficShift;
import io.github.crossaccountdelivery.model.DeliveryModel.Rollout;
import io.github.crossaccountdelivery.model.DeliveryModel.StackModel;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the model of every stack of a cloud assembly, then the pipeline's lead time per target
 * ({@link LeadTime}): {@code scripts/model.sh [cdk.out]}.
 *
 * <p>The stacks are the ones the assembly's manifest lists, each priced in its own region, so
 * templates that an earlier synthesis left in the folder are not counted.
 */
public final class ModelReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelReport() {
    }

    /** A stack as the assembly's manifest lists it. */
    public record AssemblyStack(String name, String region, Path template) {
    }

    public static void main(String[] args) throws IOException {
        Path assembly = Path.of(args.length > 0 ? args[0] : "cdk.out");
        System.exit(print(assembly, System.out, System.err));
    }

    /** Prints the report; returns the exit status (2 when there is no assembly, or no prices for its region). */
    public static int print(Path assembly, PrintStream out, PrintStream err) throws IOException {
        if (!Files.isRegularFile(assembly.resolve("manifest.json"))) {
            err.println("No cloud assembly in " + assembly + ": run cdk synth first (the README's synth command).");
            return 2;
        }
        String source = null;
        Map<String, Map<String, Object>> templates = new LinkedHashMap<>();
        for (AssemblyStack stack : stacks(assembly)) {
            DeliveryModel model;
            try {
                model = new DeliveryModel(Prices.of(stack.region()));
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return 2;
            }
            if (!model.prices().source().equals(source)) {
                source = model.prices().source();
                out.println("Prices: " + source);
            }
            Map<String, Object> template = JSON.readValue(stack.template().toFile(), new TypeReference<>() { });
            templates.put(stack.name(), template);
            out.print(render(model.model(stack.name(), template)));
        }
        LeadTime.of(templates, Timings.load()).ifPresent(leadTime -> out.print(render(leadTime)));
        return 0;
    }

    /** The CloudFormation stacks in an assembly's manifest, in the manifest's order. */
    public static List<AssemblyStack> stacks(Path assembly) throws IOException {
        JsonNode artifacts = JSON.readTree(assembly.resolve("manifest.json").toFile()).path("artifacts");
        List<AssemblyStack> stacks = new ArrayList<>();
        artifacts.fields().forEachRemaining(entry -> {
            JsonNode artifact = entry.getValue();
            if ("aws:cloudformation:stack".equals(artifact.path("type").asText())) {
                String environment = artifact.path("environment").asText(); // aws://account/region
                stacks.add(new AssemblyStack(
                        artifact.path("properties").path("stackName").asText(entry.getKey()),
                        environment.substring(environment.lastIndexOf('/') + 1),
                        assembly.resolve(artifact.path("properties").path("templateFile").asText())));
            }
        });
        return stacks;
    }

    /** How production traffic moves, in words. */
    private static String shifting(TrafficShift shift) {
        String percent = BigDecimal.valueOf(shift.stepPercent()).stripTrailingZeros().toPlainString();
        return switch (shift.strategy()) {
            case BLUE_GREEN -> "gets all production traffic at once";
            case CANARY -> "gets " + percent + " % of production traffic, and the rest " + shift.stepBakeMinutes() * 60
                    + " s later";
            case LINEAR -> "gets " + percent + " % more production traffic every " + shift.stepBakeMinutes() * 60
                    + " s, in " + shift.productionShifts() + " steps";
            case ROLLING -> throw new IllegalArgumentException("rolling shifts no traffic");
        };
    }

    /** The pipeline's lead time as text: each step, the total per target, and CDK Pipelines beside it. */
    public static String render(LeadTime.Model model) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%nlead time, commit to verified: from the push, approvals excluded (%s, as of %s)%n"
                        + "  %-15s %-38s %6s  %6s  %s%n",
                Timings.FILE, model.timings().asOf(), "stage", "step", "cached", "fresh", "basis"));
        for (int i = 0; i < model.blocks().size(); i++) {
            for (LeadTime.Step step : model.blocks().get(i)) {
                if (step.excluded()) {
                    out.append(String.format(Locale.ROOT, "  %-15s %s%n", step.stage(), step.what()));
                } else {
                    out.append(String.format(Locale.ROOT, "  %-15s %-38s %6d  %6d  %s%n", step.stage(), step.what(),
                            step.cachedSeconds(), step.freshSeconds(), step.basis()));
                }
            }
            LeadTime.Verified verified = model.verified().get(i);
            out.append(String.format(Locale.ROOT, "  %-54s %6d  %6d  (%.1f and %.1f min)%n",
                    "commit to verified in " + verified.target(), verified.cachedSeconds(), verified.freshSeconds(),
                    verified.cachedSeconds() / 60.0, verified.freshSeconds() / 60.0));
        }
        LeadTime.Verified first = model.verified().get(0);
        out.append(String.format(Locale.ROOT,
                "  CDK Pipelines, for the same delivery (public measurements): its Synth, UpdatePipeline and Assets%n"
                        + "    stages add about %d s to every run before the first deploy, so %d s cached to %s;%n"
                        + "    a run that changes the pipeline adds %d s to deploy the pipeline's own stack, then restarts%n",
                model.cdkPipelinesBaselineSeconds(), first.cachedSeconds() + model.cdkPipelinesBaselineSeconds(),
                first.target(), model.cdkPipelinesSelfMutationSeconds()));
        return out.toString();
    }

    /** A stack's model as text. */
    public static String render(StackModel stack) {
        StringBuilder out = new StringBuilder("\n" + stack.stack() + "\n");
        if (stack.rollouts().isEmpty()) {
            out.append("  rolling deploy: no load-balanced service\n");
        }
        for (Rollout r : stack.rollouts()) {
            RolloutTime t = r.time();
            if (!t.shift().strategy().shiftsTraffic()) {
                out.append(String.format(Locale.ROOT,
                        "  rolling deploy of %s: serves the new image after %d s = L %d + I %d x H %d + D %d + S %d;%n"
                                + "    COMPLETED after %d s, with B %d s of alarm bake time; the pipeline waits up to %d s"
                                + " (+ G %d + %d s of checks)%n",
                        r.service(), r.servingSeconds(), RolloutTime.STARTUP_SECONDS, t.healthCheckIntervalSeconds(),
                        t.healthyThreshold(), t.deregistrationDelaySeconds(), t.stopTimeoutSeconds(), r.completedSeconds(),
                        t.bakeSeconds(), t.verifySeconds(), t.gracePeriodSeconds(), RolloutTime.CHECKS_SECONDS));
                continue;
            }
            TrafficShift shift = t.shift();
            out.append(String.format(Locale.ROOT,
                    "  %s deploy of %s: the new revision is healthy after %d s = L %d + I %d x H %d, is checked"
                            + " through the test route, then %s;%n"
                            + "    COMPLETED after %d s, with W %d s of shifting, K %d s of bake time beside the old"
                            + " revision, B %d s of alarm bake time and D %d + S %d; the pipeline waits up to %d s"
                            + " (+ G %d + C %d + %d s of checks)%n",
                    shift.strategy(), r.service(), r.servingSeconds(), RolloutTime.STARTUP_SECONDS,
                    t.healthCheckIntervalSeconds(), t.healthyThreshold(), shifting(shift), r.completedSeconds(),
                    shift.shiftWaitSeconds(), shift.bakeSeconds(), t.bakeSeconds(), t.deregistrationDelaySeconds(),
                    t.stopTimeoutSeconds(), t.verifySeconds(), t.gracePeriodSeconds(), RolloutTime.RELEASE_CHECK_SECONDS,
                    RolloutTime.CHECKS_SECONDS));
        }
        out.append(String.format(Locale.ROOT, "  idle cost: %.2f USD a month%n", stack.idleUsdPerMonth()));
        for (Cost c : stack.costs()) {
            out.append(String.format(Locale.ROOT, "    %-48s %7.2f%n", c.item(), c.usd()));
        }
        if (!stack.perRelease().isEmpty()) {
            out.append(String.format(Locale.ROOT, "  per release: %.3f USD%n",
                    stack.perRelease().stream().mapToDouble(Cost::usd).sum()));
            for (Cost c : stack.perRelease()) {
                out.append(String.format(Locale.ROOT, "    %-48s %7.3f%n", c.item(), c.usd()));
            }
        }
        return out.toString();
    }
}
