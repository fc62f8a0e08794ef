package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The current-image custom resource handler ({@code handlers/current-image.js}), run in Node by
 * {@code handlers/run-handler.js}: a local HTTP server stands in for CloudFormation's response
 * URL and {@code handlers/fake-sdk} for {@code @aws-sdk/client-ecs}, scripted per scenario.
 * No AWS and no CDK synthesis. Every scenario the class declares runs once, before the tests, in
 * one Node process that loads the handler and the fake anew for each (Node's start-up, not the
 * handler, is what a process per scenario costs); each test asserts on its own scenario's record.
 */
@WithoutCdk
class CurrentImageHandlerTest {

    private static final String CLUSTER = "delivery-test";
    private static final String SERVICE = "web";
    private static final String CONTAINER = "app";
    private static final String PLACEHOLDER = "public.ecr.aws/nginx/nginx:stable";
    private static final String TASK_DEFINITION =
            "arn:aws:ecs:us-east-1:222222222222:task-definition/delivery-test-web:7";
    private static final String PIPELINE_IMAGE =
            "111111111111.dkr.ecr.us-east-1.amazonaws.com/delivery:4f2c0d1e9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d";
    private static final String SIDECAR_IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3";
    /** The fake Lambda context's log stream, which every FAILED reason must name. */
    private static final String LOG_STREAM = "2026/01/01/[$LATEST]0123456789abcdef0123456789abcdef";
    /** Time the fake context gives each invocation; the handler keeps 5 s of it to answer. */
    private static final long LAMBDA_TIME_MS = 30_000;

    /** Every scenario below, in the order declared: {@link #scenario} adds each, before any test runs. */
    private static final List<Scenario> SCENARIOS = new ArrayList<>();

    /**
     * One Node process for all of {@link #SCENARIOS}, started as the test run starts
     * ({@link StartHandlerBatches}); it waits at most as long as every invocation could take if
     * each ran into its time limit, and then some.
     */
    static final HandlerBatch.Once<Run> BATCH = new HandlerBatch.Once<>(() -> HandlerBatch.start("run-handler.js",
            "current-image.js", List.of(), SCENARIOS, Run.class,
            SCENARIOS.stream().mapToLong(Scenario::lambdaTimeMs).sum() + 10_000, 1));

    /** What the Node process answered. */
    private static HandlerBatch<Run> batch;

    @BeforeAll
    static void awaitEveryScenario() throws Exception {
        batch = BATCH.finish();
    }

    private static final Scenario CLUSTER_MISSING = scenario("cluster missing", create(), Map.of(
            "DescribeServicesCommand", error("ClusterNotFoundException", "Cluster not found.")));

    @Test
    void answersThePlaceholderWhenTheClusterDoesNotExistYet() {
        Run run = run(CLUSTER_MISSING);

        assertThat(run.success()).containsEntry("Data", Map.of("Image", PLACEHOLDER));
        assertThat(run.ecsCalls).singleElement().satisfies(call -> {
            assertThat(call.command).isEqualTo("DescribeServicesCommand");
            assertThat(call.input).isEqualTo(Map.of("cluster", CLUSTER, "services", List.of(SERVICE)));
        });
        assertThat(run.logs).contains("No cluster " + CLUSTER + ": placeholder " + PLACEHOLDER);
    }

    private static final Scenario SERVICE_MISSING = scenario("service missing", create(), Map.of(
            "DescribeServicesCommand", respond(Map.of(
                    "services", List.of(),
                    "failures", List.of(Map.of(
                            "arn", "arn:aws:ecs:us-east-1:222222222222:service/" + CLUSTER + "/" + SERVICE,
                            "reason", "MISSING"))))));

    @Test
    void answersThePlaceholderWhenTheServiceDoesNotExistYet() {
        Run run = run(SERVICE_MISSING);

        assertThat(run.success()).containsEntry("Data", Map.of("Image", PLACEHOLDER));
        assertThat(run.ecsCalls).extracting(EcsCall::command).containsExactly("DescribeServicesCommand");
        assertThat(run.logs).contains("No service web in cluster delivery-test: placeholder " + PLACEHOLDER);
    }

    private static final Scenario SERVICE_INACTIVE = scenario("service inactive", create(), Map.of(
            "DescribeServicesCommand", respond(services("INACTIVE"))));

    @Test
    void answersThePlaceholderWhenTheServiceIsInactive() {
        Run run = run(SERVICE_INACTIVE);

        assertThat(run.success()).containsEntry("Data", Map.of("Image", PLACEHOLDER));
        assertThat(run.ecsCalls).extracting(EcsCall::command).containsExactly("DescribeServicesCommand");
        assertThat(run.logs).contains("INACTIVE service web in cluster delivery-test: placeholder " + PLACEHOLDER);
    }

    private static final Scenario SERVICE_RUNS_SIDECAR_AND_APP = scenario("sidecar and app", create(), Map.of(
            "DescribeServicesCommand", respond(services("ACTIVE")),
            "DescribeTaskDefinitionCommand", respond(taskDefinition(
                    container("otel-collector", SIDECAR_IMAGE), container(CONTAINER, PIPELINE_IMAGE)))));

    @Test
    void answersTheImageOfTheConfiguredContainerInTheTaskDefinitionTheServiceRuns() {
        Run run = run(SERVICE_RUNS_SIDECAR_AND_APP);

        assertThat(run.success())
                .containsEntry("Data", Map.of("Image", PIPELINE_IMAGE))
                .containsEntry("PhysicalResourceId", CLUSTER + "/" + SERVICE);
        assertThat(run.ecsCalls).extracting(EcsCall::command)
                .containsExactly("DescribeServicesCommand", "DescribeTaskDefinitionCommand");
        assertThat(run.ecsCalls.get(1).input).isEqualTo(Map.of("taskDefinition", TASK_DEFINITION));
        assertThat(run.logs).contains("ACTIVE service web in cluster delivery-test runs " + TASK_DEFINITION
                + ": container app has image " + PIPELINE_IMAGE);
    }

    private static final Scenario SERVICE_DRAINING = scenario("service draining", create(), Map.of(
            "DescribeServicesCommand", respond(services("DRAINING")),
            "DescribeTaskDefinitionCommand", respond(taskDefinition(container(CONTAINER, PIPELINE_IMAGE)))));

    @Test
    void answersTheRunningImageRatherThanThePlaceholderWhileTheServiceDrains() {
        Run run = run(SERVICE_DRAINING);

        assertThat(run.success()).containsEntry("Data", Map.of("Image", PIPELINE_IMAGE));
    }

    private static final Scenario ONLY_CONTAINER_RENAMED = scenario("only container renamed", create(), Map.of(
            "DescribeServicesCommand", respond(services("ACTIVE")),
            "DescribeTaskDefinitionCommand", respond(taskDefinition(container("web-renamed", PIPELINE_IMAGE)))));

    @Test
    void answersTheOnlyContainersImageWhenTheTaskDefinitionNamesItOtherwise() {
        Run run = run(ONLY_CONTAINER_RENAMED);

        assertThat(run.success()).containsEntry("Data", Map.of("Image", PIPELINE_IMAGE));
        assertThat(run.logs).contains("ACTIVE service web in cluster delivery-test runs " + TASK_DEFINITION
                + ": container web-renamed (the only one) has image " + PIPELINE_IMAGE);
    }

    private static final Scenario SEVERAL_CONTAINERS_NONE_CONFIGURED = scenario("several containers, none configured",
            create(), Map.of(
                    "DescribeServicesCommand", respond(services("ACTIVE")),
                    "DescribeTaskDefinitionCommand", respond(taskDefinition(
                            container("otel-collector", SIDECAR_IMAGE), container("web-renamed", PIPELINE_IMAGE)))));

    @Test
    void failsNamingTheServiceTheContainerAndTheContainersFoundWhenSeveralAndNoneIsConfigured() {
        Run run = run(SEVERAL_CONTAINERS_NONE_CONFIGURED);

        assertThat(run.failureReason()).isEqualTo("The service web in cluster delivery-test runs "
                + TASK_DEFINITION + ", which has no container app but otel-collector, web-renamed"
                + " (log stream " + LOG_STREAM + ")");
        assertThat(run.answer().body).doesNotContainKey("Data");
    }

    private static final Scenario ACCESS_DENIED = scenario("access denied", create(), Map.of(
            "DescribeServicesCommand", error("AccessDeniedException",
                    "User: arn:aws:sts::222222222222:assumed-role/current-image/fn is not authorized to perform:"
                            + " ecs:DescribeServices")));

    @Test
    void answersFailedAtOnceRatherThanThePlaceholderWhenEcsDeniesAccess() {
        Run run = run(ACCESS_DENIED);

        assertThat(run.failureReason()).contains("is not authorized to perform: ecs:DescribeServices", LOG_STREAM);
        assertThat(run.answer().atMs).isLessThan(5_000);
        assertThat(run.answer().body).doesNotContainKey("Data");
    }

    private static final Scenario MALFORMED_RESPONSE = scenario("malformed response", create(), Map.of(
            "DescribeServicesCommand", respond(services("ACTIVE")),
            "DescribeTaskDefinitionCommand", respond(Map.of())));

    @Test
    void answersFailedAndThenLogsTheErrorWhenTheHandlerThrowsOnAMalformedEcsResponse() {
        Run run = run(MALFORMED_RESPONSE);

        assertThat(run.failureReason()).contains("containerDefinitions", LOG_STREAM);
        int answered = run.logs.indexOf("Answered FAILED: HTTP 200");
        assertThat(answered).isNotNegative();
        assertThat(run.logs.subList(answered + 1, run.logs.size()))
                .anySatisfy(line -> assertThat(line).startsWith("TypeError").contains("at currentImage"));
    }

    /** 700 ms past the handler's 5 s margin: the one scenario that waits, for the handler's timer. */
    private static final Scenario ECS_HANGS = scenario("ECS hangs", create(), Map.of(
            "DescribeServicesCommand", Map.of("hang", true)), 5_000 + 700);

    @Test
    void answersFailedBeforeTheLambdaTimesOutWhenAnEcsCallHangs() {
        long lambdaTimeMs = ECS_HANGS.lambdaTimeMs();
        Run run = run(ECS_HANGS);

        assertThat(run.failureReason()).startsWith("ECS did not answer within ").contains(LOG_STREAM);
        assertThat(run.answer().atMs).isBetween(600L, lambdaTimeMs - 1_000);
        assertThat(run.ecsCalls).singleElement().satisfies(call -> assertThat(call.aborted).isTrue());
    }

    private static final Scenario DELETE = scenario("delete", withRequest(create(), "Delete", "delivery-test/web"),
            Map.of());

    @Test
    void answersSuccessToDeleteWithoutCallingEcs() {
        Run run = run(DELETE);

        assertThat(run.success())
                .containsEntry("PhysicalResourceId", "delivery-test/web")
                .doesNotContainKey("Data");
        assertThat(run.ecsCalls).isEmpty();
    }

    private static final Scenario UPDATE = scenario("update",
            withRequest(create(), "Update", "an-id-from-an-earlier-version"), Map.of(
                    "DescribeServicesCommand", respond(services("ACTIVE")),
                    "DescribeTaskDefinitionCommand", respond(taskDefinition(container(CONTAINER, PIPELINE_IMAGE)))));

    @Test
    void keepsThePhysicalResourceIdCloudFormationSentOnUpdate() {
        Run run = run(UPDATE);

        assertThat(run.success())
                .containsEntry("PhysicalResourceId", "an-id-from-an-earlier-version")
                .containsEntry("Data", Map.of("Image", PIPELINE_IMAGE));
    }

    @Test
    void fitsInTheFourKilobytesCloudFormationAllowsForInlineCode() throws Exception {
        assertThat(Files.size(HandlerBatch.resource("current-image.js"))).isLessThanOrEqualTo(4096);
    }

    // --- scenarios ---------------------------------------------------------------------------

    /** A Create request as CloudFormation sends it; the harness adds the ResponseURL. */
    private static Map<String, Object> create() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("RequestType", "Create");
        event.put("StackId", "arn:aws:cloudformation:us-east-1:222222222222:stack/delivery-test/5b6c7d8e");
        event.put("RequestId", "6a1f3c2e-0b9d-4c8e-9f7a-1e2d3c4b5a69");
        event.put("LogicalResourceId", "CurrentImage");
        event.put("ResourceType", "Custom::CurrentImage");
        event.put("ResourceProperties", Map.of(
                "ServiceToken", "arn:aws:lambda:us-east-1:222222222222:function:current-image",
                "Cluster", CLUSTER,
                "Service", SERVICE,
                "Container", CONTAINER,
                "Placeholder", PLACEHOLDER,
                "Fingerprint", "3f9a"));
        return event;
    }

    private static Map<String, Object> withRequest(Map<String, Object> event, String type, String physicalId) {
        event.put("RequestType", type);
        event.put("PhysicalResourceId", physicalId);
        event.put("OldResourceProperties", event.get("ResourceProperties"));
        return event;
    }

    private static Map<String, Object> services(String status) {
        return Map.of("failures", List.of(), "services", List.of(Map.of(
                "serviceName", SERVICE,
                "clusterArn", "arn:aws:ecs:us-east-1:222222222222:cluster/" + CLUSTER,
                "status", status,
                "taskDefinition", TASK_DEFINITION)));
    }

    /** A DescribeTaskDefinition response for a task definition with these containers, in this order. */
    @SafeVarargs
    private static Map<String, Object> taskDefinition(Map<String, String>... containers) {
        return Map.of("taskDefinition", Map.of(
                "taskDefinitionArn", TASK_DEFINITION,
                "containerDefinitions", List.of(containers)));
    }

    private static Map<String, String> container(String name, String image) {
        return Map.of("name", name, "image", image);
    }

    private static Map<String, Object> respond(Map<String, Object> response) {
        return Map.of("response", response);
    }

    private static Map<String, Object> error(String name, String message) {
        return Map.of("error", Map.of("name", name, "message", message));
    }

    // --- running the handler ------------------------------------------------------------------

    /** One invocation of the handler: its request, the ECS answers the fake scripts, the time it gets. */
    record Scenario(String name, Map<String, Object> event, Map<String, Object> ecs,
            @JsonProperty("remainingMs") long lambdaTimeMs) {
    }

    private static Scenario scenario(String name, Map<String, Object> event, Map<String, Object> ecs) {
        return scenario(name, event, ecs, LAMBDA_TIME_MS);
    }

    private static Scenario scenario(String name, Map<String, Object> event, Map<String, Object> ecs,
            long lambdaTimeMs) {
        Scenario scenario = new Scenario(name, event, ecs, lambdaTimeMs);
        SCENARIOS.add(scenario);
        return scenario;
    }

    /** This scenario's record, from a batch that ran to its end and an invocation that returned. */
    private static Run run(Scenario scenario) {
        return batch.returned(scenario.name);
    }


    /** What run-handler.js saw of one scenario: how the handler ended, its answers, its ECS calls, its log lines. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Run(String name, String outcome, List<Answer> answers, List<EcsCall> ecsCalls, List<String> logs) implements HandlerBatch.Record {

        /** The one answer: a PUT of the response JSON with an empty Content-Type, as the presigned URL needs. */
        Answer answer() {
            assertThat(answers).as("answers to CloudFormation").hasSize(1);
            Answer answer = answers.get(0);
            assertThat(answer.method).isEqualTo("PUT");
            assertThat(answer.contentType).isEmpty();
            assertThat(answer.contentLength).isEqualTo(String.valueOf(answer.bodyBytes));
            assertThat(answer.body)
                    .containsEntry("StackId", "arn:aws:cloudformation:us-east-1:222222222222:stack/delivery-test/5b6c7d8e")
                    .containsEntry("RequestId", "6a1f3c2e-0b9d-4c8e-9f7a-1e2d3c4b5a69")
                    .containsEntry("LogicalResourceId", "CurrentImage");
            return answer;
        }

        Map<String, Object> success() {
            Map<String, Object> body = answer().body;
            assertThat(body).as(logs.toString()).containsEntry("Status", "SUCCESS");
            return body;
        }

        String failureReason() {
            Map<String, Object> body = answer().body;
            assertThat(body).containsEntry("Status", "FAILED")
                    .containsEntry("PhysicalResourceId", CLUSTER + "/" + SERVICE);
            return (String) body.get("Reason");
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Answer(String method, String contentType, String contentLength, long bodyBytes, long atMs,
            Map<String, Object> body) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record EcsCall(String command, Map<String, Object> input, boolean abortSignal, boolean aborted) {
    }
}
