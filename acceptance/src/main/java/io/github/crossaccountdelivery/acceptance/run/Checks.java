package io.github.crossaccountdelivery.acceptance.run;

import io.github.crossaccountdelivery.acceptance.ports.Http;
import io.github.crossaccountdelivery.acceptance.ports.Images.Image;
import io.github.crossaccountdelivery.acceptance.ports.Metrics.Statistics;
import io.github.crossaccountdelivery.acceptance.ports.Pipelines.ActionRun;
import io.github.crossaccountdelivery.acceptance.ports.Services.Deployment;
import io.github.crossaccountdelivery.acceptance.ports.Services.Service;
import io.github.crossaccountdelivery.acceptance.ports.Services.ServiceDeployment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Each assertion's pass/fail decision, from what AWS answered: pure functions, so that every
 * decision is tested offline on stubbed answers.
 */
public final class Checks {

    /** ECR's scan states that mean "scanned": COMPLETE for basic scanning, ACTIVE for enhanced (continuous) scanning. */
    static final Set<String> SCANNED = Set.of("COMPLETE", "ACTIVE");

    private Checks() {
    }

    /** A1: one image carries the commit's tag, no other image was pushed for the commit, and its scan finished. */
    public static Verdict imageBuiltOnceAndScanned(List<Image> images, String commit, String tag) {
        List<Image> tagged = images.stream().filter(i -> i.tags().contains(tag)).toList();
        List<Image> ofCommit = images.stream().filter(i -> i.tags().stream().anyMatch(t -> t.startsWith(commit)))
                .toList();
        if (tagged.isEmpty()) {
            return Verdict.fail("no image tagged %s in the repository (%d images)".formatted(tag, images.size()));
        }
        if (ofCommit.size() > 1) {
            return Verdict.fail("%d images for commit %s: %s".formatted(ofCommit.size(), commit,
                    ofCommit.stream().map(i -> i.digest() + " " + i.tags()).toList()));
        }
        Image image = tagged.get(0);
        if (!SCANNED.contains(image.scanStatus())) {
            return Verdict.fail("image %s (%s) has scan status %s, not COMPLETE or ACTIVE".formatted(tag,
                    image.digest(), image.scanStatus()));
        }
        return Verdict.pass("one image %s (%s), scan %s".formatted(tag, image.digest(), image.scanStatus()));
    }

    /** A2, A3: the stage's action ran in this execution and succeeded. */
    public static Verdict stageSucceeded(PipelineWatch.Outcome outcome, String stage) {
        Optional<ActionRun> run = outcome.stage(stage);
        if (run.isEmpty()) {
            return Verdict.fail("%s did not run in execution %s (%s)".formatted(stage, outcome.execution().id(),
                    outcome.execution().status()));
        }
        ActionRun action = run.get();
        String took = outcome.duration(stage).map(d -> " in " + Waiter.minutes(d)).orElse("");
        return action.status().equals("Succeeded")
                ? Verdict.pass("%s/%s succeeded%s (execution %s)".formatted(stage, action.action(), took,
                outcome.execution().id()))
                : Verdict.fail("%s/%s %s%s: %s (execution %s)".formatted(stage, action.action(), action.status(), took,
                action.summary().isBlank() ? "no message" : action.summary(), outcome.execution().id()));
    }

    /** A4: the PRIMARY deployment completed, runs the image, with every task running. */
    public static Verdict runsImage(Optional<Service> service, String image) {
        if (service.isEmpty()) {
            return Verdict.fail("the service does not exist");
        }
        Optional<Deployment> primary = service.get().primary();
        if (primary.isEmpty()) {
            return Verdict.fail("the service has no PRIMARY deployment");
        }
        Deployment d = primary.get();
        if (!d.image().equals(image)) {
            return Verdict.fail("the PRIMARY deployment (%s) runs %s, not %s".formatted(d.taskDefinition(), d.image(),
                    image));
        }
        if (!d.rolloutState().equals("COMPLETED") || d.running() < d.desired() || d.desired() == 0) {
            return Verdict.fail("the PRIMARY deployment (%s) runs %s but is %s with %d of %d tasks running".formatted(
                    d.taskDefinition(), image, d.rolloutState(), d.running(), d.desired()));
        }
        return Verdict.pass("%s runs %s, rollout COMPLETED, %d of %d tasks".formatted(d.taskDefinition(), image,
                d.running(), d.desired()));
    }

    /**
     * A11, the service half: right after the first deploy of the target stack, before the pipeline
     * has built anything, the PRIMARY deployment completed with every task running.
     */
    public static Verdict firstDeployHealthy(Optional<Service> service) {
        Optional<Deployment> primary = service.flatMap(Service::primary);
        if (primary.isEmpty()) {
            return Verdict.fail(service.isEmpty() ? "the service does not exist" : "the service has no PRIMARY deployment");
        }
        Deployment d = primary.get();
        if (!d.rolloutState().equals("COMPLETED") || d.desired() == 0 || d.running() < d.desired()) {
            return Verdict.fail("the first deployment (%s, %s) is %s with %d of %d tasks running".formatted(
                    d.taskDefinition(), d.image(), d.rolloutState(), d.running(), d.desired()));
        }
        return Verdict.pass("first deployment %s runs %s, COMPLETED, %d of %d tasks".formatted(d.taskDefinition(),
                d.image(), d.running(), d.desired()));
    }

    /**
     * A12: which account's Commands log group received an event during or after the Verify
     * action; AWS does not document which (docs/aws-assumptions.md, U2).
     *
     * @param lastEventByAccount each account's label to the newest event of its log group
     * @param verifyStarted      when the Verify action started, by AWS's clock
     */
    public static Verdict logsLocated(String group, java.util.Map<String, Optional<java.time.Instant>> lastEventByAccount,
                                      java.time.Instant verifyStarted) {
        List<String> found = lastEventByAccount.entrySet().stream()
                .filter(e -> e.getValue().filter(t -> !t.isBefore(verifyStarted)).isPresent())
                .map(java.util.Map.Entry::getKey).toList();
        return found.isEmpty()
                ? Verdict.fail("no event in %s since Verify started (%s), in the %s account".formatted(group,
                        verifyStarted, String.join(" or the ", lastEventByAccount.keySet())))
                : Verdict.pass("Verify's output is in %s of the %s account".formatted(group,
                        String.join(" and the ", found)));
    }

    /** A5, and the URL half of A9: the health path answers 200 and the root serves the expected release. */
    public static Verdict serves(String url, Http.Answer health, Http.Answer root, String release) {
        if (health.status() != 200) {
            return Verdict.fail("%s answered %d on the health path, not 200".formatted(url, health.status()));
        }
        if (root.status() != 200 || !root.body().contains(release)) {
            return Verdict.fail("%s answered 200 on the health path, but / answered %d without %s: %s".formatted(url,
                    root.status(), release, abbreviate(root.body())));
        }
        return Verdict.pass("%s answered 200 on the health path and serves %s".formatted(url, release));
    }

    /** A6: the day-two deploy left the image alone (and, when it registered a revision, that revision runs it). */
    public static Verdict imageUnchanged(Deployment before, Optional<Service> after) {
        if (after.isEmpty() || after.get().primary().isEmpty()) {
            return Verdict.fail("after the deploy the service has no PRIMARY deployment");
        }
        Deployment now = after.get().primary().get();
        if (!now.image().equals(before.image())) {
            return Verdict.fail("the deploy replaced %s with %s (%s -> %s)".formatted(before.image(), now.image(),
                    before.taskDefinition(), now.taskDefinition()));
        }
        if (!now.rolloutState().equals("COMPLETED")) {
            return Verdict.fail("the image is unchanged but the deployment %s is %s".formatted(now.taskDefinition(),
                    now.rolloutState()));
        }
        return Verdict.pass(now.taskDefinition().equals(before.taskDefinition())
                ? "still %s on %s; the deploy registered no new revision, so the image reader was not exercised"
                .formatted(now.image(), now.taskDefinition())
                : "still %s, on the new revision %s (was %s)".formatted(now.image(), now.taskDefinition(),
                before.taskDefinition()));
    }

    /** A7: the deployment that tried the broken image ended rolled back. */
    public static Verdict rolledBack(List<ServiceDeployment> deployments, String brokenImage) {
        List<ServiceDeployment> tries = deployments.stream().filter(d -> d.targetImage().equals(brokenImage)).toList();
        if (tries.isEmpty()) {
            return Verdict.fail("no service deployment of %s since the broken release was pushed (%d others)".formatted(
                    brokenImage, deployments.size()));
        }
        ServiceDeployment last = tries.get(tries.size() - 1);
        String why = last.reason().isBlank() ? "" : ": " + last.reason();
        return last.status().equals("ROLLBACK_SUCCESSFUL")
                ? Verdict.pass("deployment %s of %s ended ROLLBACK_SUCCESSFUL%s".formatted(last.arn(), brokenImage, why))
                : Verdict.fail("deployment %s of %s ended %s%s".formatted(last.arn(), brokenImage, last.status(), why));
    }

    /** A8: the execution failed in the deploy stage, and no stage after it ran. */
    public static Verdict stoppedAt(PipelineWatch.Outcome outcome, List<String> stages, String stage) {
        String status = outcome.execution().status();
        if (!status.equals("Failed")) {
            return Verdict.fail("the execution %s ended %s, not Failed".formatted(outcome.execution().id(), status));
        }
        Optional<ActionRun> deploy = outcome.stage(stage);
        if (deploy.isEmpty() || !deploy.get().status().equals("Failed")) {
            return Verdict.fail("the execution failed, but not in %s (%s)".formatted(stage,
                    outcome.actions().stream().map(a -> a.stage() + " " + a.status()).toList()));
        }
        List<String> later = stages.subList(stages.indexOf(stage) + 1, stages.size()).stream()
                .filter(s -> outcome.stage(s).isPresent()).toList();
        if (!later.isEmpty()) {
            return Verdict.fail("%s failed, yet %s ran".formatted(stage, later));
        }
        return Verdict.pass("execution %s failed in %s (%s); no later stage ran".formatted(outcome.execution().id(),
                stage, deploy.get().summary().isBlank() ? "no message" : abbreviate(deploy.get().summary())));
    }

    /** A9: both halves: ECS runs the previous image, and the URL serves the previous release. */
    public static Verdict stillServes(Verdict runsPrevious, Verdict servesPrevious) {
        if (!runsPrevious.passed()) {
            return Verdict.fail(runsPrevious.detail());
        }
        if (!servesPrevious.passed()) {
            return Verdict.fail(servesPrevious.detail());
        }
        return Verdict.pass(runsPrevious.detail() + "; " + servesPrevious.detail());
    }

    /** A10: what teardown found still there, by name. */
    public static Verdict nothingLeft(List<String> remaining) {
        return remaining.isEmpty()
                ? Verdict.pass("no stack, bucket, repository, alias, log group or task definition of the app remains")
                : Verdict.fail("still there: " + String.join("; ", remaining));
    }

    /** The delivery metrics A13 looks for, named as the app's {@code DeliveryMetrics} has its function write them. */
    public static final String DEPLOYMENTS = "Deployments";
    public static final String FAILED_DEPLOYMENTS = "FailedDeployments";
    public static final String LEAD_TIME = "LeadTimeSeconds";

    /**
     * A13: the build account's CloudWatch has the delivery metrics of the run's two releases:
     * release 1's verified deployment (a {@value #DEPLOYMENTS} count and its {@value #LEAD_TIME})
     * and release 2's failed deploy (a {@value #FAILED_DEPLOYMENTS} count). At least one each:
     * the run makes one of each, and does not judge the counts' exactness.
     *
     * @param since the start of the range asked for, by AWS's clock
     */
    public static Verdict deliveryMetricsRecorded(String namespace, Map<String, String> dimensions, Instant since,
                                                  Statistics deployments, Statistics failed, Statistics leadTime) {
        String where = "%s %s since %s".formatted(namespace, dimensions.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + " " + b).orElse(""), since);
        List<String> missing = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        (deployments.sum() >= 1 ? seen : missing).add(count(DEPLOYMENTS, deployments));
        (failed.sum() >= 1 ? seen : missing).add(count(FAILED_DEPLOYMENTS, failed));
        (leadTime.samples() >= 1 ? seen : missing).add(leadTime.samples() == 0 ? "no " + LEAD_TIME + " data point"
                : "%s %d data point%s (mean %.0f s)".formatted(LEAD_TIME, leadTime.samples(),
                leadTime.samples() == 1 ? "" : "s", leadTime.sum() / leadTime.samples()));
        return missing.isEmpty()
                ? Verdict.pass(where + ": " + String.join(", ", seen))
                : Verdict.fail(where + ": " + String.join(", ", missing)
                + (seen.isEmpty() ? "" : " (" + String.join(", ", seen) + ")"));
    }

    private static String count(String metric, Statistics statistics) {
        if (statistics.sum() < 1) {
            return "no " + metric + (statistics.samples() == 0 ? "" : " (sum %s over %d data points)"
                    .formatted(statistics.sum(), statistics.samples()));
        }
        return "%s %s".formatted(metric, statistics.sum() == Math.rint(statistics.sum())
                ? String.valueOf((long) statistics.sum()) : String.valueOf(statistics.sum()));
    }

    static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() > 160 ? flat.substring(0, 157) + "..." : flat;
    }
}
