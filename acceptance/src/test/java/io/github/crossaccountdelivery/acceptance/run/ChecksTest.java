package io.github.crossaccountdelivery.acceptance.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.acceptance.ports.Http;
import io.github.crossaccountdelivery.acceptance.ports.Images.Image;
import io.github.crossaccountdelivery.acceptance.ports.Metrics.Statistics;
import io.github.crossaccountdelivery.acceptance.ports.Pipelines.ActionRun;
import io.github.crossaccountdelivery.acceptance.ports.Pipelines.Execution;
import io.github.crossaccountdelivery.acceptance.ports.Services.Deployment;
import io.github.crossaccountdelivery.acceptance.ports.Services.Service;
import io.github.crossaccountdelivery.acceptance.ports.Services.ServiceDeployment;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each assertion's decision on stubbed AWS answers. */
class ChecksTest {

    static final Instant T = Instant.parse("2026-11-30T10:00:00Z");
    static final String COMMIT = "4f2c0d1e4f2c0d1e4f2c0d1e4f2c0d1e4f2c0d1e";
    static final String TAG = COMMIT + "-arm64";
    static final String IMAGE = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/orders:" + TAG;
    static final String OLD = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/orders:0000-arm64";

    static ActionRun action(String stage, String status, String summary) {
        return new ActionRun(stage, "Action", status, T, Optional.of(T.plusSeconds(60)), summary);
    }

    static PipelineWatch.Outcome outcome(String status, ActionRun... actions) {
        return new PipelineWatch.Outcome(new Execution("exec-1", status, COMMIT, T, T), Arrays.asList(actions));
    }

    static Service running(String image, String rollout, int running) {
        return new Service("ACTIVE", 1, running, List.of(new Deployment("PRIMARY", rollout, "td:7", image, running, 1)));
    }

    // ---- A11, A12 ----

    @Test
    void theFirstDeploymentPassesOnlyCompletedWithEveryTaskRunning() {
        assertThat(Checks.firstDeployHealthy(Optional.of(running("whoami", "COMPLETED", 1))).passed()).isTrue();
        assertThat(Checks.firstDeployHealthy(Optional.of(running("whoami", "IN_PROGRESS", 0))).detail())
                .isEqualTo("the first deployment (td:7, whoami) is IN_PROGRESS with 0 of 1 tasks running");
        assertThat(Checks.firstDeployHealthy(Optional.empty()).detail()).isEqualTo("the service does not exist");
    }

    @Test
    void verifyLogsCountOnlyFromEventsSinceVerifyStartedAndNameEveryAccountThatHasThem() {
        var both = new java.util.LinkedHashMap<String, Optional<Instant>>();
        both.put("build", Optional.of(T.plusSeconds(60)));
        both.put("test", Optional.of(T.plusSeconds(90)));
        assertThat(Checks.logsLocated("/aws/codepipeline/orders", both, T).detail())
                .isEqualTo("Verify's output is in /aws/codepipeline/orders of the build and the test account");
        var stale = new java.util.LinkedHashMap<String, Optional<Instant>>();
        stale.put("build", Optional.of(T.minusSeconds(1)));
        stale.put("test", Optional.empty());
        assertThat(Checks.logsLocated("/aws/codepipeline/orders", stale, T).passed()).isFalse();
    }

    // ---- A13 ----

    static final Map<String, String> ORDERS_TEST = new LinkedHashMap<>(Map.of("Pipeline", "orders"));

    static {
        ORDERS_TEST.put("Target", "test");
    }

    static Verdict metrics(Statistics deployments, Statistics failed, Statistics leadTime) {
        return Checks.deliveryMetricsRecorded("CrossAccountDelivery", ORDERS_TEST, T, deployments, failed, leadTime);
    }

    @Test
    void aDeploymentAFailedDeploymentAndALeadTimePassA13AndTheDetailSaysWhereAndWhat() {
        Verdict verdict = metrics(new Statistics(1, 1), new Statistics(1, 1), new Statistics(540, 1));

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.detail()).isEqualTo("CrossAccountDelivery Pipeline=orders Target=test since"
                + " 2026-11-30T10:00:00Z: Deployments 1, FailedDeployments 1, LeadTimeSeconds 1 data point (mean 540 s)");
        assertThat(metrics(new Statistics(2, 2), new Statistics(3, 3), new Statistics(900, 2)).detail())
                .as("more than the run made, a retried event say, still passes, and shows")
                .endsWith(": Deployments 2, FailedDeployments 3, LeadTimeSeconds 2 data points (mean 450 s)");
    }

    @Test
    void eachMissingDeliveryMetricFailsA13AndIsNamedBeforeWhatWasSeen() {
        assertThat(metrics(new Statistics(1, 1), Statistics.NONE, new Statistics(540, 1)))
                .isEqualTo(Verdict.fail("CrossAccountDelivery Pipeline=orders Target=test since 2026-11-30T10:00:00Z:"
                        + " no FailedDeployments (Deployments 1, LeadTimeSeconds 1 data point (mean 540 s))"));
        assertThat(metrics(new Statistics(1, 1), new Statistics(1, 1), Statistics.NONE).detail())
                .endsWith(": no LeadTimeSeconds data point (Deployments 1, FailedDeployments 1)");
        assertThat(metrics(Statistics.NONE, Statistics.NONE, Statistics.NONE).detail())
                .endsWith(": no Deployments, no FailedDeployments, no LeadTimeSeconds data point");
    }

    @Test
    void countsThatSumToLessThanOneFailEvenWithDataPoints() {
        Verdict verdict = metrics(new Statistics(0, 2), new Statistics(1, 1), new Statistics(540, 1));

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.detail()).contains(": no Deployments (sum 0.0 over 2 data points) (FailedDeployments 1,");
    }

    // ---- A1 ----

    @Test
    void oneScannedImageForTheCommitPasses() {
        assertThat(Checks.imageBuiltOnceAndScanned(List.of(new Image("sha256:a", List.of(TAG), T, "COMPLETE"),
                new Image("sha256:b", List.of("0000-arm64"), T, "COMPLETE")), COMMIT, TAG).passed()).isTrue();
        assertThat(Checks.imageBuiltOnceAndScanned(List.of(new Image("sha256:a", List.of(TAG), T, "ACTIVE")),
                COMMIT, TAG).passed()).as("enhanced scanning").isTrue();
    }

    @Test
    void aMissingImageTwoImagesOfTheCommitOrAnUnfinishedScanFail() {
        assertThat(Checks.imageBuiltOnceAndScanned(List.of(), COMMIT, TAG).detail())
                .isEqualTo("no image tagged " + TAG + " in the repository (0 images)");
        assertThat(Checks.imageBuiltOnceAndScanned(List.of(new Image("sha256:a", List.of(TAG), T, "COMPLETE"),
                new Image("sha256:b", List.of(COMMIT + "-amd64"), T, "COMPLETE")), COMMIT, TAG))
                .extracting(Verdict::passed, Verdict::detail).first().isEqualTo(false);
        assertThat(Checks.imageBuiltOnceAndScanned(List.of(new Image("sha256:a", List.of(TAG), T,
                "IN_PROGRESS")), COMMIT, TAG).detail()).contains("scan status IN_PROGRESS");
    }

    // ---- A2, A3 ----

    @Test
    void aStageThatSucceededPassesAndOneThatFailedOrDidNotRunFailsWithItsMessage() {
        PipelineWatch.Outcome run = outcome("Failed", action("Deploy-test", "Succeeded", ""),
                action("Verify-test", "Failed", "VERIFY rollout: FAIL, ..."));

        assertThat(Checks.stageSucceeded(run, "Deploy-test").passed()).isTrue();
        assertThat(Checks.stageSucceeded(run, "Verify-test").detail())
                .isEqualTo("Verify-test/Action Failed in 1 min: VERIFY rollout: FAIL, ... (execution exec-1)");
        assertThat(Checks.stageSucceeded(outcome("Failed", action("Build", "Failed", "")), "Deploy-test").detail())
                .isEqualTo("Deploy-test did not run in execution exec-1 (Failed)");
    }

    // ---- A4 ----

    @Test
    void theServicePassesOnlyWhenItsCompletedPrimaryDeploymentRunsTheImageWithEveryTask() {
        assertThat(Checks.runsImage(Optional.of(running(IMAGE, "COMPLETED", 1)), IMAGE).passed()).isTrue();
        assertThat(Checks.runsImage(Optional.of(running(OLD, "COMPLETED", 1)), IMAGE).detail())
                .isEqualTo("the PRIMARY deployment (td:7) runs " + OLD + ", not " + IMAGE);
        assertThat(Checks.runsImage(Optional.of(running(IMAGE, "IN_PROGRESS", 1)), IMAGE).passed()).isFalse();
        assertThat(Checks.runsImage(Optional.of(running(IMAGE, "COMPLETED", 0)), IMAGE).passed()).isFalse();
        assertThat(Checks.runsImage(Optional.empty(), IMAGE).detail()).isEqualTo("the service does not exist");
    }

    // ---- A5 ----

    @Test
    void theUrlPassesWith200OnHealthAndTheReleaseOnTheRoot() {
        String release = "\"release\": \"r1\"";
        Http.Answer healthy = new Http.Answer(200, "ok");

        assertThat(Checks.serves("http://alb", healthy, new Http.Answer(200, "{\"release\": \"r1\"}"), release)
                .passed()).isTrue();
        assertThat(Checks.serves("http://alb", new Http.Answer(503, ""), healthy, release).detail())
                .isEqualTo("http://alb answered 503 on the health path, not 200");
        assertThat(Checks.serves("http://alb", healthy, new Http.Answer(200, "Hostname: whoami"), release).detail())
                .contains("without \"release\": \"r1\"").contains("whoami");
    }

    // ---- A6 ----

    @Test
    void aDayTwoDeployPassesWhenTheImageStaysAndSaysWhetherItRegisteredARevision() {
        Deployment before = new Deployment("PRIMARY", "COMPLETED", "td:2", IMAGE, 1, 1);
        Service after = new Service("ACTIVE", 1, 1, List.of(new Deployment("PRIMARY", "COMPLETED", "td:3", IMAGE, 1,
                1)));

        assertThat(Checks.imageUnchanged(before, Optional.of(after)).detail())
                .isEqualTo("still " + IMAGE + ", on the new revision td:3 (was td:2)");
        assertThat(Checks.imageUnchanged(before, Optional.of(running(IMAGE, "COMPLETED", 1))).passed()).isTrue();
        assertThat(Checks.imageUnchanged(before, Optional.of(new Service("ACTIVE", 1, 1, List.of(
                new Deployment("PRIMARY", "COMPLETED", "td:2", IMAGE, 1, 1))))).detail())
                .contains("registered no new revision");
        assertThat(Checks.imageUnchanged(before, Optional.of(running("traefik/whoami", "COMPLETED", 1))).detail())
                .isEqualTo("the deploy replaced " + IMAGE + " with traefik/whoami (td:2 -> td:7)");
    }

    // ---- A7 ----

    @Test
    void aRollbackPassesOnlyAsRollbackSuccessfulOfTheBrokenImage() {
        ServiceDeployment rolledBack = new ServiceDeployment("sd-2", "ROLLBACK_SUCCESSFUL", IMAGE, T,
                Optional.of(T.plusSeconds(300)), "circuit breaker TRIGGERED");

        assertThat(Checks.rolledBack(List.of(rolledBack), IMAGE).detail())
                .isEqualTo("deployment sd-2 of " + IMAGE + " ended ROLLBACK_SUCCESSFUL: circuit breaker TRIGGERED");
        assertThat(Checks.rolledBack(List.of(new ServiceDeployment("sd-2", "ROLLBACK_FAILED", IMAGE, T,
                Optional.of(T), "")), IMAGE).passed()).isFalse();
        assertThat(Checks.rolledBack(List.of(new ServiceDeployment("sd-2", "SUCCESSFUL", OLD, T, Optional.of(T), "")),
                IMAGE).detail()).startsWith("no service deployment of " + IMAGE);
    }

    // ---- A8 ----

    @Test
    void thePipelineMustFailInDeployAndRunNothingAfterIt() {
        List<String> stages = List.of("Source", "Build", "Deploy-test", "Verify-test");

        assertThat(Checks.stoppedAt(outcome("Failed", action("Source", "Succeeded", ""),
                action("Build", "Succeeded", ""), action("Deploy-test", "Failed", "rolled back")), stages,
                "Deploy-test").passed()).isTrue();
        assertThat(Checks.stoppedAt(outcome("Failed", action("Deploy-test", "Succeeded", ""),
                action("Verify-test", "Failed", "")), stages, "Deploy-test").detail())
                .startsWith("the execution failed, but not in Deploy-test");
        assertThat(Checks.stoppedAt(outcome("Succeeded", action("Deploy-test", "Succeeded", "")), stages,
                "Deploy-test").detail()).isEqualTo("the execution exec-1 ended Succeeded, not Failed");
        assertThat(Checks.stoppedAt(outcome("Failed", action("Deploy-test", "Failed", ""),
                action("Verify-test", "Abandoned", "")), stages, "Deploy-test").detail())
                .isEqualTo("Deploy-test failed, yet [Verify-test] ran");
    }

    // ---- A9, A10 ----

    @Test
    void stillServingNeedsBothTheServiceAndTheUrl() {
        assertThat(Checks.stillServes(Verdict.pass("runs old"), Verdict.pass("serves r1")).detail())
                .isEqualTo("runs old; serves r1");
        assertThat(Checks.stillServes(Verdict.pass("runs old"), Verdict.fail("no answer")).detail())
                .isEqualTo("no answer");
        assertThat(Checks.stillServes(Verdict.fail("runs new"), Verdict.pass("serves r1")).passed()).isFalse();
    }

    @Test
    void teardownPassesOnlyWithNothingLeft() {
        assertThat(Checks.nothingLeft(List.of()).passed()).isTrue();
        assertThat(Checks.nothingLeft(List.of("bucket b", "stack s")).detail()).isEqualTo("still there: bucket b; stack s");
    }
}
