package io.github.crossaccountdelivery.acceptance.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.acceptance.fake.FakeAccount;
import io.github.crossaccountdelivery.acceptance.fake.FakeCloud;
import io.github.crossaccountdelivery.acceptance.fake.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole program on the fake cloud: each way AWS could differ from the design shows up as its assertion failing. */
class AcceptanceRunTest {

    @TempDir
    Path temp;
    Path project;
    Path work;
    FakeCloud cloud;
    Names names = Fixtures.names();

    @BeforeEach
    void setUp() {
        project = Fixtures.project(temp);
        work = temp.resolve("work");
        cloud = new FakeCloud(names);
    }

    private int run(String... more) throws Exception {
        int status = Program.run(Fixtures.environment(cloud, temp), Fixtures.arguments(project, work, more));
        System.out.println(cloud.console.text());
        return status;
    }

    private String report() throws Exception {
        return Files.readString(work.resolve("report.txt"));
    }

    private List<String> assertionLines() throws Exception {
        return report().lines().filter(l -> l.matches("A\\d+ .*")).toList();
    }

    private String line(Assertion assertion) throws Exception {
        return assertionLines().stream().filter(l -> l.startsWith(assertion.name() + " ")).findFirst().orElseThrow();
    }

    @Test
    void aPlatformThatBehavesAsDesignedPassesEveryAssertionAndExitsZero() throws Exception {
        int status = run();

        assertThat(status).isZero();
        assertThat(assertionLines()).hasSize(Assertion.values().length)
                .allSatisfy(l -> assertThat(l).contains(" PASS "));
        assertThat(report()).contains("outcome:     PASS, all " + Assertion.values().length + " assertions passed")
                .contains("A1  PASS image-built-once-and-scanned: one image " + names.imageTag(
                        "00000000000000000000000000000000c0ffee01"))
                .contains("A7  PASS broken-release-rolled-back: deployment sd-broken")
                .contains("A8  PASS pipeline-stops-at-deploy: execution exec-2 failed in Deploy-test");
    }

    @Test
    void deploysTheTargetFirstPushesBeforeTheBuildStackAndDestroysInReverse() throws Exception {
        run();

        assertThat(cloud.cdk.calls).containsExactly("synth",
                "deploy acc-test01-test --profile test",
                "deploy acc-test01-build --profile build",
                "deploy acc-test01-test --profile test taskMemoryMiB=1024",
                "destroy acc-test01-build --profile build",
                "destroy acc-test01-test --profile test");
        assertThat(cloud.git.pushes).hasSize(2);
        assertThat(cloud.git.pushes.get(0)).startsWith("acceptance-test01 ").endsWith(" r1-test01");
        assertThat(cloud.git.pushes.get(1)).endsWith(" r2-test01-broken");
        // The pipeline's first execution is the one its creation started, of release 1.
        assertThat(cloud.build.executions).hasSize(2);
    }

    @Test
    void teardownRemovesWhatTheStacksRetainAndWhatServicesCreatedAndDeletesTheBranch() throws Exception {
        run();

        assertThat(cloud.build.buckets).isEmpty();
        assertThat(cloud.test.buckets).isEmpty();
        assertThat(cloud.build.repositories).isEmpty();
        assertThat(cloud.build.keys).containsEntry("key-artifacts", "PendingDeletion");
        assertThat(cloud.build.calls).contains("scheduleDeletion key-artifacts 7");
        assertThat(cloud.test.keys).containsEntry("key-test-logs", "PendingDeletion");
        assertThat(cloud.test.calls).noneMatch(c -> c.startsWith("scheduleDeletion"));
        assertThat(cloud.build.logGroups).isEmpty();
        assertThat(cloud.test.logGroups).isEmpty();
        assertThat(cloud.test.taskDefinitions).isEmpty();
        assertThat(cloud.git.deletedBranches).containsExactly("acceptance-test01");
        assertThat(report()).contains("TEARDOWN removed      bucket acc-test01-artifacts-111111111111-eu-west-1")
                .contains("TEARDOWN removed      bucket acc-test01-test-logbucket1a2b3c")
                .contains("TEARDOWN removed      log group /aws/ecs/containerinsights/acc-test01-test/performance")
                .contains("TEARDOWN removed      log group /aws/codepipeline/acc-test01 of the build account")
                .contains("TEARDOWN kept         KMS key key-test-logs of the test account, pending deletion")
                .doesNotContain("NOT REMOVED");
    }

    @Test
    void theReportHasEveryTimingTheReadmeNames() throws Exception {
        run();

        assertThat(report()).contains("TIMING commit-to-running-in-test  9m00s")
                .contains("TIMING deploy                     3m00s")
                .contains("TIMING verify                     2m00s")
                .contains("TIMING rollback                   7m30s")
                .contains("TIMING push-to-execution-start    0m20s");
        assertThat(report().lines().filter(l -> l.startsWith("TIMING "))).hasSize(Report.TIMINGS.size())
                .noneMatch(l -> l.contains("not measured"));
    }

    @Test
    void theRunWritesItsOwnCdkJsonAndLeavesTheUsersAlone() throws Exception {
        String before = Files.readString(project.resolve("cdk.json"));

        run();

        assertThat(Files.readString(project.resolve("cdk.json"))).isEqualTo(before);
        assertThat(Files.readString(work.resolve("project/cdk.json")))
                .contains("\"appName\": \"acc-test01\"", "\"buildAccount\": \"111111111111\"",
                        "\"branch\": \"acceptance-test01\"", "\"containerPort\": 8080");
    }

    @Test
    void aVerifyStageThatFailsFailsA3AndTheRunGoesOnToTheRollback() throws Exception {
        cloud.verifyFails = true;

        int status = run();

        assertThat(status).isEqualTo(1);
        assertThat(line(Assertion.A3)).startsWith("A3  FAIL verify-test-succeeded: Verify-test/Checks Failed")
                .contains("VERIFY health: FAIL");
        // No release was verified, so the metrics rightly hold two failures and no deployment.
        assertThat(line(Assertion.A13)).contains(": no Deployments, no LeadTimeSeconds data point (FailedDeployments 2)");
        assertThat(assertionLines()).filteredOn(l -> l.contains(" FAIL ")).hasSize(2);
        assertThat(report()).contains("FAIL, 2 of " + Assertion.values().length + " assertions failed");
    }

    @Test
    void theFirstDeployRunsThePlaceholderHealthyAndTheVerifyLogsAreFoundInTheBuildAccount() throws Exception {
        run();

        assertThat(line(Assertion.A11)).startsWith("A11 PASS stacks-deploy-from-nothing: acc-test01-test and"
                + " acc-test01-build deployed; first deployment").contains(FakeCloud.PLACEHOLDER);
        assertThat(line(Assertion.A12)).isEqualTo("A12 PASS verify-logs-located: Verify's output is in"
                + " /aws/codepipeline/acc-test01 of the build account");
    }

    @Test
    void verifyLogsInTheTestAccountAreReportedThereAndLogsNowhereFailA12() throws Exception {
        cloud.verifyLogsInTestAccount = true;
        run();
        assertThat(line(Assertion.A12)).endsWith("of the test account");
    }

    @Test
    void verifyLogsFoundInNeitherAccountFailA12Only() throws Exception {
        cloud.verifyLogsNowhere = true;

        int status = run();

        assertThat(status).isEqualTo(1);
        assertThat(line(Assertion.A12)).startsWith("A12 FAIL verify-logs-located: no event in /aws/codepipeline/acc-test01")
                .endsWith("in the build or the test account");
        assertThat(assertionLines()).filteredOn(l -> l.contains(" FAIL ")).hasSize(1);
    }

    @Test
    void theDeliveryMetricsOfBothReleasesAreFoundInTheBuildAccountSinceTheRunStarted() throws Exception {
        Instant start = cloud.clock.instant();

        run();

        assertThat(line(Assertion.A13)).isEqualTo("A13 PASS delivery-metrics-recorded: CrossAccountDelivery"
                + " Pipeline=acc-test01 Target=test since " + start.minus(AcceptanceRun.CLOCK_SKEW)
                + ": Deployments 1, FailedDeployments 1, LeadTimeSeconds 1 data point (mean 905 s)");
        assertThat(cloud.build.calls).filteredOn(c -> c.startsWith("statistics ")).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(c -> assertThat(c).contains("{Pipeline=acc-test01, Target=test}"));
        assertThat(cloud.test.calls).noneMatch(c -> c.startsWith("statistics "));
    }

    @Test
    void deliveryMetricsThatNeverAppearFailA13OnlyAfterItsBound() throws Exception {
        cloud.metricsNeverAppear.addAll(List.of("Deployments", "FailedDeployments", "LeadTimeSeconds"));

        int status = run();

        assertThat(status).isEqualTo(1);
        assertThat(line(Assertion.A13)).startsWith("A13 FAIL delivery-metrics-recorded: CrossAccountDelivery"
                + " Pipeline=acc-test01 Target=test since ").endsWith(": no Deployments, no FailedDeployments,"
                + " no LeadTimeSeconds data point (still so after 10 min)");
        assertThat(assertionLines()).filteredOn(l -> l.contains(" FAIL ")).hasSize(1);
        assertThat(line(Assertion.A10)).contains("PASS");
    }

    @Test
    void aMissingLeadTimeAloneFailsA13AndSaysWhatWasThere() throws Exception {
        cloud.metricsNeverAppear.add("LeadTimeSeconds");

        run();

        assertThat(line(Assertion.A13)).startsWith("A13 FAIL ").endsWith(": no LeadTimeSeconds data point"
                + " (Deployments 1, FailedDeployments 1) (still so after 10 min)");
        assertThat(assertionLines()).filteredOn(l -> l.contains(" FAIL ")).hasSize(1);
    }

    @Test
    void metricsThatTakeMinutesToAppearAreWaitedForWithinTheBound() throws Exception {
        cloud.metricsAppearAfter = Duration.ofMinutes(7);

        run();

        assertThat(line(Assertion.A13)).startsWith("A13 PASS ");
    }

    @Test
    void metricsSlowerThanTheBoundFailA13WithWhatHadAppeared() throws Exception {
        // Release 1's metrics show during the wait; release 2's failure only after it.
        cloud.metricsAppearAfter = Duration.ofMinutes(20);

        run();

        assertThat(line(Assertion.A13)).startsWith("A13 FAIL ").contains(": no FailedDeployments (Deployments 1,")
                .endsWith("(still so after 10 min)");
    }

    @Test
    void aFailedDeploymentRecordedBeforeTheRunStartedDoesNotCount() throws Exception {
        cloud.metricsNeverAppear.add("FailedDeployments");
        Instant start = cloud.clock.instant();
        // An earlier run with the same appName, just beyond the clock-skew margin.
        cloud.build.metricPoints.add(new FakeAccount.MetricPoint("CrossAccountDelivery", "FailedDeployments",
                Map.of("Pipeline", "acc-test01", "Target", "test"),
                start.minus(AcceptanceRun.CLOCK_SKEW).minusSeconds(1), 1, start.minus(Duration.ofMinutes(4))));

        run();

        assertThat(line(Assertion.A13)).startsWith("A13 FAIL ").contains(": no FailedDeployments (Deployments 1,");
    }

    @Test
    void noPermissionToReadMetricsFailsA13QuotingAws() throws Exception {
        cloud.build.failing.put("statistics", "AccessDeniedException: User is not authorized to perform:"
                + " cloudwatch:GetMetricData");

        run();

        assertThat(line(Assertion.A13)).startsWith("A13 FAIL ").contains("is not authorized to perform:"
                + " cloudwatch:GetMetricData").endsWith("(still so after 10 min)");
        assertThat(assertionLines()).filteredOn(l -> l.contains(" FAIL ")).hasSize(1);
    }

    @Test
    void anImageWhoseScanDidNotCompleteFailsA1() throws Exception {
        cloud.scanStatus = "FAILED";

        run();

        assertThat(line(Assertion.A1)).contains("FAIL").contains("scan status FAILED, not COMPLETE or ACTIVE");
    }

    @Test
    void aDayTwoDeployThatBringsThePlaceholderBackFailsA6() throws Exception {
        cloud.dayTwoResetsImage = true;

        run();

        assertThat(line(Assertion.A6)).contains("FAIL").contains("replaced " + names.imageReference(
                "00000000000000000000000000000000c0ffee01") + " with " + FakeCloud.PLACEHOLDER);
    }

    @Test
    void aBrokenReleaseThatIsNotRolledBackFailsA7A8AndA9() throws Exception {
        cloud.brokenReleaseDeploys = true;

        run();

        assertThat(line(Assertion.A7)).contains("FAIL").contains("ended SUCCESSFUL");
        assertThat(line(Assertion.A8)).contains("FAIL").contains("not in Deploy-test");
        assertThat(line(Assertion.A9)).contains("FAIL").contains("not " + names.imageReference(
                "00000000000000000000000000000000c0ffee01"));
    }

    @Test
    void aFailedTargetDeployStopsTheRunTearsDownAndFailsWhatItCouldNotCheck() throws Exception {
        cloud.deployFails = Optional.of(names.testStack());

        int status = run();

        assertThat(status).isEqualTo(1);
        assertThat(report()).contains("stopped at:  deploy acc-test01-test: cdk deploy acc-test01-test exited with status 1");
        for (Assertion a : List.of(Assertion.A1, Assertion.A5, Assertion.A9)) {
            assertThat(line(a)).contains("FAIL").contains("not checked: the run stopped at deploy acc-test01-test");
        }
        assertThat(line(Assertion.A10)).contains("PASS");
        assertThat(cloud.cdk.calls).contains("destroy acc-test01-test --profile test");
        assertThat(cloud.test.buckets).as("the log bucket the failed creation retained").isEmpty();
        assertThat(cloud.git.pushes).isEmpty();
        assertThat(cloud.git.deletedBranches).isEmpty();
    }

    @Test
    void ctrlCDuringTheBuildStackDeployTearsDownWaitsForCloudFormationAndExits130() throws Exception {
        cloud.interruptDeployOf = Optional.of(names.buildStack());

        int status = run();

        assertThat(status).isEqualTo(130);
        assertThat(report()).contains("outcome:     INTERRUPTED")
                .contains("stopped at:  deploy acc-test01-build: interrupted");
        assertThat(cloud.console.text()).contains("Teardown: waiting for acc-test01-build to leave CREATE_IN_PROGRESS");
        assertThat(cloud.cdk.calls).contains("destroy acc-test01-build --profile build",
                "destroy acc-test01-test --profile test");
        assertThat(line(Assertion.A10)).contains("PASS");
        assertThat(cloud.git.deletedBranches).containsExactly("acceptance-test01");
    }

    @Test
    void aPipelineThatNeverStartsEndsAtItsBoundNotNever() throws Exception {
        cloud.executionNeverStarts = true;
        Instant start = cloud.clock.instant();

        run();

        assertThat(report()).contains("stopped at:  release 1 through the pipeline: no execution of commit "
                + "0000000000 started in pipeline acc-test01 within 10 min");
        assertThat(Duration.between(start, cloud.clock.instant())).isLessThan(Duration.ofHours(1));
        assertThat(line(Assertion.A10)).contains("PASS");
    }

    @Test
    void aHangingBuildIsReportedAsTheBuildStageOverrunningItsBound() throws Exception {
        cloud.buildTakes = Duration.ofHours(3);

        run();

        assertThat(report()).contains("stage Build of execution exec-1").contains("past its bound of 35 min");
    }

    @Test
    void aStackThatWillNotDeleteIsReportedAndWhatItRetainsIsLeftInPlace() throws Exception {
        cloud.destroyFails = Optional.of(names.buildStack());

        int status = run();

        assertThat(status).isEqualTo(1);
        assertThat(report()).contains("TEARDOWN NOT REMOVED  stack acc-test01-build (DELETE_FAILED): cdk destroy exited with status 1")
                .contains("TEARDOWN NOT REMOVED  what the build stack retains");
        assertThat(cloud.build.buckets).contains(names.artifactBucket());
        assertThat(line(Assertion.A10)).contains("FAIL").contains("stack acc-test01-build")
                .contains("bucket " + names.artifactBucket());
    }

    @Test
    void withADomainTheServiceIsProbedOverHttpsAtThatName() throws Exception {
        run("--certificate-arn", "arn:aws:acm:eu-west-1:222222222222:certificate/12345678-1234-1234-1234-123456789012",
                "--domain-name", "app.example.com");

        assertThat(cloud.http.requests).isNotEmpty()
                .allSatisfy(uri -> assertThat(uri.toString()).startsWith("https://app.example.com/"));
        assertThat(Files.readString(work.resolve("project/cdk.json"))).contains("\"domainName\": \"app.example.com\"");
    }

    @Test
    void withoutYesItPrintsTheEstimateAsksAndCreatesNothingWhenTheAnswerIsNo() throws Exception {
        String[] args = Arrays.stream(Fixtures.arguments(project, work)).filter(a -> !a.equals("--yes"))
                .toArray(String[]::new);

        int status = Program.run(Fixtures.environment(cloud, temp), args);

        assertThat(status).isEqualTo(Program.DECLINED);
        assertThat(cloud.console.questions).isOne();
        String said = cloud.console.text();
        assertThat(said.indexOf("Estimated cost")).isPositive().isLessThan(said.indexOf("Create these resources"));
        assertThat(cloud.cdk.calls).containsExactly("synth");
        assertThat(cloud.git.pushes).isEmpty();
    }

    @Test
    void anUnreachableServiceFailsA5AfterItsBoundAndTheRunGoesOn() throws Exception {
        cloud.http.down = true;

        run();

        assertThat(line(Assertion.A5)).contains("FAIL").contains("Connection refused").contains("still so after 5 min");
        assertThat(line(Assertion.A7)).contains("PASS");
    }
}
