package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The delivery-metrics function ({@code handlers/delivery-metrics.js}), run in Node by
 * {@code handlers/run-event-handler.js} on the recorded CodePipeline events in
 * {@code events/codepipeline}, with {@code handlers/fake-sdk} standing in for
 * {@code @aws-sdk/client-codepipeline}, scripted per scenario. No AWS and no CDK synthesis. As in
 * {@link CurrentImageHandlerTest}, every scenario runs once, before the tests, in one Node process
 * that loads the handler, the fake and the environment anew for each; each test asserts on its own
 * scenario's record: the metric documents the function wrote (embedded metric format), its
 * CodePipeline calls and its log lines.
 */
@WithoutCdk
class DeliveryMetricsHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMESPACE = "CrossAccountDelivery";
    /** The execution of verify-succeeded.json and deploy-succeeded.json. */
    private static final String EXECUTION = "3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c";
    /** When Verify-test succeeded in verify-succeeded.json. */
    private static final Instant VERIFIED = Instant.parse("2026-11-27T10:17:42Z");
    private static final Instant COMMITTED = Instant.parse("2026-11-27T10:09:12Z");
    /** The first failure since the last success, in {@link #historyWithFailures()}: deploy-failed.json's. */
    private static final Instant FIRST_FAILURE = Instant.parse("2026-11-26T14:52:08Z");

    private static final List<Map<String, Object>> SCENARIOS = new ArrayList<>();
    /**
     * One Node process for all of {@link #SCENARIOS}, started as the test run starts
     * ({@link StartHandlerBatches}); it waits at most 10 s a scenario, and then some.
     */
    static final HandlerBatch.Once<Run> BATCH = new HandlerBatch.Once<>(() -> HandlerBatch.start(
            "run-event-handler.js", "delivery-metrics.js", List.of("@aws-sdk/client-codepipeline"), SCENARIOS,
            Run.class, SCENARIOS.size() * 10_000L + 10_000, 1));

    /** What the Node process answered. */
    private static HandlerBatch<Run> batch;

    @BeforeAll
    static void awaitEveryScenario() throws Exception {
        batch = BATCH.finish();
    }

    // --- a successful deployment -----------------------------------------------------------------

    private static final String FIRST_SUCCESS_AFTER_FAILURES = scenario("first success after failures",
            event("verify-succeeded"), oneTarget(), sdk(executionCommittedAt(COMMITTED), historyWithFailures()));

    @Test
    void aSuccessfulVerifyIsADeploymentOfItsTargetWithItsLeadTimeAndTheTimeToRestore() {
        Run run = run(FIRST_SUCCESS_AFTER_FAILURES);

        Map<String, Object> metrics = run.onlyDocument();
        assertThat(metrics).containsEntry("Pipeline", "orders").containsEntry("Target", "test")
                .containsEntry("ExecutionId", EXECUTION)
                .containsEntry("Deployments", 1)
                .containsEntry("LeadTimeSeconds", seconds(COMMITTED, VERIFIED))
                .containsEntry("TimeToRestoreSeconds", seconds(FIRST_FAILURE, VERIFIED))
                .doesNotContainKey("FailedDeployments");
        assertThat(seconds(COMMITTED, VERIFIED)).isEqualTo(510);
        assertThat(seconds(FIRST_FAILURE, VERIFIED)).isEqualTo(19 * 3600 + 25 * 60 + 34);
    }

    @Test
    void eachDocumentIsEmbeddedMetricFormatWithThePipelineAndTargetAsDimensionsAtTheEventsTime() {
        Run run = run(FIRST_SUCCESS_AFTER_FAILURES);

        Map<String, Object> metrics = run.onlyDocument();
        assertThat(run.stdout).singleElement().satisfies(line -> assertThat(line).startsWith("{\"_aws\":"));
        @SuppressWarnings("unchecked")
        Map<String, Object> aws = (Map<String, Object>) metrics.get("_aws");
        assertThat(aws.get("Timestamp")).isEqualTo(VERIFIED.toEpochMilli());
        assertThat(aws.get("CloudWatchMetrics")).isEqualTo(List.of(Map.of(
                "Namespace", NAMESPACE,
                "Dimensions", List.of(List.of("Pipeline", "Target")),
                "Metrics", List.of(
                        Map.of("Name", "Deployments", "Unit", "Count"),
                        Map.of("Name", "LeadTimeSeconds", "Unit", "Seconds"),
                        Map.of("Name", "TimeToRestoreSeconds", "Unit", "Seconds")))));
    }

    @Test
    void theCommitTimeIsThisExecutionsSourceRevisionAndTheHistoryIsThisPipelines() {
        Run run = run(FIRST_SUCCESS_AFTER_FAILURES);

        assertThat(run.calls).first().isEqualTo(new Call("GetPipelineExecutionCommand",
                Map.of("pipelineName", "orders", "pipelineExecutionId", EXECUTION)));
        assertThat(run.calls.subList(1, run.calls.size())).extracting(Call::command)
                .containsExactly("ListActionExecutionsCommand", "ListActionExecutionsCommand");
        assertThat(run.calls.get(1).input).isEqualTo(Map.of("pipelineName", "orders"));
        assertThat(run.calls.get(2).input).isEqualTo(Map.of("pipelineName", "orders", "nextToken", "page-1"));
    }

    private static final String SUCCESS_AFTER_SUCCESS = scenario("success after success", event("verify-succeeded"),
            oneTarget(), sdk(executionCommittedAt(COMMITTED), pages(
                    List.of(current(), action("Verify-test", "Succeeded", "e1", "2026-11-27T08:00:00Z"),
                            action("Deploy-test", "Failed", "e0", "2026-11-27T07:00:00Z")),
                    List.of(action("Deploy-test", "Failed", "e9", "2026-11-20T07:00:00Z")))));

    @Test
    void aSuccessAfterASuccessRestoresNothingAndReadsNoFurtherBackThanThatSuccess() {
        Run run = run(SUCCESS_AFTER_SUCCESS);

        assertThat(run.onlyDocument()).containsEntry("Deployments", 1).containsKey("LeadTimeSeconds")
                .doesNotContainKey("TimeToRestoreSeconds");
        assertThat(run.calls).extracting(Call::command)
                .containsExactly("GetPipelineExecutionCommand", "ListActionExecutionsCommand");
    }

    private static final String OTHER_TARGETS_FAILURES = scenario("another target's failures",
            withStage(event("verify-succeeded"), "Verify-prod"), threeTargets(),
            sdk(executionCommittedAt(COMMITTED), pages(List.of(
                    action("Verify-prod", "Succeeded", EXECUTION, "2026-11-27T10:17:40Z"),
                    action("Deploy-test", "Failed", "e2", "2026-11-27T09:00:00Z"),
                    action("Verify-staging", "Failed", "e2", "2026-11-27T09:00:00Z"),
                    action("Verify-prod", "Succeeded", "e1", "2026-11-27T08:00:00Z")))));

    @Test
    void eachTargetCountsItsOwnDeploymentsAndFailuresOnly() {
        Run run = run(OTHER_TARGETS_FAILURES);

        assertThat(run.onlyDocument()).containsEntry("Target", "prod").containsEntry("Deployments", 1)
                .doesNotContainKey("TimeToRestoreSeconds");
    }

    private static final String NO_REVISION_TIME = scenario("no revision time", event("verify-succeeded"), oneTarget(),
            sdk(Map.of("response", Map.of("pipelineExecution", Map.of("pipelineExecutionId", EXECUTION,
                    "status", "InProgress", "artifactRevisions", List.of(Map.of("name", "Source",
                            "revisionId", "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"))))), historyWithFailures()));

    @Test
    void withoutTheRevisionsTimeThereIsNoLeadTimeAndTheLogSaysWhy() {
        Run run = run(NO_REVISION_TIME);

        assertThat(run.onlyDocument()).containsEntry("Deployments", 1).containsKey("TimeToRestoreSeconds")
                .doesNotContainKey("LeadTimeSeconds");
        assertThat(run.logs).contains("No lead time: artifact Source of " + EXECUTION + " has no revision time");
    }

    private static final String NO_REVISIONS = scenario("no revisions at all", event("verify-succeeded"), oneTarget(),
            sdk(Map.of("response", Map.of("pipelineExecution", Map.of("pipelineExecutionId", EXECUTION))),
                    historyWithFailures()));

    @Test
    void withoutAnyRevisionThereIsNoLeadTimeEither() {
        Run run = run(NO_REVISIONS);

        assertThat(run.onlyDocument()).containsEntry("Deployments", 1).doesNotContainKey("LeadTimeSeconds");
        assertThat(run.logs).anySatisfy(line -> assertThat(line).startsWith("No lead time: "));
    }

    private static final String CODEPIPELINE_DENIES = scenario("CodePipeline denies", event("verify-succeeded"),
            oneTarget(), Map.of(
                    "GetPipelineExecutionCommand", error("AccessDeniedException", "not authorized to perform: "
                            + "codepipeline:GetPipelineExecution"),
                    "ListActionExecutionsCommand", error("ThrottlingException", "Rate exceeded")));

    @Test
    void aFailingCallCostsOnlyTheMetricItWasForAndIsLogged() {
        Run run = run(CODEPIPELINE_DENIES);

        assertThat(run.onlyDocument()).containsEntry("Deployments", 1)
                .doesNotContainKeys("LeadTimeSeconds", "TimeToRestoreSeconds");
        assertThat(run.logs).contains(
                "No LeadTimeSeconds: AccessDeniedException: not authorized to perform: codepipeline:GetPipelineExecution",
                "No TimeToRestoreSeconds: ThrottlingException: Rate exceeded");
    }

    private static final String SDK_MISSING = scenario("SDK missing", event("verify-succeeded"),
            withEnvironment(oneTarget(), "FAKE_SDK_MISSING", "1"), sdk(executionCommittedAt(COMMITTED),
                    historyWithFailures()));

    @Test
    void withoutTheSdkItStillCountsTheDeploymentAndLogsWhatItCannotMeasure() {
        Run run = run(SDK_MISSING);

        assertThat(run.onlyDocument()).containsEntry("Deployments", 1)
                .doesNotContainKeys("LeadTimeSeconds", "TimeToRestoreSeconds");
        assertThat(run.logs).containsExactly(
                "No LeadTimeSeconds: Error: Cannot find module '@aws-sdk/client-codepipeline'",
                "No TimeToRestoreSeconds: Error: Cannot find module '@aws-sdk/client-codepipeline'");
    }

    private static final String NEVER_SUCCEEDED = scenario("never succeeded before", event("verify-succeeded"),
            oneTarget(), sdk(executionCommittedAt(COMMITTED), pages(List.of(current(),
                    action("Deploy-test", "Failed", "e1", "2026-11-26T14:52:08Z")))));

    @Test
    void theFirstSuccessEverRestoresNothingEvenAfterFailures() {
        Run run = run(NEVER_SUCCEEDED);

        assertThat(run.onlyDocument()).containsEntry("Deployments", 1).doesNotContainKey("TimeToRestoreSeconds");
        assertThat(run.logs).contains("No time to restore: test never succeeded before");
    }

    private static final String LONG_HISTORY = scenario("history beyond the pages read", event("verify-succeeded"),
            oneTarget(), sdk(executionCommittedAt(COMMITTED), longHistoryOfFailures(12)));

    @Test
    void aHistoryLongerThanTenPagesGivesNoTimeToRestoreRatherThanAWrongOne() {
        Run run = run(LONG_HISTORY);

        assertThat(run.onlyDocument()).containsEntry("Deployments", 1).doesNotContainKey("TimeToRestoreSeconds");
        assertThat(run.calls).filteredOn(c -> c.command.equals("ListActionExecutionsCommand")).hasSize(10);
        assertThat(run.logs).contains("No time to restore: no Verify-test success in 10 pages");
    }

    // --- failed deployments ----------------------------------------------------------------------

    private static final String DEPLOY_FAILED = scenario("deploy failed", event("deploy-failed"), oneTarget(), Map.of());

    @Test
    void aFailedDeployIsAFailedDeploymentOfItsTargetAndCallsNothing() {
        Run run = run(DEPLOY_FAILED);

        assertThat(run.onlyDocument()).containsEntry("Target", "test").containsEntry("FailedDeployments", 1)
                .containsEntry("ExecutionId", "7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f")
                .doesNotContainKeys("Deployments", "LeadTimeSeconds", "TimeToRestoreSeconds");
        assertThat(run.timestamp()).isEqualTo(Instant.parse("2026-11-26T14:52:08Z").toEpochMilli());
        assertThat(run.calls).isEmpty();
    }

    private static final String VERIFY_FAILED = scenario("verify failed", event("verify-failed"), oneTarget(), Map.of());

    @Test
    void aFailedVerifyIsAFailedDeploymentToo() {
        Run run = run(VERIFY_FAILED);

        assertThat(run.onlyDocument()).containsEntry("Target", "test").containsEntry("FailedDeployments", 1)
                .doesNotContainKey("Deployments");
        assertThat(run.calls).isEmpty();
    }

    // --- ignored ---------------------------------------------------------------------------------

    private static final String DEPLOY_SUCCEEDED = scenario("deploy succeeded", event("deploy-succeeded"), oneTarget(),
            Map.of());

    @Test
    void aSuccessfulDeployIsNotYetADeploymentVerifyDecides() {
        Run run = run(DEPLOY_SUCCEEDED);

        run.emittedNothing();
        assertThat(run.logs).contains("orders Deploy-test SUCCEEDED: counted when Verify-test succeeds");
    }

    private static final String BUILD_SUCCEEDED = scenario("build succeeded", event("build-succeeded"), oneTarget(),
            Map.of());
    private static final String VERIFY_STARTED = scenario("verify started", event("verify-started"), oneTarget(),
            Map.of());
    private static final String UNKNOWN_TARGET = scenario("unknown target",
            withStage(event("verify-succeeded"), "Verify-qa"), oneTarget(), Map.of());

    @Test
    void actionsOtherThanADeploysOrAVerifysOutcomeForAKnownTargetAreIgnored() {
        for (String scenario : List.of(BUILD_SUCCEEDED, VERIFY_STARTED, UNKNOWN_TARGET)) {
            Run run = run(scenario);
            run.emittedNothing();
            assertThat(run.logs).as(scenario).singleElement()
                    .satisfies(line -> assertThat(line).startsWith("Not a deployment outcome: orders "));
        }
    }

    private static final String OTHER_PIPELINE = scenario("another pipeline", with(event("verify-succeeded"),
            e -> detail(e).put("pipeline", "payments")), oneTarget(), Map.of());

    @Test
    void anotherPipelinesEventsAreIgnored() {
        Run run = run(OTHER_PIPELINE);

        run.emittedNothing();
        assertThat(run.logs).containsExactly("Not orders's: payments Verify-test SUCCEEDED");
    }

    private static final List<String> ODD_SHAPES = List.of(
            scenario("null event", null, oneTarget(), Map.of()),
            scenario("text event", "CodePipeline Action Execution State Change", oneTarget(), Map.of()),
            scenario("empty event", Map.of(), oneTarget(), Map.of()),
            scenario("no detail", with(event("verify-succeeded"), e -> e.remove("detail")), oneTarget(), Map.of()),
            scenario("detail is a list", with(event("verify-succeeded"), e -> e.put("detail", List.of(1, 2))),
                    oneTarget(), Map.of()),
            scenario("stage is a number", with(event("verify-succeeded"), e -> detail(e).put("stage", 42)),
                    oneTarget(), Map.of()),
            scenario("no time", with(event("verify-succeeded"), e -> e.remove("time")), oneTarget(), Map.of()),
            scenario("time not a time", with(event("deploy-failed"), e -> e.put("time", "yesterday")), oneTarget(),
                    Map.of()),
            scenario("no execution id", with(event("verify-succeeded"), e -> detail(e).remove("execution-id")),
                    oneTarget(), sdk(Map.of("error", Map.of("name", "ValidationException",
                            "message", "1 validation error detected: pipelineExecutionId")), pages(List.of()))),
            scenario("odd history", event("verify-succeeded"), oneTarget(), sdk(executionCommittedAt(COMMITTED),
                    Map.of("response", Map.of("actionExecutionDetails", List.of(Map.of("stageName", 7),
                            Map.of("stageName", "Deploy-test", "status", "Failed", "lastUpdateTime", "never")))))),
            scenario("no targets configured", event("verify-succeeded"), Map.of("PIPELINE", "orders",
                    "NAMESPACE", NAMESPACE, "SOURCE_ARTIFACT", "Source"), Map.of()));

    @Test
    void neverThrowsOnAnUnexpectedShapeItLogsAndReturns() {
        for (String scenario : ODD_SHAPES) {
            // Returned (run() checks), and either wrote a metric document or logged why not.
            Run run = run(scenario);
            assertThat(run.stdout).as(scenario).allSatisfy(line -> assertThat(line).startsWith("{\"_aws\":"));
            assertThat(run.stdout.size() + run.logs.size()).as(scenario).isPositive();
        }
        // Where what is there is enough, it still counts, without the metrics it cannot know.
        assertThat(run(ODD_SHAPES.get(8)).onlyDocument()).containsEntry("Deployments", 1)
                .doesNotContainKey("LeadTimeSeconds").doesNotContainKey("ExecutionId");
        assertThat(run(ODD_SHAPES.get(9)).onlyDocument()).containsEntry("Deployments", 1)
                .containsKey("LeadTimeSeconds").doesNotContainKey("TimeToRestoreSeconds");
        for (String ignored : List.of("null event", "text event", "empty event", "no detail", "detail is a list",
                "stage is a number", "no time", "time not a time", "no targets configured")) {
            run(ignored).emittedNothing();
        }
        assertThat(run("no targets configured").logs).singleElement()
                .satisfies(line -> assertThat(line).startsWith("Skipped: SyntaxError: "));
    }

    @Test
    void fitsInTheFourKilobytesCloudFormationAllowsForInlineCode() throws Exception {
        assertThat(Files.size(HandlerBatch.resource("delivery-metrics.js"))).isLessThanOrEqualTo(4096);
    }

    // --- scenarios -------------------------------------------------------------------------------

    /** A recorded event from src/test/resources/events/codepipeline, as a map the test may change. */
    static Map<String, Object> event(String name) {
        try (InputStream in = DeliveryMetricsHandlerTest.class.getResourceAsStream(
                "/events/codepipeline/" + name + ".json")) {
            return JSON.readValue(in, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> with(Map<String, Object> event, Consumer<Map<String, Object>> change) {
        change.accept(event);
        return event;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> detail(Map<String, Object> event) {
        return (Map<String, Object>) event.get("detail");
    }

    private static Map<String, Object> withStage(Map<String, Object> event, String stage) {
        return with(event, e -> detail(e).put("stage", stage));
    }

    private static Map<String, String> withEnvironment(Map<String, String> env, String key, String value) {
        Map<String, String> changed = new LinkedHashMap<>(env);
        changed.put(key, value);
        return changed;
    }

    private static Map<String, String> oneTarget() {
        return environment("[\"test\"]");
    }

    private static Map<String, String> threeTargets() {
        return environment("[\"test\",\"staging\",\"prod\"]");
    }

    /** The function's environment, as DeliveryMetrics sets it for the example pipeline. */
    private static Map<String, String> environment(String targets) {
        return Map.of("PIPELINE", "orders", "NAMESPACE", NAMESPACE, "SOURCE_ARTIFACT", "Source", "TARGETS", targets);
    }

    private static Map<String, Object> sdk(Map<String, Object> execution, Map<String, Object> history) {
        return Map.of("GetPipelineExecutionCommand", execution, "ListActionExecutionsCommand", history);
    }

    /** GetPipelineExecution's answer: the Source artifact's revision, committed then. */
    private static Map<String, Object> executionCommittedAt(Instant committed) {
        return Map.of("response", Map.of("pipelineExecution", Map.of(
                "pipelineName", "orders",
                "pipelineExecutionId", EXECUTION,
                "status", "InProgress",
                "artifactRevisions", List.of(Map.of(
                        "name", "Source",
                        "revisionId", "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d",
                        "revisionSummary", "{\"ProviderType\":\"GitHub\",\"CommitMessage\":\"Faster start-up\"}",
                        "created", committed.toString())))));
    }

    /** ListActionExecutions' answer, a page after another, newest first. */
    @SafeVarargs
    private static Map<String, Object> pages(List<Map<String, Object>>... pages) {
        return Map.of("pages", List.of(pages).stream().map(page -> Map.of("actionExecutionDetails", page)).toList());
    }

    private static Map<String, Object> action(String stage, String status, String execution, String lastUpdate) {
        return Map.of("pipelineExecutionId", execution, "stageName", stage, "actionName",
                stage.startsWith("Deploy") ? "Service" : "Checks", "status", status,
                "startTime", Instant.parse(lastUpdate).minusSeconds(60).toString(), "lastUpdateTime", lastUpdate);
    }

    /** This execution's own Verify-test, which succeeded just before its event. */
    private static Map<String, Object> current() {
        return action("Verify-test", "Succeeded", EXECUTION, "2026-11-27T10:17:41.500Z");
    }

    /**
     * Newest first: this success; two failures of this target since its last success, the older one
     * deploy-failed.json's; another target's failure; on the second page, the last success and a
     * failure before it.
     */
    private static Map<String, Object> historyWithFailures() {
        return pages(
                List.of(current(),
                        action("Deploy-test", "Succeeded", EXECUTION, "2026-11-27T10:15:51Z"),
                        action("Build", "Succeeded", EXECUTION, "2026-11-27T10:12:30Z"),
                        action("Verify-test", "Failed", "0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d", "2026-11-26T16:05:13Z"),
                        action("Deploy-test", "Succeeded", "0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d", "2026-11-26T16:03:00Z"),
                        action("Deploy-prod", "Failed", "e5", "2026-11-26T15:30:00Z"),
                        action("Deploy-test", "Failed", "7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f",
                                FIRST_FAILURE.toString())),
                List.of(action("Verify-test", "Succeeded", "e3", "2026-11-26T11:20:00Z"),
                        action("Deploy-test", "Failed", "e2", "2026-11-25T09:00:00Z")));
    }

    /** Pages of nothing but failures of this target, more of them than the function reads. */
    private static Map<String, Object> longHistoryOfFailures(int pageCount) {
        List<Map<String, Object>> pages = new ArrayList<>();
        Instant at = Instant.parse("2026-11-27T09:00:00Z");
        for (int page = 0; page < pageCount; page++) {
            List<Map<String, Object>> actions = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                at = at.minus(Duration.ofMinutes(10));
                actions.add(action("Deploy-test", "Failed", "e" + page + "-" + i, at.toString()));
            }
            pages.add(Map.of("actionExecutionDetails", actions));
        }
        return Map.of("pages", pages);
    }

    private static Map<String, Object> error(String name, String message) {
        return Map.of("error", Map.of("name", name, "message", message));
    }

    private static int seconds(Instant from, Instant to) {
        return (int) Duration.between(from, to).toSeconds();
    }

    private static String scenario(String name, Object event, Map<String, String> env, Map<String, Object> sdk) {
        Map<String, Object> scenario = new LinkedHashMap<>();
        scenario.put("name", name);
        scenario.put("event", event);
        scenario.put("env", env);
        scenario.put("sdk", sdk);
        SCENARIOS.add(scenario);
        return name;
    }

    // --- running the handler ---------------------------------------------------------------------

    private static Run run(String scenario) {
        return batch.returned(scenario);
    }


    /** What run-event-handler.js saw of one scenario. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Run(String name, String outcome, List<String> stdout, List<Map<String, Object>> emitted, List<Call> calls,
               List<String> logs) implements HandlerBatch.Record {

        /** The one metric document the invocation wrote, every line of its stdout being one. */
        Map<String, Object> onlyDocument() {
            assertThat(stdout).as("stdout of %s; logs %s", name, logs).hasSize(1);
            assertThat(emitted).hasSize(1);
            return emitted.get(0);
        }

        @SuppressWarnings("unchecked")
        long timestamp() {
            return ((Number) ((Map<String, Object>) onlyDocument().get("_aws")).get("Timestamp")).longValue();
        }

        void emittedNothing() {
            assertThat(stdout).as("stdout of %s", name).isEmpty();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Call(String command, Map<String, Object> input) {
    }
}
