package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.AppProps;

/**
 * Every bad configuration value stops synthesis with exit status 1, one line that names the
 * context key, the value and the form expected (computed from the rest of the configuration
 * where it depends on it), and no template written. One mistake gives one line: no problem is
 * reported because of another.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputTest {

    /** Marks a key to be removed from the example context. */
    private static final Object MISSING = new Object();

    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad("a missing key", "testAccount", MISSING, "is not set", "12-digit AWS account ID"),
                bad("an account ID that is not 12 digits", "testAccount", "22222222222", "\"22222222222\"",
                        "12-digit AWS account ID"),
                bad("an account ID with letters", "buildAccount", "11111111111x", "\"11111111111x\"",
                        "12-digit AWS account ID"),
                bad("an account ID given as a JSON number", "testAccount", 222222222222L, "is 222222222222;",
                        "written as a JSON string"),
                bad("the test account equal to the build account", "testAccount", "111111111111",
                        "\"111111111111\"", "an account other than buildAccount (111111111111)"),
                bad("a malformed region", "region", "europe-west", "\"europe-west\"", "AWS region code"),
                bad("a misspelt region, which is the region's problem and not the connection's", "region",
                        "us-eats-2", "\"us-eats-2\"", "did you mean us-east-2?"),
                bad("a region of the right shape that does not exist", "region", "us-east-9", "\"us-east-9\"",
                        "an AWS region code that aws-cdk-lib knows"),
                bad("a region in a partition the app writes no ARNs for", "region", "us-iso-east-1",
                        "\"us-iso-east-1\"", "us-iso-east-1 is in the aws-iso partition"),
                bad("a malformed connection ARN", "connectionArn", "arn:aws:codestar:eu-west-1:111111111111:thing/x",
                        "\"arn:aws:codestar:eu-west-1:111111111111:thing/x\"", "CodeConnections connection"),
                bad("a connection in another account", "connectionArn",
                        "arn:aws:codeconnections:eu-west-1:333333333333:connection/00000000-0000-0000-0000-000000000000",
                        "its account is 333333333333, not buildAccount 111111111111",
                        "an ARN starting with arn:aws:codeconnections:eu-west-1:111111111111:connection/"),
                bad("a connection in another region", "connectionArn",
                        "arn:aws:codestar-connections:us-east-1:111111111111:connection/00000000-0000-0000-0000-000000000000",
                        "its region is us-east-1, not the configured region eu-west-1",
                        "an ARN starting with arn:aws:codestar-connections:eu-west-1:111111111111:connection/"),
                bad("a port of 0", "containerPort", 0, "is 0;", "from 1 to 65535"),
                bad("a port above 65535", "containerPort", "65536", "is 65536;", "from 1 to 65535"),
                bad("a port that is not a number", "containerPort", "http", "\"http\"", "from 1 to 65535"),
                bad("a health path not starting with a slash", "healthCheckPath", "health", "\"health\"",
                        "starting with '/'"),
                bad("an empty zone list", "availabilityZones", List.of(), "[]", "at least two"),
                bad("a zone outside the region", "availabilityZones", List.of("eu-west-1a", "us-east-1b"),
                        "[\"eu-west-1a\", \"us-east-1b\"]", "availability zones of the configured region, eu-west-1"),
                bad("an app name with capitals", "appName", "Orders", "\"Orders\"", "lowercase letters"),
                bad("a branch with a space", "branch", "my branch", "\"my branch\"", "git branch name"),
                bad("a container name with a dot", "containerName", "app.v1", "\"app.v1\"", "letters, digits"),
                bad("a certificate in another account", "certificateArn",
                        "arn:aws:acm:eu-west-1:111111111111:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
                        "its account is 111111111111, not the target's account 222222222222",
                        "an ARN starting with arn:aws:acm:eu-west-1:222222222222:certificate/"),
                bad("a certificate in another region", "certificateArn",
                        "arn:aws:acm:us-east-1:222222222222:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
                        "its region is us-east-1, not the configured region eu-west-1",
                        "an ARN starting with arn:aws:acm:eu-west-1:222222222222:certificate/"),
                bad("an unknown architecture", "cpuArchitecture", "arm", "\"arm\"", "one of [ARM64, X86_64]"),
                bad("Fargate Spot on ARM64", "fargateSpot", true, "is true;", "X86_64 tasks only"),
                bad("a memory size the CPU size cannot have", "taskMemoryMiB", 4096, "is 4096;",
                        "512, 1024 or 2048"),
                bad("a health check timeout as long as the interval", "healthCheckTimeoutSeconds", 5, "is 5;",
                        "less than healthCheckIntervalSeconds (5)"),
                bad("a deploy timeout over an hour", "deployTimeoutMinutes", 61, "is 61;", "from 1 to 60"),
                bad("a boolean that is not one", "loadBalancerDeletionProtection", "yes", "\"yes\"", "true or false"),
                bad("no images kept", "imagesToKeep", 0, "is 0;", "from 1 to 1000"),
                bad("a scan severity that is not a gate", "scanFailOn", "LOW", "\"LOW\"",
                        "one of [CRITICAL, HIGH, MEDIUM, NONE]"),
                bad("an absolute smoke-test path", "smokeTestPath", "/scripts/smoke-test.sh",
                        "\"/scripts/smoke-test.sh\"", "without a leading '/' or '..'"),
                bad("a smoke-test path out of the repository", "smokeTestPath", "scripts/../../etc/passwd",
                        "\"scripts/../../etc/passwd\"", "without a leading '/' or '..'"),
                bad("a smoke-test path with a space", "smokeTestPath", "scripts/smoke test.sh",
                        "\"scripts/smoke test.sh\"", "letters, digits and . _ - /"),
                bad("the container as uid 0", "containerUser", "0", "\"0\"", "write \"image\""),
                bad("the container as root:root", "containerUser", "root:root", "\"root:root\"", "write \"image\""),
                bad("the container as 0:1000", "containerUser", "0:1000", "\"0:1000\"", "uid 0 is root"),
                bad("a container user by name", "containerUser", "app", "\"app\"", "\"uid\" or \"uid:gid\" in digits"),
                bad("a read-only root filesystem that is not a boolean", "readonlyRootFilesystem", "no", "\"no\"",
                        "true or false"),
                bad("logs kept a month", "logRetentionDays", 30, "is 30;", "governed accounts require at least a year"),
                bad("a retention CloudWatch does not offer", "logRetentionDays", 366, "is 366;",
                        "one of CloudWatch Logs' retention periods of a year or more: [365, 400, 545, 731, 1096"),
                bad("a 5XX alarm that never trips", "alarm5xxThreshold", 0, "is 0;", "from 1 to 10000"),
                bad("a 5XX alarm threshold too high", "alarm5xxThreshold", "10001", "is 10001;", "from 1 to 10000"),
                bad("an unhealthy-hosts threshold too high", "alarmUnhealthyHostsThreshold", 101, "is 101;",
                        "from 1 to 100"),
                bad("an alarm evaluated over more than half an hour", "alarmEvaluationMinutes", 31, "is 31;",
                        "from 1 to 30"),
                bad("a verification that cannot wait for a rollout", "verifyTimeoutSeconds", 29, "is 29;",
                        "from 30 to 1800"),
                bad("a misspelt key next to the right one", "testAcount", "222222222222", "\"222222222222\"",
                        "a key this app reads: did you mean testAccount?"),
                bad("a misspelt optional key", "desiredcount", 2, "is 2;", "did you mean desiredCount?"),
                bad("a key nothing is like", "flavour", "vanilla", "\"vanilla\"",
                        "a key this app reads, one of appName, buildAccount"),
                bad("a target's setting at the top level", "approval", true, "is true;",
                        "approval is a setting of one entry of targets"),
                bad("a domain that is not a DNS name", "domainName", "https://orders.example.com",
                        "\"https://orders.example.com\"", "a DNS name such as \"orders.example.com\""),
                bad("a domain without a certificate to serve it with", "domainName", "orders.example.com",
                        "\"orders.example.com\"", "nothing without certificateArn"),
                bad("a zone the region does not have", "availabilityZones", List.of("eu-west-1a", "eu-west-1d"),
                        "[\"eu-west-1a\", \"eu-west-1d\"]",
                        "zones that eu-west-1 has: eu-west-1a, eu-west-1b, eu-west-1c (an older account that has"
                                + " another sets allowUnlistedZones to true)"),
                bad("a privileged port for the default non-root user", "containerPort", 80, "is 80;",
                        "a port of 1024 or above: containerUser 1000:1000 is not root"),
                bad("timings whose rollout outlasts the deploy action", "healthCheckGracePeriodSeconds", 3600,
                        "is 3600;", "longer than the pipeline's deploy action can wait (60 minutes)"),
                bad("a region in China, where the app's notification rule does not exist", "region", "cn-north-1",
                        "\"cn-north-1\"", "cn-north-1 is in the aws-cn partition"),
                bad("an unknown deployment strategy", "deployment", "bluegreen", "\"bluegreen\"",
                        "one of [rolling, blueGreen, canary, linear]"),
                bad("a bake time longer than ECS allows", "bakeMinutes", 1441, "is 1441;", "from 0 to 1440"),
                bad("a step percent above 100", "stepPercent", 150, "is 150;", "a number from 0.1 to 100 in steps of 0.1"),
                bad("a step percent finer than a tenth", "stepPercent", "2.55", "\"2.55\"",
                        "a number from 0.1 to 100 in steps of 0.1"),
                bad("a step bake time with the default rolling deployment", "stepBakeMinutes", 5, "is 5;",
                        "nothing while deployment is rolling: stepBakeMinutes applies to canary and linear"),
                bad("a bake time with the default rolling deployment", "bakeMinutes", 10, "is 10;",
                        "nothing while deployment is rolling: bakeMinutes applies to blueGreen, canary and linear"),
                bad("a deploy window hour that does not exist", "deployWindow", "0 0 9-25 ? * MON-FRI *",
                        "\"0 0 9-25 ? * MON-FRI *\"", "Hour values must be between 0 and 23"),
                bad("a deploy window with both day fields set", "deployWindow", "0 0 9-17 * * MON-FRI",
                        "\"0 0 9-17 * * MON-FRI\"", "neither day-of-month (\"*\") nor day-of-week (\"MON-FRI\") is '?'"),
                bad("a deploy window in a year the rule does not take", "deployWindow", "0 0 9-16 ? * MON-FRI 2026-2250",
                        "\"0 0 9-16 ? * MON-FRI 2026-2250\"", "the year field names 2250, and the rule takes years 1970 to 2199"),
                bad("a deploy window of five fields, as Unix cron writes it", "deployWindow", "0 9-17 * * 1-5",
                        "\"0 9-17 * * 1-5\"", "it has 5 fields"),
                bad("a misspelt time zone", "deployWindowTimeZone", "Europe/Dubln", "\"Europe/Dubln\"",
                        "did you mean Europe/Dublin?"),
                bad("a time zone without a window", "deployWindowTimeZone", "Europe/Dublin", "\"Europe/Dublin\"",
                        "nothing without deployWindow"),
                bad("a rollback switch that is not a boolean", "rollbackOnFailure", "yes", "\"yes\"", "true or false"));
    }

    private static Arguments bad(String what, String key, Object value, String shownValue, String expectedForm) {
        return Arguments.of(what, key, value, shownValue, expectedForm);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void stopsSynthesisNamingTheKeyTheValueAndTheExpectedForm(
            String what, String key, Object value, String shownValue, String expectedForm,
            @TempDir Path outdir) throws IOException {
        Map<String, Object> context = TestConfigurations.example();
        if (value == MISSING) {
            context.remove(key);
        } else {
            context.put(key, value);
        }
        if (key.equals("region") && "cn-north-1".equals(value)) {
            // Zones follow the region, so that the region is the one thing wrong.
            context.put("availabilityZones", List.of(value + "a", value + "b"));
        }
        if (key.equals("certificateArn")) {
            // A certificate comes with the name it is for; these cases are about the certificate alone.
            context.put("domainName", "orders.example.com");
        }
        assertThat(rejectionOf(context, outdir)).contains("context key '" + key + "'").contains(shownValue)
                .contains(expectedForm);
    }

    /** Runs the app as main does; asserts exit status 1, one line of message and no output; returns the message. */
    private static String rejectionOf(Map<String, Object> context, Path outdir) throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DeliveryApp.run(AppProps.builder().context(context).outdir(outdir.toString()).build(),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8).strip();
        assertThat(status).isEqualTo(1);
        assertThat(message.lines()).hasSize(1);
        try (var written = Files.list(outdir)) {
            assertThat(written).isEmpty();
        }
        return message;
    }

    static Stream<Arguments> badTargets() {
        return Stream.of(
                Arguments.of("duplicate target names",
                        "[{\"name\":\"test\",\"account\":\"222222222222\"},{\"name\":\"test\",\"account\":\"333333333333\"}]",
                        "targets[1].name", "no other target has"),
                Arguments.of("duplicate target accounts",
                        "[{\"name\":\"test\",\"account\":\"222222222222\"},{\"name\":\"prod\",\"account\":\"222222222222\"}]",
                        "targets[1].account", "no other target has (targets[0] deploys to 222222222222)"),
                Arguments.of("a target in the build account",
                        "[{\"name\":\"test\",\"account\":\"111111111111\"}]",
                        "targets[0].account", "an account other than buildAccount (111111111111)"),
                Arguments.of("a name not valid in resource names",
                        "[{\"name\":\"Prod_1\",\"account\":\"222222222222\"}]",
                        "targets[0].name", "lowercase letters"),
                Arguments.of("an empty list", "[]", "targets", "a non-empty JSON array"),
                Arguments.of("an entry that is not an object", "[\"test\"]", "targets[0]", "an object such as"),
                Arguments.of("a target in another region",
                        "[{\"name\":\"test\",\"account\":\"222222222222\",\"region\":\"us-east-1\"}]",
                        "targets[0].region", "the top-level region (eu-west-1) or nothing"),
                Arguments.of("a setting targets do not have",
                        "[{\"name\":\"test\",\"account\":\"222222222222\",\"replicas\":3}]",
                        "targets[0].replicas", "a key this app reads, one of name, account"),
                Arguments.of("a misspelt target setting",
                        "[{\"name\":\"test\",\"account\":\"222222222222\",\"aproval\":true}]",
                        "targets[0].aproval", "did you mean approval?"),
                Arguments.of("a top-level key inside a target",
                        "[{\"name\":\"test\",\"account\":\"222222222222\",\"branch\":\"main\"}]",
                        "targets[0].branch", "branch is set at the top level only"),
                Arguments.of("a target account given as a number",
                        "[{\"name\":\"test\",\"account\":222222222222}]",
                        "targets[0].account", "written as a JSON string"),
                Arguments.of("a bad rollout value in one target",
                        "[{\"name\":\"test\",\"account\":\"222222222222\",\"stopTimeoutSeconds\":600}]",
                        "targets[0].stopTimeoutSeconds", "from 2 to 120"),
                Arguments.of("a bad alarm value in one target",
                        "[{\"name\":\"test\",\"account\":\"222222222222\",\"verifyTimeoutSeconds\":3600}]",
                        "targets[0].verifyTimeoutSeconds", "from 30 to 1800"),
                Arguments.of("a target's memory that its own CPU size cannot have",
                        "[{\"name\":\"prod\",\"account\":\"222222222222\",\"taskCpu\":1024}]",
                        "targets[0].taskMemoryMiB", "a Fargate memory size for taskCpu 1024: 2048 to 8192"),
                Arguments.of("a target's certificate without the name it is for",
                        "[{\"name\":\"prod\",\"account\":\"444444444444\",\"certificateArn\":"
                                + "\"arn:aws:acm:eu-west-1:444444444444:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b\"}]",
                        "targets[0].domainName", "the DNS name the certificate is for"),
                Arguments.of("a target's certificate in another region",
                        "[{\"name\":\"prod\",\"account\":\"444444444444\",\"domainName\":\"orders.example.com\","
                                + "\"certificateArn\":"
                                + "\"arn:aws:acm:us-west-2:444444444444:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b\"}]",
                        "targets[0].certificateArn",
                        "its region is us-west-2, not the configured region eu-west-1): an ARN starting with"
                                + " arn:aws:acm:eu-west-1:444444444444:certificate/"),
                Arguments.of("a linear step smaller than ECS allows",
                        "[{\"name\":\"test\",\"account\":\"222222222222\",\"deployment\":\"linear\",\"stepPercent\":2}]",
                        "targets[0].stepPercent", "a number from 3 to 100 in steps of 0.1 while deployment is linear"),
                Arguments.of("steps with a blue/green deployment",
                        "[{\"name\":\"test\",\"account\":\"222222222222\",\"deployment\":\"blueGreen\",\"stepPercent\":20}]",
                        "targets[0].stepPercent", "nothing while deployment is blueGreen"),
                Arguments.of("a linear rollout the deploy action cannot wait for",
                        "[{\"name\":\"test\",\"account\":\"222222222222\",\"deployment\":\"linear\",\"stepPercent\":10,"
                                + "\"stepBakeMinutes\":10}]",
                        "targets[0].stepBakeMinutes", "a linear rollout may take"),
                Arguments.of("a canary bake time the deploy action cannot wait for",
                        "[{\"name\":\"test\",\"account\":\"222222222222\",\"deployment\":\"canary\",\"bakeMinutes\":58}]",
                        "targets[0].bakeMinutes", "longer than the pipeline's deploy action can wait (60 minutes)"),
                Arguments.of("text that is not JSON", "[{name: test}]", "targets", "it is not valid JSON"),
                Arguments.of("a list cut at a line break, as the CLI passes a multi-line -c value",
                        "[{\"name\":\"test\",", "targets",
                        "the CDK CLI passes only the first line of a -c value, so keep the list on one line"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTargets")
    void aBadTargetListStopsSynthesisNamingTheTargetAndTheKey(String what, String targetsJson, String key,
            String expectedForm, @TempDir Path outdir) throws IOException {
        Map<String, Object> context = TestConfigurations.example();
        context.put("targets", targetsJson);
        assertThat(rejectionOf(context, outdir)).contains("context key '" + key + "'").contains(expectedForm)
                // A parser's own words (Jackson's "Unexpected character ... at [Source: ...]") are no help.
                .doesNotContain("Unexpected", "Source:", "line: 1", "com.fasterxml", "Exception");
    }

    /** {@link DeliveryApp#main} in a JVM of its own, as the CDK CLI runs it; see {@link #startMain}. */
    private static Process main;
    private static Path mainOutdir;
    private static Path mainStderr;

    /**
     * Starts {@code main} with a bad context before the other cases run, so that its JVM and jsii
     * start up on another core meanwhile; {@link #mainReportsEveryProblemInContextOrderThroughTheContextTheCliPasses}
     * waits for it.
     */
    @BeforeAll
    static void startMain(@TempDir Path scratch) throws IOException {
        Map<String, Object> context = TestConfigurations.example();
        context.put("region", "us-eats-2");
        context.put("containerPort", 70000);
        context.put("testAcount", "222222222222");
        // What CDK CLI 2.1148.1 adds to every synth (seen by printing CDK_CONTEXT_JSON from a throwaway app).
        context.put("aws:cdk:enable-path-metadata", true);
        context.put("aws:cdk:enable-asset-metadata", true);
        context.put("aws:cdk:version-reporting", true);
        context.put("aws:cdk:bundling-stacks", List.of("**"));
        context.put("@aws-cdk/core:failSynthOnValidationErrors", false);
        mainOutdir = Files.createDirectories(scratch.resolve("cdk.out"));
        mainStderr = scratch.resolve("stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                DeliveryApp.class.getName());
        // The CLI hands the app its context in CDK_CONTEXT_JSON and its output directory in CDK_OUTDIR;
        // the JSON keeps the map's order, as the CLI's keeps cdk.json's.
        builder.environment().put("CDK_CONTEXT_JSON", new ObjectMapper().writeValueAsString(context));
        builder.environment().put("CDK_OUTDIR", mainOutdir.toString());
        builder.environment().put("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
        builder.environment().put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "1");
        main = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(mainStderr.toFile()).start();
    }

    @AfterAll
    static void stopMain() {
        main.destroyForcibly();
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: it waits for the JVM the other cases run beside
    void mainReportsEveryProblemInContextOrderThroughTheContextTheCliPasses() throws Exception {
        assertThat(main.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String stderr = Files.readString(mainStderr, StandardCharsets.UTF_8);

        assertThat(main.exitValue()).as(stderr).isEqualTo(1);
        assertThat(stderr.lines().filter(line -> line.startsWith("Invalid configuration:")))
                .satisfiesExactly(
                        line -> assertThat(line).contains("context key 'region' is \"us-eats-2\";"),
                        line -> assertThat(line).contains("context key 'containerPort' is 70000;"),
                        line -> assertThat(line).contains("context key 'testAcount'", "did you mean testAccount?"));
        try (var written = Files.list(mainOutdir)) {
            assertThat(written).isEmpty();
        }
    }
}
