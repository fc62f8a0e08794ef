package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.AppProps;

/**
 * Every bad configuration value stops synthesis with exit status 1, one message that names
 * the context key, the value and the form expected, and no template written.
 */
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
                bad("the two accounts equal", "testAccount", "111111111111", "\"111111111111\"",
                        "an account other than buildAccount"),
                bad("a malformed region", "region", "europe-west", "\"europe-west\"", "AWS region code"),
                bad("a malformed connection ARN", "connectionArn", "arn:aws:codestar:eu-west-1:111111111111:thing/x",
                        "\"arn:aws:codestar:eu-west-1:111111111111:thing/x\"", "CodeConnections connection"),
                bad("a connection in another account", "connectionArn",
                        "arn:aws:codeconnections:eu-west-1:333333333333:connection/00000000-0000-0000-0000-000000000000",
                        "333333333333", "in the build account"),
                bad("a port of 0", "containerPort", 0, "is 0;", "from 1 to 65535"),
                bad("a port above 65535", "containerPort", "65536", "is 65536;", "from 1 to 65535"),
                bad("a port that is not a number", "containerPort", "http", "\"http\"", "from 1 to 65535"),
                bad("a health path not starting with a slash", "healthCheckPath", "health", "\"health\"",
                        "starting with '/'"),
                bad("an empty zone list", "availabilityZones", List.of(), "[]", "at least two"),
                bad("a zone outside the region", "availabilityZones", List.of("eu-west-1a", "us-east-1b"),
                        "[\"eu-west-1a\", \"us-east-1b\"]", "in the configured region"),
                bad("an app name with capitals", "appName", "Orders", "\"Orders\"", "lowercase letters"),
                bad("a branch with a space", "branch", "my branch", "\"my branch\"", "git branch name"),
                bad("a container name with a dot", "containerName", "app.v1", "\"app.v1\"", "letters, digits"),
                bad("a certificate in another account", "certificateArn",
                        "arn:aws:acm:eu-west-1:111111111111:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
                        "111111111111:certificate", "in the target's account (222222222222)"),
                bad("an unknown architecture", "cpuArchitecture", "arm", "\"arm\"", "one of [ARM64, X86_64]"),
                bad("Fargate Spot on ARM64", "fargateSpot", true, "is true;", "X86_64 tasks only"),
                bad("a memory size the CPU size cannot have", "taskMemoryMiB", 4096, "is 4096;",
                        "512, 1024 or 2048"),
                bad("a health check timeout as long as the interval", "healthCheckTimeoutSeconds", 5, "is 5;",
                        "less than healthCheckIntervalSeconds (5)"),
                bad("a deploy timeout over an hour", "deployTimeoutMinutes", 61, "is 61;", "from 1 to 60"),
                bad("a boolean that is not one", "loadBalancerDeletionProtection", "yes", "\"yes\"", "true or false"),
                bad("no images kept", "imagesToKeep", 0, "is 0;", "from 1 to 1000"));
    }

    private static Arguments bad(String what, String key, Object value, String shownValue, String expectedForm) {
        return Arguments.of(what, key, value, shownValue, expectedForm);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void stopsSynthesisNamingTheKeyTheValueAndTheExpectedForm(
            String what, String key, Object value, String shownValue, String expectedForm,
            @TempDir Path outdir) throws IOException {
        Map<String, Object> context = Synthesized.exampleContext();
        if (value == MISSING) {
            context.remove(key);
        } else {
            context.put(key, value);
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
                        "targets[1].account", "no other target has"),
                Arguments.of("a target in the build account",
                        "[{\"name\":\"test\",\"account\":\"111111111111\"}]",
                        "targets[0].account", "an account other than buildAccount"),
                Arguments.of("a name not valid in resource names",
                        "[{\"name\":\"Prod_1\",\"account\":\"222222222222\"}]",
                        "targets[0].name", "lowercase letters"),
                Arguments.of("an empty list", "[]", "targets", "a non-empty JSON array"),
                Arguments.of("a target in another region",
                        "[{\"name\":\"test\",\"account\":\"222222222222\",\"region\":\"us-east-1\"}]",
                        "targets[0].region", "cross-region targets are not supported"),
                Arguments.of("a setting targets do not have",
                        "[{\"name\":\"test\",\"account\":\"222222222222\",\"replicas\":3}]",
                        "targets[0].replicas", "no such target setting"),
                Arguments.of("a target account given as a number",
                        "[{\"name\":\"test\",\"account\":222222222222}]",
                        "targets[0].account", "written as a JSON string"),
                Arguments.of("a bad rollout value in one target",
                        "[{\"name\":\"test\",\"account\":\"222222222222\",\"stopTimeoutSeconds\":600}]",
                        "targets[0].stopTimeoutSeconds", "from 2 to 120"),
                Arguments.of("text that is not JSON", "[{name: test}]", "targets", "not valid JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTargets")
    void aBadTargetListStopsSynthesisNamingTheTargetAndTheKey(String what, String targetsJson, String key,
            String expectedForm, @TempDir Path outdir) throws IOException {
        Map<String, Object> context = Synthesized.exampleContext();
        context.put("targets", targetsJson);
        assertThat(rejectionOf(context, outdir)).contains("context key '" + key + "'").contains(expectedForm);
    }

    @Test
    void mainExitsNonZeroThroughTheCdkContextTheCliPasses(@TempDir Path outdir) throws Exception {
        Map<String, Object> context = new HashMap<>(Synthesized.exampleContext());
        context.put("containerPort", 70000);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DeliveryApp.class.getName());
        // The CLI hands the app its context in CDK_CONTEXT_JSON and its output directory in CDK_OUTDIR.
        builder.environment().put("CDK_CONTEXT_JSON", new ObjectMapper().writeValueAsString(context));
        builder.environment().put("CDK_OUTDIR", outdir.toString());
        builder.environment().put("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
        Process main = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String stderr = new String(main.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(main.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(main.exitValue()).isEqualTo(1);
        assertThat(stderr).contains("context key 'containerPort' is 70000;");
        try (var written = Files.list(outdir)) {
            assertThat(written).isEmpty();
        }
    }
}
