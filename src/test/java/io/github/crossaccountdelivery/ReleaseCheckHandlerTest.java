package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The release check ({@code handlers/release-check.js}), the lifecycle hook ECS calls at
 * {@code POST_TEST_TRAFFIC_SHIFT}, run in Node by {@code handlers/run-hook.js}: a local HTTP
 * server stands in for the new revision behind the test route (answering 404, as the listener's
 * default route would, to a request without the test route's header and secret) and
 * {@code handlers/fake-sdk} for {@code @aws-sdk/client-secrets-manager}. Every scenario runs once,
 * before the tests, in four Node processes side by side (the scenarios that fail wait out their
 * time); each test asserts on its own scenario's record. The handler's attempts and pauses are
 * shortened through its environment; its time limit is the fake Lambda context's, of which it
 * keeps 5 s to answer.
 */
@WithoutCdk
class ReleaseCheckHandlerTest {

    private static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:222222222222:secret:TestRouteSecret-AbCdEf";
    private static final String SECRET = "q7Zk2Lw9Xc4Vb8Nm1As5Df3Gh6Jk0Pl2Qw4Er7Ty9Ui1Op3";
    private static final String HEADER = "X-Release-Check";
    private static final String DEPLOYMENT =
            "arn:aws:ecs:eu-west-1:222222222222:service-deployment/orders-test/orders/TFX5sH9q9XDboDTOv0rIt";
    /** The handler's margin here (5 s in Lambda), so that a scenario that fails takes well under a second. */
    private static final long MARGIN_MS = 600;
    private static final long LAMBDA_TIME_MS = MARGIN_MS + 600;

    private static final List<Scenario> SCENARIOS = new ArrayList<>();
    /**
     * Every scenario, started as the test run starts ({@link StartHandlerBatches}); it waits at most
     * as long as every invocation could take if each ran into its time limit, and then some. Four
     * processes side by side: dealt in turn, the four scenarios that wait out their time (500,
     * never answers, refused, another secret) land one in each, and four Node start-ups at once
     * disturb the scenarios' timing less than one per scenario would on two cores.
     */
    static final HandlerBatch.Once<Run> BATCH = new HandlerBatch.Once<>(() -> HandlerBatch.start("run-hook.js",
            "release-check.js", List.of(), SCENARIOS, Run.class,
            SCENARIOS.stream().mapToLong(Scenario::lambdaTimeMs).sum() + 10_000, 4));

    /** What the Node processes answered. */
    private static HandlerBatch<Run> batch;

    @BeforeAll
    static void awaitEveryScenario() throws Exception {
        batch = BATCH.finish();
    }

    private static final Scenario ANSWERS_200 = scenario("answers 200", guarded("200"), secret(SECRET));

    @Test
    void succeedsWhenTheHealthPathAnswers200ThroughTheTestRouteWithTheSecret() {
        Run run = run(ANSWERS_200);

        assertThat(run.result).isEqualTo(Map.of("hookStatus", "SUCCEEDED"));
        assertThat(run.requests).singleElement().satisfies(request -> {
            assertThat(request.method).isEqualTo("GET");
            assertThat(request.path).isEqualTo("/health");
            assertThat(request.headers).containsEntry(HEADER.toLowerCase(), SECRET);
        });
        assertThat(run.secretCalls).singleElement().isEqualTo(Map.of("command", "GetSecretValueCommand",
                "input", Map.of("SecretId", SECRET_ARN)));
        assertThat(run.logs).contains("SUCCEEDED: " + run.url + " answered 200 through the test route"
                + " (POST_TEST_TRAFFIC_SHIFT of " + DEPLOYMENT + ")");
    }

    private static final Scenario ANSWERS_500 = scenario("answers 500", guarded("500"), secret(SECRET));

    @Test
    void failsWhenTheHealthPathAnswers500UntilItsTimeIsUpSayingWhatItGotLast() {
        Run run = run(ANSWERS_500);

        assertThat(run.result).isEqualTo(Map.of("hookStatus", "FAILED"));
        assertThat(run.requests).hasSizeGreaterThan(1);
        assertThat(run.lastLog()).startsWith("FAILED: " + run.url + " did not answer 200 through the test route in"
                + " time; last: HTTP 500 (POST_TEST_TRAFFIC_SHIFT of " + DEPLOYMENT + ")");
        // Within its time, and still answering ECS before Lambda would stop it.
        assertThat(run.atMs).isLessThan(LAMBDA_TIME_MS - MARGIN_MS / 2);
    }

    private static final Scenario RECOVERS = scenario("503, then 200", guarded("503", "200"), secret(SECRET));

    @Test
    void triesAgainWithinItsTimeAndSucceedsOnceTheRevisionAnswers200() {
        Run run = run(RECOVERS);

        assertThat(run.result).isEqualTo(Map.of("hookStatus", "SUCCEEDED"));
        assertThat(run.logs).contains("Attempt 1: HTTP 503", "Attempt 2: HTTP 200");
    }

    private static final Scenario HANGS = scenario("never answers", guarded("hang"), secret(SECRET));

    @Test
    void failsWhenTheRevisionDoesNotAnswerInTime() {
        Run run = run(HANGS);

        assertThat(run.result).isEqualTo(Map.of("hookStatus", "FAILED"));
        assertThat(run.lastLog()).contains("did not answer 200 through the test route in time; last: no answer within")
                .contains(" ms (POST_TEST_TRAFFIC_SHIFT");
        assertThat(run.atMs).isLessThan(LAMBDA_TIME_MS - MARGIN_MS / 2);
    }

    private static final Scenario REFUSED = scenario("connection refused", Map.of("refused", true), secret(SECRET));

    @Test
    void failsWhenTheConnectionIsRefused() {
        Run run = run(REFUSED);

        assertThat(run.result).isEqualTo(Map.of("hookStatus", "FAILED"));
        assertThat(run.lastLog()).contains("last: no answer: ECONNREFUSED");
    }

    private static final Scenario SECRET_MISSING = scenario("secret missing", guarded("200"), Map.of("error", Map.of(
            "name", "ResourceNotFoundException", "message", "Secrets Manager can't find the specified secret.")));

    @Test
    void failsWithoutAskingWhenTheSecretCannotBeRead() {
        Run run = run(SECRET_MISSING);

        assertThat(run.result).isEqualTo(Map.of("hookStatus", "FAILED"));
        assertThat(run.requests).isEmpty();
        assertThat(run.lastLog()).isEqualTo("FAILED: cannot read the test route's secret " + SECRET_ARN
                + ": ResourceNotFoundException: Secrets Manager can't find the specified secret."
                + " (POST_TEST_TRAFFIC_SHIFT of " + DEPLOYMENT + ")");
    }

    private static final Scenario WRONG_SECRET = scenario("another secret", guarded("200"),
            secret("not-the-value-the-rule-matches"));

    @Test
    void neverSucceedsOnARouteThatDoesNotAdmitItsSecret() {
        Run run = run(WRONG_SECRET);

        // The default route's 404, however healthy the revision behind the test route is.
        assertThat(run.result).isEqualTo(Map.of("hookStatus", "FAILED"));
        assertThat(run.logs).contains("Attempt 1: HTTP 404");
    }

    private static final Scenario NO_TIME = scenario("no time left", guarded("200"), secret(SECRET), MARGIN_MS - 100);

    @Test
    void neverSucceedsWithoutHavingAsked() {
        Run run = run(NO_TIME);

        assertThat(run.result).isEqualTo(Map.of("hookStatus", "FAILED"));
        assertThat(run.requests).isEmpty();
        assertThat(run.lastLog()).contains("last: no attempt: no time left");
    }

    private static final Scenario NOT_CONFIGURED = new Scenario("not configured", event(),
            Map.of("SECRET_ARN", SECRET_ARN), guarded("200"), secret(SECRET), LAMBDA_TIME_MS);

    static {
        SCENARIOS.add(NOT_CONFIGURED);
    }

    @Test
    void failsWithoutAskingWhenItsSettingsAreMissing() {
        Run run = run(NOT_CONFIGURED);

        assertThat(run.result).isEqualTo(Map.of("hookStatus", "FAILED"));
        assertThat(run.requests).isEmpty();
        assertThat(run.secretCalls).isEmpty();
        assertThat(run.lastLog()).startsWith("FAILED: TEST_URL, HEADER_NAME and SECRET_ARN must be set");
    }

    @Test
    void neverWritesTheSecretToItsLog() {
        for (Scenario scenario : SCENARIOS) {
            assertThat(run(scenario).logs).as(scenario.name()).noneSatisfy(line -> assertThat(line).contains(SECRET));
        }
    }

    // --- scenarios ------------------------------------------------------------------------------

    /** A revision behind the test route: these answers in turn to requests with the header and secret. */
    private static Map<String, Object> guarded(String... answers) {
        return Map.of("answers", List.of(answers), "header", HEADER, "value", SECRET);
    }

    private static Map<String, Object> secret(String value) {
        return Map.of("value", value);
    }

    private static Map<String, Object> event() {
        return Map.of(
                "executionDetails", Map.of(
                        "testTrafficWeights", Map.of(), "productionTrafficWeights", Map.of(),
                        "serviceArn", "arn:aws:ecs:eu-west-1:222222222222:service/orders-test/orders",
                        "targetServiceRevisionArn",
                        "arn:aws:ecs:eu-west-1:222222222222:service-revision/orders-test/orders/9386398427419951854"),
                "executionId", "a635edb5-a66b-4f44-bf3f-fcee4b3641a5",
                "lifecycleStage", "POST_TEST_TRAFFIC_SHIFT",
                "resourceArn", DEPLOYMENT);
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HEADER_NAME", HEADER);
        env.put("SECRET_ARN", SECRET_ARN);
        env.put("SERVER_NAME", "");
        env.put("ATTEMPT_TIMEOUT_MS", "300");
        env.put("RETRY_PAUSE_MS", "100");
        env.put("ANSWER_MARGIN_MS", Long.toString(MARGIN_MS));
        return env;
    }

    private static Scenario scenario(String name, Map<String, Object> service, Map<String, Object> secret) {
        return scenario(name, service, secret, LAMBDA_TIME_MS);
    }

    private static Scenario scenario(String name, Map<String, Object> service, Map<String, Object> secret,
                                     long lambdaTimeMs) {
        Scenario scenario = new Scenario(name, event(), environment(), service, secret, lambdaTimeMs);
        SCENARIOS.add(scenario);
        return scenario;
    }

    // --- running the handler ------------------------------------------------------------------

    /** One invocation: ECS's event, the function's environment, the revision's answers, the secret, the time. */
    record Scenario(String name, Map<String, Object> event, Map<String, String> env, Map<String, Object> service,
                    Map<String, Object> secret, @com.fasterxml.jackson.annotation.JsonProperty("remainingMs") long lambdaTimeMs) {
    }

    private static Run run(Scenario scenario) {
        return batch.returned(scenario.name());
    }


    /** What run-hook.js saw of one scenario. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Run(String name, String outcome, Map<String, Object> result, long atMs, String url, List<Request> requests,
               List<Map<String, Object>> secretCalls, List<String> logs) implements HandlerBatch.Record {

        String lastLog() {
            assertThat(logs).isNotEmpty();
            return logs.get(logs.size() - 1);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Request(String method, String path, Map<String, String> headers) {
    }
}
