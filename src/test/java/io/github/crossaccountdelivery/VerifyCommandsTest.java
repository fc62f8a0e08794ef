package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountdelivery.FakeAwsCli.Call;
import io.github.crossaccountdelivery.FakeAwsCli.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The post-deploy verification commands ({@code pipeline/verify-commands.sh} on the classpath),
 * loaded the way the pipeline gets them and run in one bash, as CodePipeline's Commands action
 * runs them, with stand-ins for {@code curl} and {@code sleep} and a fake AWS CLI
 * ({@link FakeAwsCli}) that evaluates the commands' queries against answers in the shape of the
 * ECS and SSM APIs.
 */
class VerifyCommandsTest {

    private static final String RESOURCE = "/pipeline/verify-commands.sh";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String REPOSITORY = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/orders";
    private static final String NEW_IMAGE = REPOSITORY + ":4f2c0d1e9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d-arm64";
    private static final String OLD_IMAGE = REPOSITORY + ":0a1b2c3d4e5f60718293a4b5c6d7e8f901234567-arm64";
    private static final String TASK_DEFINITIONS = "arn:aws:ecs:eu-west-1:222222222222:task-definition/orders-test:";
    private static final String NEW_TASK_DEFINITION = TASK_DEFINITIONS + "8";
    private static final String OLD_TASK_DEFINITION = TASK_DEFINITIONS + "7";
    private static final String CONTAINER = "app";
    private static final String LOAD_BALANCER = "orders-test-alb-1234567890.eu-west-1.elb.amazonaws.com";
    private static final String SERVICE_URL = "http://" + LOAD_BALANCER;
    /** What the parameter holds when the load balancer serves https: still its own DNS name. */
    private static final String HTTPS_SERVICE_URL = "https://" + LOAD_BALANCER;
    /** The domain name the certificate is issued for. */
    private static final String DOMAIN = "orders.example.com";
    private static final String SMOKE_TEST = "scripts/smoke-test.sh";

    // ---- The file's limits --------------------------------------------------------------------

    @Test
    void staysWithinCodePipelinesLimitsOf50CommandsOfAtMost1000CharactersEach() throws IOException {
        List<String> commands = commands();

        assertThat(commands).isNotEmpty().hasSizeLessThanOrEqualTo(50);
        // ASCII only, so characters and bytes count the same.
        assertThat(commands).allSatisfy(command -> assertThat(command)
                .hasSizeLessThanOrEqualTo(1000)
                .matches("\\p{ASCII}+"));
    }

    @Test
    void eachCommandIsCompleteOnItsOwnLine() throws Exception {
        for (String command : commands()) {
            assertThat(command).as("continues onto the next line").doesNotEndWith("\\");
            // bash -n parses without running: an unclosed quote, if, loop or brace fails it.
            Process check = new ProcessBuilder("bash", "--posix", "-n", "-c", command).redirectErrorStream(true).start();
            String complaint = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(check.waitFor()).as(command + "\n" + complaint).isZero();
        }
    }

    @Test
    void commentAndBlankLinesAreDroppedWhenLoaded() throws IOException {
        String file = resource();

        assertThat(file.lines().filter(line -> line.strip().startsWith("#"))).isNotEmpty();
        assertThat(commands()).noneSatisfy(command -> assertThat(command.strip()).startsWith("#"))
                .noneSatisfy(command -> assertThat(command).isBlank());
    }

    // ---- Passing ------------------------------------------------------------------------------

    @Test
    void passesWhenTheNewImageCompletedItsRolloutAndAnswersHealthyAndSaysTheSmokeTestWasSkipped(@TempDir Path dir)
            throws Exception {
        Run run = run(dir, Scenario.healthy());

        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.output).contains(
                "VERIFY rollout: PASS, service orders in cluster orders-test completed its PRIMARY deployment ("
                        + NEW_TASK_DEFINITION + ") running " + NEW_IMAGE,
                "VERIFY health: PASS, " + SERVICE_URL + "/health answered 200",
                "VERIFY smoke test: SKIPPED, the source has no " + SMOKE_TEST);
        assertThat(run.calls).contains(
                "aws ssm get-parameter --region eu-west-1 --name /orders/test/service-url --query Parameter.Value --output text",
                "aws ecs describe-services --region eu-west-1 --cluster orders-test --services orders --query"
                        + " services[0].deployments[?status=='PRIMARY'] | [0].[rolloutState, taskDefinition, rolloutStateReason]"
                        + " --output text",
                "aws ecs describe-task-definition --region eu-west-1 --task-definition " + NEW_TASK_DEFINITION
                        + " --query taskDefinition.containerDefinitions[?name=='" + CONTAINER + "'].image | [0] --output text");
        assertThat(run.calls).filteredOn(call -> call.startsWith("curl")).singleElement().asString()
                .endsWith(" " + SERVICE_URL + "/health")
                .doesNotContain("--insecure")
                .doesNotContain("--connect-to");
        assertThat(run.calls).noneSatisfy(call -> assertThat(call).startsWith("sleep"));
    }

    @Test
    void runsTheSmokeTestFromTheSourceRootWithTheServiceUrlAndPassesWhenItDoes(@TempDir Path dir) throws Exception {
        Run run = run(dir, Scenario.healthy().smokeTest("""
                echo "smoke test saw $SERVICE_URL from $PWD"
                """));

        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.output)
                .contains("smoke test saw " + SERVICE_URL + " from " + dir.resolve("source"))
                .contains("VERIFY smoke test: PASS, " + SMOKE_TEST);
    }

    @Test
    void waitsForARolloutInProgressAndAUrlNotYetHealthyPollingAtTheConfiguredInterval(@TempDir Path dir)
            throws Exception {
        Run run = run(dir, Scenario.healthy()
                .describeServices(services(primary("IN_PROGRESS", NEW_TASK_DEFINITION), active(OLD_TASK_DEFINITION)),
                        services(primary("IN_PROGRESS", NEW_TASK_DEFINITION), active(OLD_TASK_DEFINITION)),
                        services(primary("COMPLETED", NEW_TASK_DEFINITION)))
                .health("503", "000", "200")
                .with("VERIFY_POLL_SECONDS", "7"));

        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.calls).filteredOn(call -> call.contains("describe-services")).hasSize(3);
        // The task definition's image is read once, not on every poll.
        assertThat(run.calls).filteredOn(call -> call.contains("describe-task-definition")).hasSize(1);
        assertThat(run.calls).filteredOn(call -> call.startsWith("curl")).hasSize(3);
        assertThat(run.calls).filteredOn(call -> call.startsWith("sleep")).containsExactly(
                "sleep 7", "sleep 7", "sleep 7", "sleep 7");
    }

    @Test
    void overHttpsAsksForTheServiceDomainAtTheLoadBalancerAndVerifiesItsCertificateNeverSkippingVerification(
            @TempDir Path dir) throws Exception {
        Run run = run(dir, Scenario.healthy().serviceUrl(HTTPS_SERVICE_URL + "/").with("SERVICE_DOMAIN", DOMAIN)
                .smokeTest("""
                        echo "smoke test saw $SERVICE_URL"
                        """));

        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.calls).filteredOn(call -> call.startsWith("curl")).singleElement().asString()
                .contains("--connect-to " + DOMAIN + ":443:" + LOAD_BALANCER + ":443 ")
                .endsWith(" https://" + DOMAIN + "/health")
                .doesNotContain("--insecure").doesNotContain(" -k ");
        assertThat(run.output)
                .contains("VERIFY health: PASS, https://" + DOMAIN + "/health answered 200 (at " + LOAD_BALANCER
                        + ", certificate verified for " + DOMAIN + ")")
                .contains("smoke test saw https://" + DOMAIN + "\n");
    }

    @Test
    void anHttpUrlIsCheckedAsItIsEvenWithAServiceDomain(@TempDir Path dir) throws Exception {
        Run run = run(dir, Scenario.healthy().with("SERVICE_DOMAIN", DOMAIN));

        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.calls).filteredOn(call -> call.startsWith("curl")).singleElement().asString()
                .endsWith(" " + SERVICE_URL + "/health")
                .doesNotContain("--connect-to");
    }

    // ---- Failing ------------------------------------------------------------------------------

    @Test
    void aPrimaryDeploymentWithAnotherImageFailsNamingBothImages(@TempDir Path dir) throws Exception {
        // The circuit breaker rolled back: the rollback is PRIMARY, the failed deployment ACTIVE.
        Run run = run(dir, Scenario.healthy().describeServices(services(
                primary("IN_PROGRESS", OLD_TASK_DEFINITION), active(NEW_TASK_DEFINITION))));

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output).contains("VERIFY rollout: FAIL, the PRIMARY deployment of service orders"
                + " (rolloutState IN_PROGRESS, " + OLD_TASK_DEFINITION + ") runs " + OLD_IMAGE
                + ", not " + NEW_IMAGE + " from imagedefinitions.json");
        assertThat(run.calls).noneSatisfy(call -> assertThat(call).startsWith("sleep"));
        assertNoLaterCheckRan(run);
    }

    @Test
    void anHttpsUrlWithoutAServiceDomainFailsBeforeAnyCheckSayingThereIsNoNameToVerifyTheCertificateAgainst(
            @TempDir Path dir) throws Exception {
        Run run = run(dir, Scenario.healthy().serviceUrl(HTTPS_SERVICE_URL).with("SERVICE_DOMAIN", ""));

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output).contains("VERIFY setup: FAIL, SSM parameter /orders/test/service-url holds the https URL "
                + HTTPS_SERVICE_URL + ", but SERVICE_DOMAIN is empty")
                .contains("no name to verify it against");
        assertThat(run.calls).noneSatisfy(call -> assertThat(call).contains("describe-services"));
        assertNoLaterCheckRan(run);
    }

    @Test
    void aCertificateThatDoesNotVerifyFailsTheHealthCheckSayingSo(@TempDir Path dir) throws Exception {
        Run run = run(dir, Scenario.healthy().serviceUrl(HTTPS_SERVICE_URL).with("SERVICE_DOMAIN", DOMAIN)
                .health("000 60").with("VERIFY_TIMEOUT_SECONDS", "10"));

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output).contains("VERIFY health: FAIL, https://" + DOMAIN + "/health (at " + LOAD_BALANCER
                + ") did not answer 200 within 10s (last answer: none, curl exit status 60: the certificate did not"
                + " verify for " + DOMAIN + ")");
    }

    @Test
    void aServiceWithoutAPrimaryDeploymentFailsSayingSo(@TempDir Path dir) throws Exception {
        // DescribeServices answers a service it cannot find with a failure, not an error.
        Run run = run(dir, Scenario.healthy().describeServices(json(Map.of("services", List.of(),
                "failures", List.of(Map.of("arn", "arn:aws:ecs:eu-west-1:222222222222:service/orders-test/orders",
                        "reason", "MISSING"))))));

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output).contains("VERIFY rollout: FAIL, cannot read the PRIMARY deployment of service orders"
                + " in cluster orders-test: the call failed, or the service has none or does not exist");
        assertNoLaterCheckRan(run);
    }

    @Test
    void imageDefinitionsWithoutTheContainerFailBeforeAnyCall(@TempDir Path dir) throws Exception {
        Run run = run(dir, Scenario.healthy().with("CONTAINER_NAME", "web"));

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output).contains("VERIFY setup: FAIL, imagedefinitions.json names no image for container web");
        assertThat(run.calls).isEmpty();
    }

    @Test
    void aFailedRolloutFailsWithItsReasonNamingBothImages(@TempDir Path dir) throws Exception {
        Run run = run(dir, Scenario.healthy().describeServices(services(primary("FAILED", NEW_TASK_DEFINITION)
                .with("rolloutStateReason", "ECS deployment circuit breaker: tasks failed to start."))));

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output).contains("VERIFY rollout: FAIL, the PRIMARY deployment of service orders failed"
                + " (ECS deployment circuit breaker: tasks failed to start.); it was to run " + NEW_IMAGE
                + " and runs " + NEW_IMAGE);
        assertNoLaterCheckRan(run);
    }

    @Test
    void aFailedRolloutWithoutAReasonSaysNoneWasGiven(@TempDir Path dir) throws Exception {
        Run run = run(dir, Scenario.healthy().describeServices(services(primary("FAILED", NEW_TASK_DEFINITION)
                .without("rolloutStateReason"))));

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output).contains("VERIFY rollout: FAIL, the PRIMARY deployment of service orders failed"
                + " (no reason given)");
    }

    @Test
    void aRolloutStillInProgressAtTheDeadlineFailsSayingSo(@TempDir Path dir) throws Exception {
        Run run = run(dir, Scenario.healthy()
                .describeServices(services(primary("IN_PROGRESS", NEW_TASK_DEFINITION), active(OLD_TASK_DEFINITION)))
                .with("VERIFY_TIMEOUT_SECONDS", "12"));

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output).contains("VERIFY rollout: FAIL, the PRIMARY deployment of service orders is still"
                + " IN_PROGRESS after 12s (running " + NEW_IMAGE + ", expecting " + NEW_IMAGE + ")");
        // Polls every 5 s (the default) and stops at the deadline, not after it.
        assertThat(run.calls).filteredOn(call -> call.startsWith("sleep")).containsExactly(
                "sleep 5", "sleep 5", "sleep 2");
        assertNoLaterCheckRan(run);
    }

    @Test
    void aUrlThatDoesNotAnswer200BeforeTheDeadlineFails(@TempDir Path dir) throws Exception {
        Run run = run(dir, Scenario.healthy().health("503").with("VERIFY_TIMEOUT_SECONDS", "20"));

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output).contains("VERIFY rollout: PASS")
                .contains("VERIFY health: FAIL, " + SERVICE_URL + "/health did not answer 200 within 20s"
                        + " (last answer: HTTP 503)")
                .doesNotContain("VERIFY smoke test");
        assertThat(run.calls).filteredOn(call -> call.startsWith("curl")).hasSize(5);
    }

    @Test
    void aFailingSmokeTestFailsTheAction(@TempDir Path dir) throws Exception {
        Run run = run(dir, Scenario.healthy().smokeTest("""
                echo "GET /orders answered 500" >&2
                exit 3
                """));

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output).contains("GET /orders answered 500")
                .contains("VERIFY smoke test: FAIL, " + SMOKE_TEST + " exited with status 3");
    }

    @Test
    void aMissingSettingFailsBeforeAnyCall(@TempDir Path dir) throws Exception {
        Run run = run(dir, Scenario.healthy().with("CLUSTER_NAME", "").with("SMOKE_TEST_PATH", ""));

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output).contains("VERIFY setup: FAIL, not set: CLUSTER_NAME SMOKE_TEST_PATH");
        assertThat(run.calls).isEmpty();
    }

    // ---- Traffic-shifting targets (blueGreen, canary, linear) ----------------------------------
    // The same commands verify them: ECS still reports the new revision as the PRIMARY deployment,
    // IN_PROGRESS through its traffic shifts and bake time beside the old one (ACTIVE), COMPLETED
    // after it; a deployment the release check or an alarm rolled back leaves a PRIMARY deployment
    // with the old image. Only the wait is longer: the pipeline exports the strategy's rollout time.
    // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html

    @Test
    void aTrafficShiftingDeploymentStillBakingIsWaitedForThenTheProductionRouteIsCheckedWithoutTheTestHeader(
            @TempDir Path dir) throws Exception {
        Run run = run(dir, Scenario.healthy()
                .describeServices(services(primary("IN_PROGRESS", NEW_TASK_DEFINITION), active(OLD_TASK_DEFINITION)),
                        services(primary("IN_PROGRESS", NEW_TASK_DEFINITION), active(OLD_TASK_DEFINITION)),
                        services(primary("COMPLETED", NEW_TASK_DEFINITION)))
                .with("VERIFY_TIMEOUT_SECONDS", "925"));

        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.output).contains("VERIFY rollout: PASS, service orders in cluster orders-test completed its"
                + " PRIMARY deployment (" + NEW_TASK_DEFINITION + ") running " + NEW_IMAGE,
                "VERIFY health: PASS, " + SERVICE_URL + "/health answered 200");
        // Production's route: what users reach, never the test route the release check used.
        assertThat(run.calls).filteredOn(call -> call.startsWith("curl")).singleElement().asString()
                .endsWith(" " + SERVICE_URL + "/health").doesNotContain("X-Release-Check").doesNotContain(" -H ")
                .doesNotContain("--header");
    }

    @Test
    void aTrafficShiftingDeploymentTheReleaseCheckRolledBackFailsNamingBothImages(@TempDir Path dir)
            throws Exception {
        // ECS rolled back before production traffic moved: the old revision is PRIMARY again.
        Run run = run(dir, Scenario.healthy()
                .describeServices(services(primary("COMPLETED", OLD_TASK_DEFINITION)
                        .with("rolloutStateReason", "Service deployment rolled back because the lifecycle hook failed.")))
                .with("VERIFY_TIMEOUT_SECONDS", "925"));

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output).contains("VERIFY rollout: FAIL, the PRIMARY deployment of service orders"
                + " (rolloutState COMPLETED, " + OLD_TASK_DEFINITION + ") runs " + OLD_IMAGE + ", not " + NEW_IMAGE
                + " from imagedefinitions.json; the deployment was rolled back or replaced");
        assertNoLaterCheckRan(run);
    }

    private static void assertNoLaterCheckRan(Run run) {
        assertThat(run.calls).noneSatisfy(call -> assertThat(call).startsWith("curl"));
        assertThat(run.output).doesNotContain("VERIFY health").doesNotContain("VERIFY smoke test");
    }

    // ---- Loading ------------------------------------------------------------------------------

    private static String resource() throws IOException {
        try (InputStream in = VerifyCommandsTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE + " on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The file's commands as the pipeline gets them (after its exports of the settings). */
    private static List<String> commands() {
        return io.github.crossaccountdelivery.buildaccount.VerifyCommands.fromFile();
    }

    // ---- What the APIs answer, in their shape --------------------------------------------------

    /** A deployment of DescribeServices' answer; {@link #with} adds a field. */
    private record Deployment(Map<String, Object> fields) {
        Deployment with(String name, Object value) {
            Map<String, Object> more = new HashMap<>(fields);
            more.put(name, value);
            return new Deployment(more);
        }

        Deployment without(String name) {
            Map<String, Object> fewer = new HashMap<>(fields);
            fewer.remove(name);
            return new Deployment(fewer);
        }
    }

    private static Deployment primary(String rolloutState, String taskDefinition) {
        return deployment("PRIMARY", rolloutState, taskDefinition);
    }

    private static Deployment active(String taskDefinition) {
        return deployment("ACTIVE", "COMPLETED", taskDefinition);
    }

    private static Deployment deployment(String status, String rolloutState, String taskDefinition) {
        return new Deployment(Map.of(
                "id", "ecs-svc/" + Math.abs((status + taskDefinition).hashCode()),
                "status", status,
                "taskDefinition", taskDefinition,
                "desiredCount", 1,
                "runningCount", 1,
                "rolloutState", rolloutState,
                "rolloutStateReason", "ECS deployment " + rolloutState.toLowerCase() + "."));
    }

    /** https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html */
    private static String services(Deployment... deployments) {
        return json(Map.of(
                "services", List.of(Map.of(
                        "serviceName", "orders",
                        "clusterArn", "arn:aws:ecs:eu-west-1:222222222222:cluster/orders-test",
                        "status", "ACTIVE",
                        "deployments", List.of(deployments).stream().map(Deployment::fields).toList())),
                "failures", List.of()));
    }

    /** https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html */
    private static String parameter(String name, String value) {
        return json(Map.of("Parameter", Map.of(
                "Name", name,
                "Type", "String",
                "Value", value,
                "Version", 1,
                "LastModifiedDate", "2025-06-01T09:00:00.123000+00:00",
                "ARN", "arn:aws:ssm:eu-west-1:222222222222:parameter" + name,
                "DataType", "text")));
    }

    /** https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTaskDefinition.html */
    private static String taskDefinition(String arn, String image) {
        return json(Map.of("taskDefinition", Map.of(
                "taskDefinitionArn", arn,
                "family", "orders-test",
                "containerDefinitions", List.of(
                        Map.of("name", "log-router", "image", "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable"),
                        Map.of("name", CONTAINER, "image", image, "essential", true)))));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- Running the commands ------------------------------------------------------------------

    /**
     * What the target account answers and how the stand-ins behave.
     *
     * @param serviceUrl     what the SSM parameter holds
     * @param serviceAnswers what successive DescribeServices calls answer (the last one repeats)
     * @param healthAnswers  what successive curl calls get: the HTTP status, "000" for no answer,
     *                       then optionally curl's exit status (7 by default for "000"); the last repeats
     * @param smokeTest      the smoke test script in the source, or null for none
     * @param environment    variables set over the defaults
     */
    private record Scenario(String serviceUrl, List<String> serviceAnswers, List<String> healthAnswers,
                            String smokeTest, Map<String, String> environment) {

        /** The new image's rollout completed, the URL answers 200, the source has no smoke test. */
        static Scenario healthy() {
            return new Scenario(SERVICE_URL, List.of(services(primary("COMPLETED", NEW_TASK_DEFINITION))),
                    List.of("200"), null, Map.of());
        }

        Scenario serviceUrl(String url) {
            return new Scenario(url, serviceAnswers, healthAnswers, smokeTest, environment);
        }

        Scenario describeServices(String... answers) {
            return new Scenario(serviceUrl, List.of(answers), healthAnswers, smokeTest, environment);
        }

        Scenario health(String... statuses) {
            return new Scenario(serviceUrl, serviceAnswers, List.of(statuses), smokeTest, environment);
        }

        Scenario smokeTest(String script) {
            return new Scenario(serviceUrl, serviceAnswers, healthAnswers, script, environment);
        }

        Scenario with(String name, String value) {
            Map<String, String> more = new HashMap<>(environment);
            more.put(name, value);
            return new Scenario(serviceUrl, serviceAnswers, healthAnswers, smokeTest, Map.copyOf(more));
        }

        /** The target account's answer to one call. */
        Reply answer(Call call, Supplier<Reply> nextServices) {
            if (call.is("ssm", "get-parameter")) {
                String name = call.option("--name").orElseThrow();
                return name.equals("/orders/test/service-url") ? Reply.response(parameter(name, serviceUrl))
                        : Reply.error("ParameterNotFound", "");
            }
            if (call.is("ecs", "describe-services")) {
                assertThat(call.option("--cluster")).contains("orders-test");
                assertThat(call.values("--services")).containsExactly("orders");
                return nextServices.get();
            }
            if (call.is("ecs", "describe-task-definition")) {
                String arn = call.option("--task-definition").orElseThrow();
                return arn.equals(NEW_TASK_DEFINITION) ? Reply.response(taskDefinition(arn, NEW_IMAGE))
                        : arn.equals(OLD_TASK_DEFINITION) ? Reply.response(taskDefinition(arn, OLD_IMAGE))
                        : Reply.error("ClientException", "Unable to describe task definition.");
            }
            throw new IllegalArgumentException("no answer for " + call);
        }
    }

    private record Run(int exitCode, String output, List<String> calls) {
    }

    /** imagedefinitions.json for the new image, as the buildspec's own command writes it. */
    private static String imageDefinitions;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void writeImageDefinitionsTheWayTheBuildspecDoes() throws Exception {
        var phases = (Map<String, Object>) DeliveryApp.readBuildSpec(DeliveryApp.BUILD_SPEC).get("phases");
        var commands = (List<String>) ((Map<String, Object>) phases.get("post_build")).get("commands");
        String printf = commands.stream().filter(c -> c.contains("> imagedefinitions.json")).findFirst().orElseThrow()
                .replace("> imagedefinitions.json", "");
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", printf);
        bash.environment().put("CONTAINER_NAME", CONTAINER);
        bash.environment().put("IMAGE_URI", NEW_IMAGE);
        Process process = bash.start();
        imageDefinitions = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();
        assertThat(JSON.readTree(imageDefinitions)).isEqualTo(JSON.valueToTree(
                List.of(Map.of("name", CONTAINER, "imageUri", NEW_IMAGE))));
    }

    /**
     * Runs the loaded commands in one shell in order, stopping at the first that exits non-zero,
     * as a Commands action (one CodeBuild build phase) does.
     */
    private static Run run(Path dir, Scenario scenario) throws IOException, InterruptedException {
        Path stubs = Files.createDirectories(dir.resolve("stubs"));
        Path calls = stubs.resolve("calls.log");
        Path work = Files.createDirectories(dir.resolve("build-output"));
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.writeString(work.resolve("imagedefinitions.json"), imageDefinitions);
        if (scenario.smokeTest() != null) {
            Path script = source.resolve(SMOKE_TEST);
            Files.createDirectories(script.getParent());
            Files.writeString(script, scenario.smokeTest());
        }
        writeSequence(stubs, "health", scenario.healthAnswers());

        // Prints what --write-out '%{http_code}' prints, and exits as curl does: 7 (could not
        // connect) for "000" unless the answer says otherwise. The next answer's path is
        // health-1, health-2, ..., then health-last over and over; builtins only where it can.
        ShellStubs.stub(stubs, "curl", """
                echo "curl $*" >> "%2$s"
                count=0
                [ -f "%1$s/health-count" ] && read -r count < "%1$s/health-count"
                count=$(( count + 1 ))
                echo "$count" > "%1$s/health-count"
                answer="%1$s/health-$count"; [ -f "$answer" ] || answer="%1$s/health-last"
                read -r status code < "$answer"
                printf '%%s' "$status"
                [ "$status" != 000 ] || exit "${code:-7}"
                """.formatted(stubs, calls));
        ShellStubs.stub(stubs, "sleep", """
                echo "sleep $*" >> "%s"
                """.formatted(calls));

        StringBuilder script = new StringBuilder();
        for (String command : commands()) {
            script.append(command).append('\n')
                    .append("status=$?; if [ $status -ne 0 ]; then echo \"command failed with status $status\" >&2;")
                    .append(" exit $status; fi\n");
        }
        // CodeBuild runs commands with /bin/sh, which on the action's Amazon Linux 2023 image is
        // bash, in its POSIX mode.
        ProcessBuilder bash = new ProcessBuilder("bash", "--posix", "-c", script.toString())
                .directory(work.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = bash.environment();
        env.put("PATH", stubs + ":" + env.get("PATH"));
        env.put("AWS_REGION", "eu-west-1");
        env.put("CODEBUILD_SRC_DIR_Source", source.toString());
        env.put("CLUSTER_NAME", "orders-test");
        env.put("SERVICE_NAME", "orders");
        env.put("CONTAINER_NAME", CONTAINER);
        env.put("HEALTH_CHECK_PATH", "/health");
        env.put("SERVICE_URL_PARAMETER", "/orders/test/service-url");
        env.put("SERVICE_DOMAIN", "");
        env.put("SMOKE_TEST_PATH", SMOKE_TEST);
        env.put("VERIFY_TIMEOUT_SECONDS", "60");
        env.putAll(scenario.environment());
        Supplier<Reply> services = FakeAwsCli.inTurn(scenario.serviceAnswers().stream().map(Reply::response).toList());
        try (FakeAwsCli aws = FakeAwsCli.start(stubs, calls, call -> scenario.answer(call, services))) {
            Process process = bash.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(aws.unexpected()).as("calls the scenario has no answer for").isEmpty();
            List<String> recorded = Files.exists(calls) ? Files.readAllLines(calls) : new ArrayList<>();
            return new Run(process.exitValue(), output, recorded);
        }
    }

    private static void writeSequence(Path stubs, String name, List<String> answers) throws IOException {
        for (int i = 0; i < answers.size(); i++) {
            Files.writeString(stubs.resolve(name + "-" + (i + 1)), answers.get(i) + "\n");
        }
        Files.writeString(stubs.resolve(name + "-last"), answers.get(answers.size() - 1) + "\n");
    }
}
