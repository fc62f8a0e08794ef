package io.github.crossaccountdelivery.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BinaryOperator;

/**
 * How a target runs the service and rolls out a new image: task size and count, and the
 * timings of a rolling deployment. Every value has a default tuned for quick, safe rollouts of
 * a small service; each can be set in context under the same name.
 *
 * <p>A rolling deploy takes about {@code L + I*H + D + S}: the task's start-up (L), the health
 * checks that make it healthy (interval I times healthy threshold H), the old task's
 * deregistration delay (D) and its stop timeout (S). The defaults give 35 + 5*2 + 5 + 5 = 55 s,
 * against 35 + 30*5 + 300 + 30 = 515 s with CDK and AWS defaults; the model in the tests
 * ({@code model/DeliveryModel}) holds the formula and checks both numbers.
 *
 * <p>At the top level these keys are the defaults of every target; a {@code targets} entry may
 * set any of them for itself.
 *
 * <p>Over 200 lines: eighteen settings, each with its rule and the message it gives, and the
 * rules between them (a timeout below its interval, memory that fits the CPU size).
 *
 * @param desiredCount                  running tasks
 * @param taskCpu                       Fargate CPU units (256 = 0.25 vCPU)
 * @param taskMemoryMiB                 Fargate memory, valid for the CPU size
 * @param fargateSpot                   run on Fargate Spot (up to 70% cheaper, can be interrupted; X86_64 only)
 * @param healthCheckIntervalSeconds    target group health check interval (I)
 * @param healthCheckTimeoutSeconds     health check timeout, less than the interval
 * @param healthyThreshold              consecutive successes before a task is healthy (H)
 * @param unhealthyThreshold            consecutive failures before a task is unhealthy
 * @param deregistrationDelaySeconds    connection draining of a stopping task (D)
 * @param healthCheckGracePeriodSeconds time a new task gets before failing health checks count
 * @param stopTimeoutSeconds            time between SIGTERM and SIGKILL (S)
 * @param minHealthyPercent             lower bound of running tasks during a deploy
 * @param maxHealthyPercent             upper bound of running tasks during a deploy
 * @param deployTimeoutMinutes          how long the pipeline's deploy action waits
 * @param alarm5xxThreshold             target 5XX responses per minute that trip the rollback alarm
 * @param alarmUnhealthyHostsThreshold  unhealthy targets that trip the rollback alarm
 * @param alarmEvaluationMinutes        consecutive 1-minute periods over a threshold before the alarm trips
 * @param verifyTimeoutSeconds          how long the post-deploy verification waits for the rollout
 *                                      to finish and the URL to answer healthy
 */
public record ServiceSettings(
        int desiredCount,
        int taskCpu,
        int taskMemoryMiB,
        boolean fargateSpot,
        int healthCheckIntervalSeconds,
        int healthCheckTimeoutSeconds,
        int healthyThreshold,
        int unhealthyThreshold,
        int deregistrationDelaySeconds,
        int healthCheckGracePeriodSeconds,
        int stopTimeoutSeconds,
        int minHealthyPercent,
        int maxHealthyPercent,
        int deployTimeoutMinutes,
        int alarm5xxThreshold,
        int alarmUnhealthyHostsThreshold,
        int alarmEvaluationMinutes,
        int verifyTimeoutSeconds) {

    /** The context keys, one per component and in the same order. */
    static final List<String> NAMES = List.of("desiredCount", "taskCpu", "taskMemoryMiB", "fargateSpot",
            "healthCheckIntervalSeconds", "healthCheckTimeoutSeconds", "healthyThreshold", "unhealthyThreshold",
            "deregistrationDelaySeconds", "healthCheckGracePeriodSeconds", "stopTimeoutSeconds",
            "minHealthyPercent", "maxHealthyPercent", "deployTimeoutMinutes", "alarm5xxThreshold",
            "alarmUnhealthyHostsThreshold", "alarmEvaluationMinutes", "verifyTimeoutSeconds");

    private static final List<Integer> CPU_SIZES = List.of(256, 512, 1024, 2048, 4096, 8192, 16384);

    /** What each whole-number setting must be on its own; the rules between settings are below. */
    private static final Map<String, Rule<Integer>> RULES = rules(
            Rule.range("desiredCount", 1, 100),
            Rule.of("taskCpu", "one of the Fargate CPU sizes 256, 512, 1024, 2048, 4096, 8192 or 16384",
                    CPU_SIZES::contains),
            Rule.range("taskMemoryMiB", 512, 122880),
            Rule.range("healthCheckIntervalSeconds", 5, 300),
            // AWS allows 2 to 120; the timeout must also be less than the interval (below).
            Rule.range("healthCheckTimeoutSeconds", 2, 120),
            Rule.range("healthyThreshold", 2, 10),
            Rule.range("unhealthyThreshold", 2, 10),
            Rule.range("deregistrationDelaySeconds", 0, 3600),
            Rule.range("healthCheckGracePeriodSeconds", 0, 7200),
            Rule.range("stopTimeoutSeconds", 2, 120),
            Rule.range("minHealthyPercent", 0, 100),
            Rule.range("maxHealthyPercent", 100, 200),
            Rule.range("deployTimeoutMinutes", 1, 60),
            Rule.range("alarm5xxThreshold", 1, 10000),
            Rule.range("alarmUnhealthyHostsThreshold", 1, 100),
            Rule.range("alarmEvaluationMinutes", 1, 30),
            Rule.range("verifyTimeoutSeconds", 30, 1800));

    // Declared after RULES, which its constructor needs.
    /** The defaults: a small task, one of it, on-demand, with quick health checks and short drains. */
    public static final ServiceSettings DEFAULTS =
            new ServiceSettings(1, 256, 512, false, 5, 4, 2, 2, 5, 30, 5, 100, 200, 15,
                    5, 1, 2, 180);

    public ServiceSettings {
        rule("desiredCount").require(desiredCount);
        rule("taskCpu").require(taskCpu);
        rule("taskMemoryMiB").require(taskMemoryMiB);
        rule("healthCheckIntervalSeconds").require(healthCheckIntervalSeconds);
        rule("healthCheckTimeoutSeconds").require(healthCheckTimeoutSeconds);
        rule("healthyThreshold").require(healthyThreshold);
        rule("unhealthyThreshold").require(unhealthyThreshold);
        rule("deregistrationDelaySeconds").require(deregistrationDelaySeconds);
        rule("healthCheckGracePeriodSeconds").require(healthCheckGracePeriodSeconds);
        rule("stopTimeoutSeconds").require(stopTimeoutSeconds);
        rule("minHealthyPercent").require(minHealthyPercent);
        rule("maxHealthyPercent").require(maxHealthyPercent);
        rule("deployTimeoutMinutes").require(deployTimeoutMinutes);
        rule("alarm5xxThreshold").require(alarm5xxThreshold);
        rule("alarmUnhealthyHostsThreshold").require(alarmUnhealthyHostsThreshold);
        rule("alarmEvaluationMinutes").require(alarmEvaluationMinutes);
        rule("verifyTimeoutSeconds").require(verifyTimeoutSeconds);
        Problems problems = new Problems();
        problems.addUnlessNull(memoryProblem(taskMemoryMiB, taskCpu), "taskMemoryMiB", taskMemoryMiB);
        problems.addUnlessNull(timeoutProblem(healthCheckTimeoutSeconds, healthCheckIntervalSeconds),
                "healthCheckTimeoutSeconds", healthCheckTimeoutSeconds);
        problems.addUnlessNull(maxHealthyProblem(maxHealthyPercent, minHealthyPercent),
                "maxHealthyPercent", maxHealthyPercent);
        problems.throwIfAny();
    }

    // ---- reading ----

    /**
     * Reads the settings of one level, the top level or one {@code targets} entry: each key set
     * there is read and checked on its own, every other key keeps its {@code inherited} value.
     *
     * @return the values by key, null where a value cannot be used (its problem is recorded)
     */
    static Map<String, Object> read(ContextReader read, Map<String, Object> inherited) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : NAMES) {
            Object value;
            if (!read.has(name)) {
                value = inherited.get(name);
            } else if (name.equals("fargateSpot")) {
                value = read.optionalBoolean(name, null);
            } else {
                value = read.integer(rule(name));
            }
            values.put(name, value);
        }
        return values;
    }

    /**
     * Checks the rules between settings, each only when the values it needs are valid
     * themselves, and makes a value that breaks one unusable (null).
     *
     * @param keyOf names the key to blame, given the setting at fault and the other setting its
     *              rule involves: inside a target, the target's key when the entry sets either
     */
    static void checkAcross(Map<String, Object> values, BinaryOperator<String> keyOf, Problems problems) {
        across(values, "taskMemoryMiB", "taskCpu", ServiceSettings::memoryProblem, keyOf, problems);
        across(values, "healthCheckTimeoutSeconds", "healthCheckIntervalSeconds", ServiceSettings::timeoutProblem,
                keyOf, problems);
        across(values, "maxHealthyPercent", "minHealthyPercent", ServiceSettings::maxHealthyProblem, keyOf, problems);
    }

    /** The settings, or null when any value is unusable. */
    static ServiceSettings of(Map<String, Object> v) {
        if (v.values().stream().anyMatch(Objects::isNull)) {
            return null;
        }
        return new ServiceSettings((Integer) v.get("desiredCount"), (Integer) v.get("taskCpu"),
                (Integer) v.get("taskMemoryMiB"), (Boolean) v.get("fargateSpot"),
                (Integer) v.get("healthCheckIntervalSeconds"), (Integer) v.get("healthCheckTimeoutSeconds"),
                (Integer) v.get("healthyThreshold"), (Integer) v.get("unhealthyThreshold"),
                (Integer) v.get("deregistrationDelaySeconds"), (Integer) v.get("healthCheckGracePeriodSeconds"),
                (Integer) v.get("stopTimeoutSeconds"), (Integer) v.get("minHealthyPercent"),
                (Integer) v.get("maxHealthyPercent"), (Integer) v.get("deployTimeoutMinutes"),
                (Integer) v.get("alarm5xxThreshold"), (Integer) v.get("alarmUnhealthyHostsThreshold"),
                (Integer) v.get("alarmEvaluationMinutes"), (Integer) v.get("verifyTimeoutSeconds"));
    }

    /** These settings by key, as {@link #read} gives them. */
    Map<String, Object> values() {
        List<Object> components = List.of(desiredCount, taskCpu, taskMemoryMiB, fargateSpot,
                healthCheckIntervalSeconds, healthCheckTimeoutSeconds, healthyThreshold, unhealthyThreshold,
                deregistrationDelaySeconds, healthCheckGracePeriodSeconds, stopTimeoutSeconds, minHealthyPercent,
                maxHealthyPercent, deployTimeoutMinutes, alarm5xxThreshold, alarmUnhealthyHostsThreshold,
                alarmEvaluationMinutes, verifyTimeoutSeconds);
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.size(); i++) {
            values.put(NAMES.get(i), components.get(i));
        }
        return values;
    }

    // ---- rules between settings: what the first value should be given the second, or null when it fits ----

    private static String memoryProblem(int memory, int cpu) {
        return memoryFits(cpu, memory) ? null
                : "a Fargate memory size for taskCpu " + cpu + ": " + memoryRule(cpu);
    }

    private static String timeoutProblem(int timeout, int interval) {
        return timeout < interval ? null
                : "a whole number of seconds from 2 to less than healthCheckIntervalSeconds (" + interval
                        + "); AWS rejects a timeout as long as the interval";
    }

    private static String maxHealthyProblem(int max, int min) {
        return max > min ? null
                : "a whole number from 100 to 200, above minHealthyPercent (" + min + ")";
    }

    private interface Across {
        String problem(int atFault, int other);
    }

    private static void across(Map<String, Object> values, String atFault, String other, Across rule,
                               BinaryOperator<String> keyOf, Problems problems) {
        if (values.get(atFault) instanceof Integer a && values.get(other) instanceof Integer b) {
            String expected = rule.problem(a, b);
            if (expected != null) {
                problems.add(keyOf.apply(atFault, other), a, expected);
                values.put(atFault, null);
            }
        }
    }

    private static Rule<Integer> rule(String name) {
        return RULES.get(name);
    }

    @SafeVarargs
    private static Map<String, Rule<Integer>> rules(Rule<Integer>... rules) {
        Map<String, Rule<Integer>> byName = new LinkedHashMap<>();
        for (Rule<Integer> rule : rules) {
            byName.put(rule.name(), rule);
        }
        return Map.copyOf(byName);
    }

    private static boolean memoryFits(int cpu, int memory) {
        return switch (cpu) {
            case 256 -> memory == 512 || memory == 1024 || memory == 2048;
            case 512 -> memory >= 1024 && memory <= 4096 && memory % 1024 == 0;
            case 1024 -> memory >= 2048 && memory <= 8192 && memory % 1024 == 0;
            case 2048 -> memory >= 4096 && memory <= 16384 && memory % 1024 == 0;
            case 4096 -> memory >= 8192 && memory <= 30720 && memory % 1024 == 0;
            case 8192 -> memory >= 16384 && memory <= 61440 && memory % 4096 == 0;
            case 16384 -> memory >= 32768 && memory <= 122880 && memory % 8192 == 0;
            default -> false;
        };
    }

    private static String memoryRule(int cpu) {
        return switch (cpu) {
            case 256 -> "512, 1024 or 2048";
            case 512 -> "1024 to 4096 in steps of 1024";
            case 1024 -> "2048 to 8192 in steps of 1024";
            case 2048 -> "4096 to 16384 in steps of 1024";
            case 4096 -> "8192 to 30720 in steps of 1024";
            case 8192 -> "16384 to 61440 in steps of 4096";
            case 16384 -> "32768 to 122880 in steps of 8192";
            default -> "none, the CPU size is invalid";
        };
    }
}
