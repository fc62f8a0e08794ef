package io.github.crossaccountdelivery.config;

/**
 * How a target runs the service and rolls out a new image: task size and count, and the
 * timings of a rolling deployment. Every value has a default tuned for quick, safe rollouts of
 * a small service; each can be set in context under the same name.
 *
 * <p>A rolling deploy takes about {@code L + I*H + D + S}: the task's start-up (L), the health
 * checks that make it healthy (interval I times healthy threshold H), the old task's
 * deregistration delay (D) and its stop timeout (S). The defaults give 35 + 5*2 + 5 + 5 = 55 s,
 * against 35 + 30*5 + 300 + 30 = 515 s with CDK and AWS defaults.
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
        int deployTimeoutMinutes) {

    /** The defaults: a small task, one of it, on-demand, with quick health checks and short drains. */
    public static final ServiceSettings DEFAULTS =
            new ServiceSettings(1, 256, 512, false, 5, 4, 2, 2, 5, 30, 5, 100, 200, 15);

    /** Seconds a task needs to start and listen, assumed by the rollout model. */
    public static final int STARTUP_ALLOWANCE_SECONDS = 35;

    public ServiceSettings {
        range(desiredCount, 1, 100, "desiredCount");
        require(java.util.List.of(256, 512, 1024, 2048, 4096, 8192, 16384).contains(taskCpu), "taskCpu", taskCpu,
                "one of the Fargate CPU sizes 256, 512, 1024, 2048, 4096, 8192 or 16384");
        require(memoryFits(taskCpu, taskMemoryMiB), "taskMemoryMiB", taskMemoryMiB,
                "a Fargate memory size for taskCpu " + taskCpu + ": " + memoryRule(taskCpu));
        range(healthCheckIntervalSeconds, 5, 300, "healthCheckIntervalSeconds");
        require(healthCheckTimeoutSeconds >= 2 && healthCheckTimeoutSeconds < healthCheckIntervalSeconds,
                "healthCheckTimeoutSeconds", healthCheckTimeoutSeconds,
                "a whole number of seconds from 2 to less than healthCheckIntervalSeconds ("
                        + healthCheckIntervalSeconds + "); AWS rejects a timeout as long as the interval");
        range(healthyThreshold, 2, 10, "healthyThreshold");
        range(unhealthyThreshold, 2, 10, "unhealthyThreshold");
        range(deregistrationDelaySeconds, 0, 3600, "deregistrationDelaySeconds");
        range(healthCheckGracePeriodSeconds, 0, 7200, "healthCheckGracePeriodSeconds");
        range(stopTimeoutSeconds, 2, 120, "stopTimeoutSeconds");
        range(minHealthyPercent, 0, 100, "minHealthyPercent");
        require(maxHealthyPercent >= 100 && maxHealthyPercent <= 200 && maxHealthyPercent > minHealthyPercent,
                "maxHealthyPercent", maxHealthyPercent,
                "a whole number from 100 to 200, above minHealthyPercent (" + minHealthyPercent + ")");
        range(deployTimeoutMinutes, 1, 60, "deployTimeoutMinutes");
    }

    /** The modeled rolling-deploy time in seconds, L + I*H + D + S. */
    public int modeledRolloutSeconds() {
        return STARTUP_ALLOWANCE_SECONDS + healthCheckIntervalSeconds * healthyThreshold
                + deregistrationDelaySeconds + stopTimeoutSeconds;
    }

    /**
     * Reads the settings from context, each key falling back to the given defaults. Inside a
     * target, the targets reader puts the {@code targets[i].} prefix on the key an error names.
     */
    static ServiceSettings read(ContextReader read, ServiceSettings defaults) {
        return new ServiceSettings(
                read.optionalInteger("desiredCount", defaults.desiredCount(), "a whole number from 1 to 100"),
                read.optionalInteger("taskCpu", defaults.taskCpu(), "a Fargate CPU size such as 256"),
                read.optionalInteger("taskMemoryMiB", defaults.taskMemoryMiB(), "a Fargate memory size such as 512"),
                read.optionalBoolean("fargateSpot", defaults.fargateSpot(), "true or false"),
                read.optionalInteger("healthCheckIntervalSeconds", defaults.healthCheckIntervalSeconds(), SECONDS),
                read.optionalInteger("healthCheckTimeoutSeconds", defaults.healthCheckTimeoutSeconds(), SECONDS),
                read.optionalInteger("healthyThreshold", defaults.healthyThreshold(), COUNT),
                read.optionalInteger("unhealthyThreshold", defaults.unhealthyThreshold(), COUNT),
                read.optionalInteger("deregistrationDelaySeconds", defaults.deregistrationDelaySeconds(), SECONDS),
                read.optionalInteger("healthCheckGracePeriodSeconds", defaults.healthCheckGracePeriodSeconds(), SECONDS),
                read.optionalInteger("stopTimeoutSeconds", defaults.stopTimeoutSeconds(), SECONDS),
                read.optionalInteger("minHealthyPercent", defaults.minHealthyPercent(), PERCENT),
                read.optionalInteger("maxHealthyPercent", defaults.maxHealthyPercent(), PERCENT),
                read.optionalInteger("deployTimeoutMinutes", defaults.deployTimeoutMinutes(), "a whole number of minutes"));
    }

    private static final String SECONDS = "a whole number of seconds";
    private static final String COUNT = "a whole number";
    private static final String PERCENT = "a whole number of percent";

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

    private static void range(int value, int min, int max, String key) {
        require(value >= min && value <= max, key, value, "a whole number from %d to %d".formatted(min, max));
    }

    private static void require(boolean valid, String key, Object given, String expected) {
        if (!valid) {
            throw new InvalidConfigException(key, given, expected);
        }
    }
}
