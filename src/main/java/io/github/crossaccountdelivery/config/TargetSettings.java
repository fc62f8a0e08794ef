package io.github.crossaccountdelivery.config;

import static io.github.crossaccountdelivery.config.Setting.Scope.ENTRY;
import static io.github.crossaccountdelivery.config.Setting.Scope.SERVICE;

import io.github.crossaccountdelivery.common.FargateSizes;
import io.github.crossaccountdelivery.common.ReleaseStrategy;
import io.github.crossaccountdelivery.common.TrafficShift;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of a target: how it runs the service (at the top level they are every target's
 * defaults) and the keys of a {@code targets} entry, declared once each, in the order missing
 * keys are reported and the configuration reference lists them, after {@link Settings}'.
 */
public final class TargetSettings {

    static final List<Setting<?>> ALL = new ArrayList<>();

    // ---- How each target runs the service: top-level values are every target's defaults ----

    public static final Setting<Integer> DESIRED_COUNT = service(Setting.range("desiredCount", 1, 100), 1,
            "Running tasks");
    public static final Setting<Integer> TASK_CPU = service(Setting.whole("taskCpu",
            "one of the Fargate CPU sizes 256, 512, 1024, 2048, 4096, 8192 or 16384", FargateSizes.CPU::contains), 256,
            "Fargate CPU units (256 = 0.25 vCPU)");
    public static final Setting<Integer> TASK_MEMORY_MIB = service(Setting.range("taskMemoryMiB", 512, 122880), 512,
            "Fargate memory, a size `taskCpu` allows");
    public static final Setting<Boolean> FARGATE_SPOT = service(Setting.flag("fargateSpot"), false,
            "Fargate Spot (X86_64 only; can be interrupted)");
    public static final Setting<Integer> HEALTH_CHECK_INTERVAL_SECONDS = service(
            Setting.range("healthCheckIntervalSeconds", 5, 300), 5, "Target group health-check interval");
    // AWS allows 2 to 120; the timeout must also be less than the interval (CrossKeyChecks).
    public static final Setting<Integer> HEALTH_CHECK_TIMEOUT_SECONDS = service(
            Setting.range("healthCheckTimeoutSeconds", 2, 120), 4, "Health-check timeout, below the interval");
    public static final Setting<Integer> HEALTHY_THRESHOLD = service(Setting.range("healthyThreshold", 2, 10), 2,
            "Consecutive successful checks before a task is healthy");
    public static final Setting<Integer> UNHEALTHY_THRESHOLD = service(Setting.range("unhealthyThreshold", 2, 10), 2,
            "Consecutive failed checks before a task is unhealthy");
    public static final Setting<Integer> DEREGISTRATION_DELAY_SECONDS = service(
            Setting.range("deregistrationDelaySeconds", 0, 3600), 5, "Draining of a stopping task");
    public static final Setting<Integer> HEALTH_CHECK_GRACE_PERIOD_SECONDS = service(
            Setting.range("healthCheckGracePeriodSeconds", 0, 7200), 30,
            "Time a new task gets before failed checks count");
    public static final Setting<Integer> STOP_TIMEOUT_SECONDS = service(Setting.range("stopTimeoutSeconds", 2, 120), 5,
            "SIGTERM to SIGKILL");
    public static final Setting<Integer> MIN_HEALTHY_PERCENT = service(Setting.range("minHealthyPercent", 0, 100), 100,
            "Lower bound of running tasks during a rollout");
    public static final Setting<Integer> MAX_HEALTHY_PERCENT = service(Setting.range("maxHealthyPercent", 100, 200),
            200, "Upper bound of running tasks during a rollout, above `minHealthyPercent`");
    public static final Setting<Integer> DEPLOY_TIMEOUT_MINUTES = service(Setting.range("deployTimeoutMinutes", 1, 60),
            15, "How long the pipeline's deploy action waits at least; never less than the rollout can take");
    public static final Setting<Integer> ALARM_5XX_THRESHOLD = service(Setting.range("alarm5xxThreshold", 1, 10000),
            5, "Target 5XX responses a minute that roll a deployment back");
    public static final Setting<Integer> ALARM_UNHEALTHY_HOSTS_THRESHOLD = service(
            Setting.range("alarmUnhealthyHostsThreshold", 1, 100), 1, "Unhealthy targets that roll a deployment back");
    public static final Setting<Integer> ALARM_EVALUATION_MINUTES = service(
            Setting.range("alarmEvaluationMinutes", 1, 30), 2, "Consecutive minutes an alarm's condition must hold");
    public static final Setting<Integer> VERIFY_TIMEOUT_SECONDS = service(
            Setting.range("verifyTimeoutSeconds", 30, 1800), 180,
            "How long Verify waits for the rollout and a healthy URL at least; never less than the rollout can take");

    // ---- How each target's production traffic moves to a new release, and when ----

    public static final Setting<ReleaseStrategy> DEPLOYMENT = service(Setting.labelled("deployment",
                    ReleaseStrategy.class), ReleaseStrategy.ROLLING,
            "How ECS moves the service to a new image: `rolling` replaces tasks in place; `blueGreen`, `canary` and"
                    + " `linear` start the new revision beside the old one, check it through a test route, then move"
                    + " production traffic (not yet proven on AWS; see [Deployment strategies](#deployment-strategies))");
    // ECS: 0 to 1440 minutes, and required with BLUE_GREEN.
    // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
    public static final Setting<Integer> BAKE_MINUTES = service(Setting.range("bakeMinutes", 0,
                    TrafficShift.MAX_BAKE_MINUTES), null,
            "Not with `rolling`: minutes both revisions keep running after production traffic moved, for an instant"
                    + " rollback; " + TrafficShift.DEFAULT_BAKE_MINUTES + " when not set");
    // ECS: canary 0.1 to 100, linear 3 to 100, in steps of 0.1 (ServiceChecks holds linear to 3).
    // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CanaryConfiguration.html
    // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinearConfiguration.html
    public static final Setting<Double> STEP_PERCENT = service(Setting.tenths("stepPercent", 0.1, 100), null,
            "`canary`: percent of production traffic moved first (" + Setting.plain(TrafficShift.DEFAULT_CANARY_PERCENT)
                    + " when not set); `linear`: percent moved per step, at least 3 ("
                    + Setting.plain(TrafficShift.DEFAULT_LINEAR_PERCENT) + " when not set)");
    public static final Setting<Integer> STEP_BAKE_MINUTES = service(Setting.range("stepBakeMinutes", 0,
                    TrafficShift.MAX_BAKE_MINUTES), null,
            "`canary`: minutes before the rest of the traffic moves (" + TrafficShift.DEFAULT_CANARY_BAKE_MINUTES
                    + " when not set); `linear`: minutes between steps (" + TrafficShift.DEFAULT_LINEAR_BAKE_MINUTES
                    + " when not set)");
    public static final Setting<String> DEPLOY_WINDOW = service(Setting.text("deployWindow", DeployWindows.CRON_FORM,
                    DeployWindows::validCron).explainedBy(cron -> DeployWindows.CRON_FORM + "; "
                    + DeployWindows.cronProblem(cron)), null,
            "When the Deploy stage may start: a CodePipeline `DeploymentWindow` cron expression; outside it the stage"
                    + " does not deploy (see [Release controls](#release-controls))");
    public static final Setting<String> DEPLOY_WINDOW_TIME_ZONE = service(Setting.text("deployWindowTimeZone",
                    DeployWindows.TIME_ZONE_FORM, DeployWindows::validTimeZone)
                    .explainedBy(DeployWindows::timeZoneExpected), null,
            "The time zone of `deployWindow`; UTC when not set");
    public static final Setting<Boolean> ROLLBACK_ON_FAILURE = service(Setting.flag("rollbackOnFailure"), false,
            "When the Deploy stage fails, CodePipeline rolls it back: it deploys the image of the stage's last"
                    + " successful execution again");

    // ---- A targets entry ----

    public static final Setting<String> TARGET_NAME = declare(Setting.text("name", "1 to 16 lowercase letters, digits"
                    + " or inner hyphens, starting with a letter, such as \"staging\" (it becomes part of stack,"
                    + " stage and role names)", name -> name.matches("[a-z]([a-z0-9-]{0,14}[a-z0-9])?")).in(ENTRY)
            .about("Used in stack, stage and role names", "staging"));
    public static final Setting<String> TARGET_ACCOUNT = declare(Settings.account("account").in(ENTRY)
            .about("The target's account, as a string; not the build account, not another target's",
                    "\"333333333333\""));
    public static final Setting<Boolean> APPROVAL = declare(Setting.flag("approval").in(ENTRY).orElse(false)
            .about("Wait for a person to approve before deploying here", ""));

    private TargetSettings() {
    }

    private static <T> Setting<T> declare(Setting<T> setting) {
        ALL.add(setting);
        return setting;
    }

    private static <T> Setting<T> service(Setting<T> setting, T fallback, String meaning) {
        return declare(setting.in(SERVICE).orElse(fallback).about(meaning, ""));
    }
}
