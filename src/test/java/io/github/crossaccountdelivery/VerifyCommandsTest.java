package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The post-deploy verification commands ({@code pipeline/verify-commands.sh} on the classpath),
 * loaded the way the pipeline gets them and run in one bash, as CodePipeline's Commands action
 * runs them, with stand-ins for {@code aws}, {@code curl} and {@code sleep}.
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
    private static final String SERVICE_URL = "http://orders-test-alb-1234567890.eu-west-1.elb.amazonaws.com";
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
                "aws ecs describe-services --region eu-west-1 --cluster orders-test --services orders --output json",
                "aws ecs describe-task-definition --region eu-west-1 --task-definition " + NEW_TASK_DEFINITION
                        + " --output json");
        assertThat(run.calls).filteredOn(call -> call.startsWith("curl")).singleElement().asString()
                .endsWith(" " + SERVICE_URL + "/health")
                .doesNotContain("--insecure");
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
    void skipsCertificateVerificationForAnHttpsUrlOnly(@TempDir Path dir) throws Exception {
        Run run = run(dir, Scenario.healthy().with("STUB_SERVICE_URL", "https://orders.example.com/"));

        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.calls).filteredOn(call -> call.startsWith("curl")).singleElement().asString()
                .contains("--insecure")
                .endsWith(" https://orders.example.com/health");
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

    private static String services(Deployment... deployments) {
        return json(Map.of(
                "services", List.of(Map.of(
                        "serviceName", "orders",
                        "clusterArn", "arn:aws:ecs:eu-west-1:222222222222:cluster/orders-test",
                        "status", "ACTIVE",
                        "deployments", List.of(deployments).stream().map(Deployment::fields).toList())),
                "failures", List.of()));
    }

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
     * How the stand-ins behave.
     *
     * @param serviceAnswers what successive DescribeServices calls answer (the last one repeats)
     * @param healthAnswers  the HTTP status successive curl calls get ("000": no answer; the last repeats)
     * @param smokeTest      the smoke test script in the source, or null for none
     * @param environment    variables set over the defaults
     */
    private record Scenario(List<String> serviceAnswers, List<String> healthAnswers, String smokeTest,
                            Map<String, String> environment) {

        /** The new image's rollout completed, the URL answers 200, the source has no smoke test. */
        static Scenario healthy() {
            return new Scenario(List.of(services(primary("COMPLETED", NEW_TASK_DEFINITION))), List.of("200"),
                    null, Map.of());
        }

        Scenario describeServices(String... answers) {
            return new Scenario(List.of(answers), healthAnswers, smokeTest, environment);
        }

        Scenario health(String... statuses) {
            return new Scenario(serviceAnswers, List.of(statuses), smokeTest, environment);
        }

        Scenario smokeTest(String script) {
            return new Scenario(serviceAnswers, healthAnswers, script, environment);
        }

        Scenario with(String name, String value) {
            Map<String, String> more = new HashMap<>(environment);
            more.put(name, value);
            return new Scenario(serviceAnswers, healthAnswers, smokeTest, Map.copyOf(more));
        }
    }

    private record Run(int exitCode, String output, List<String> calls) {
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
        Files.writeString(work.resolve("imagedefinitions.json"),
                json(List.of(Map.of("name", CONTAINER, "imageUri", NEW_IMAGE))));
        if (scenario.smokeTest() != null) {
            Path script = source.resolve(SMOKE_TEST);
            Files.createDirectories(script.getParent());
            Files.writeString(script, scenario.smokeTest());
        }
        writeSequence(stubs, "services", scenario.serviceAnswers());
        writeSequence(stubs, "health", scenario.healthAnswers());
        Files.writeString(stubs.resolve("taskdef-" + NEW_TASK_DEFINITION.substring(TASK_DEFINITIONS.length())),
                taskDefinition(NEW_TASK_DEFINITION, NEW_IMAGE));
        Files.writeString(stubs.resolve("taskdef-" + OLD_TASK_DEFINITION.substring(TASK_DEFINITIONS.length())),
                taskDefinition(OLD_TASK_DEFINITION, OLD_IMAGE));

        // next NAME prints the path of the NAME answer for this call: NAME-1, NAME-2, ..., then
        // NAME-last over and over. Builtins only where it can: the stand-ins run on every poll.
        String next = """
                next() {
                  local count=0
                  [ -f "%1$s/$1-count" ] && read -r count < "%1$s/$1-count"
                  count=$(( count + 1 ))
                  echo "$count" > "%1$s/$1-count"
                  if [ -f "%1$s/$1-$count" ]; then echo "%1$s/$1-$count"; else echo "%1$s/$1-last"; fi
                }
                echo "${0##*/} $*" >> "%2$s"
                """.formatted(stubs, calls);
        ShellStubs.stub(stubs, "aws", next + """
                case "$*" in
                  "ssm get-parameter "*) echo "$STUB_SERVICE_URL" ;;
                  "ecs describe-services "*) answer=$(next services); echo "$(< "$answer")" ;;
                  "ecs describe-task-definition "*)
                    while [ $# -gt 0 ]; do [ "$1" = --task-definition ] && arn=$2; shift; done
                    echo "$(< "%s/taskdef-${arn##*:}")" ;;
                  *) echo "unexpected call: aws $*" >&2; exit 252 ;;
                esac
                """.formatted(stubs));
        // Prints what --write-out '%{http_code}' prints; "000" with curl's exit status for a failed connection.
        ShellStubs.stub(stubs, "curl", next + """
                answer=$(next health); read -r status < "$answer"
                printf '%s' "$status"
                [ "$status" != 000 ] || exit 7
                """);
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
        env.put("PATH", stubs + ":" + ShellStubs.pythonDirectory() + ":" + env.get("PATH"));
        env.put("AWS_REGION", "eu-west-1");
        env.put("CODEBUILD_SRC_DIR_Source", source.toString());
        env.put("CLUSTER_NAME", "orders-test");
        env.put("SERVICE_NAME", "orders");
        env.put("CONTAINER_NAME", CONTAINER);
        env.put("HEALTH_CHECK_PATH", "/health");
        env.put("SERVICE_URL_PARAMETER", "/orders/test/service-url");
        env.put("SMOKE_TEST_PATH", SMOKE_TEST);
        env.put("VERIFY_TIMEOUT_SECONDS", "60");
        env.put("STUB_SERVICE_URL", SERVICE_URL);
        env.putAll(scenario.environment());
        Process process = bash.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> recorded = Files.exists(calls) ? Files.readAllLines(calls) : new ArrayList<>();
        return new Run(process.exitValue(), output, recorded);
    }

    private static void writeSequence(Path stubs, String name, List<String> answers) throws IOException {
        for (int i = 0; i < answers.size(); i++) {
            Files.writeString(stubs.resolve(name + "-" + (i + 1)), answers.get(i));
        }
        Files.writeString(stubs.resolve(name + "-last"), answers.get(answers.size() - 1));
    }
}
