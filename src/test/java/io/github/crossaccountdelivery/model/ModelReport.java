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
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the model of every stack of a cloud assembly: {@code scripts/model.sh [cdk.out]}.
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
            out.print(render(model.model(stack.name(), template)));
        }
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
