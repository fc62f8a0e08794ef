package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;

/**
 * The repository's buildspec.yml, read with a YAML parser and run in bash with stand-ins for
 * {@code docker}, {@code aws} and {@code sleep}, in the environment the synthesized CodeBuild
 * project gives it.
 */
class BuildSpecTest {

    private static final String COMMIT = "4f2c0d1e9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d";
    /** The example configuration builds for ARM64, so its images are tagged this way. */
    private static final String TAG = COMMIT + "-arm64";

    private static final String BUILD_NUMBER = "7";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Map<String, Object> buildSpec;
    private static Map<String, String> projectEnvironment;
    private static String taskContainerName;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readBuildSpecAndTemplates() {
        buildSpec = DeliveryApp.readBuildSpec(DeliveryApp.BUILD_SPEC);
        Synthesized app = Synthesized.example();
        Capture variables = new Capture();
        app.build().hasResourceProperties("AWS::CodeBuild::Project", Match.objectLike(Map.of(
                "Environment", Match.objectLike(Map.of("EnvironmentVariables", variables)))));
        projectEnvironment = new HashMap<>();
        for (Object variable : variables.asArray()) {
            var v = (Map<String, Object>) variable;
            // Values that CloudFormation resolves at deploy time get the value they will resolve to.
            var names = app.config.names();
            String registry = names.imageRepositoryUri().substring(0, names.imageRepositoryUri().indexOf('/') + 1);
            projectEnvironment.put((String) v.get("Name"), v.get("Value") instanceof String s ? s
                    : switch ((String) v.get("Name")) {
                        case "REPOSITORY_URI" -> names.imageRepositoryUri();
                        case "REPOSITORY_NAME" -> names.imageRepository();
                        case "CACHE_REPOSITORY_URI" -> registry + names.buildCacheRepository();
                        case "CACHE_REPOSITORY_NAME" -> names.buildCacheRepository();
                        default -> throw new AssertionError("no deploy-time value known for " + v.get("Name"));
                    });
        }
        Capture containers = new Capture();
        app.test().hasResourceProperties("AWS::ECS::TaskDefinition",
                Match.objectLike(Map.of("ContainerDefinitions", containers)));
        taskContainerName = (String) ((Map<String, Object>) containers.asArray().get(0)).get("Name");
    }

    @Test
    void outputsOnlyImageDefinitionsJson() {
        assertThat(buildSpec).containsEntry("version", 0.2);
        assertThat(buildSpec.get("artifacts")).isEqualTo(Map.of("files", List.of("imagedefinitions.json")));
    }

    @Test
    void imageDefinitionsNameTheTaskDefinitionsContainerAndTheCommitsImageForItsPlatform(@TempDir Path workdir)
            throws Exception {
        Run run = run(workdir, Scenario.newCommit());

        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(imageDefinitions(workdir)).singleElement().isEqualTo(Map.of(
                "name", taskContainerName,
                "imageUri", repositoryUri() + ":" + TAG));
    }

    @Test
    void logsInToTheBuildAccountsRegistryThenBuildsForTheTasksPlatformWithTheNewestCacheAndPushesThePlatformTag(
            @TempDir Path workdir) throws Exception {
        Run run;

        String registry = repositoryUri().substring(0, repositoryUri().indexOf('/'));
        assertThat(registry).isEqualTo(Synthesized.example().config.names().buildAccount() + ".dkr.ecr."
                + Synthesized.example().config.names().region() + ".amazonaws.com");
        String newestCache = cacheUri() + ":arm64-0123abc-6";
        run = run(workdir.resolve("with-cache"), Scenario.newCommit().newestCache("arm64-0123abc-6"));
        // Both sides of the login pipe run at once, so their order in the log is not fixed.
        assertThat(run.calls).contains(
                "aws ecr get-login-password --region " + Synthesized.example().config.names().region(),
                "docker login --username AWS --password-stdin " + registry);
        assertThat(build(run))
                .contains("--platform " + Synthesized.example().config.get(io.github.crossaccountdelivery.config.Settings.CPU_ARCHITECTURE).dockerPlatform())
                .contains("--cache-from type=registry,ref=" + newestCache)
                .contains("--cache-to type=registry,ref=" + cacheUri() + ":arm64-" + COMMIT + "-" + BUILD_NUMBER
                        + ",mode=max")
                .contains("ignore-error=true")
                .contains("--tag " + repositoryUri() + ":" + TAG)
                .contains("--push")
                .doesNotContain(":latest");
        assertThat(Synthesized.example().config.get(io.github.crossaccountdelivery.config.Settings.CPU_ARCHITECTURE).dockerPlatform()).isEqualTo("linux/arm64");
    }

    @Test
    void withoutACacheForThePlatformTheFirstBuildStartsFromScratchAndStillWritesOne(@TempDir Path workdir)
            throws Exception {
        Run run = run(workdir, Scenario.newCommit());

        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.calls).anySatisfy(call -> assertThat(call)
                .startsWith("aws ecr describe-images --region " + Synthesized.example().config.names().region()
                        + " --repository-name " + projectEnvironment.get("CACHE_REPOSITORY_NAME"))
                .contains("starts_with(@, 'arm64-')"));
        assertThat(build(run)).doesNotContain("--cache-from")
                .contains("--cache-to type=registry,ref=" + cacheUri() + ":arm64-" + COMMIT + "-" + BUILD_NUMBER);
        assertThat(run.output).contains("No build cache for linux/arm64 yet");
    }

    @Test
    void aCommitWhoseImageExistsForThePlatformIsNotBuiltAgainButStillScannedAndDeployed(@TempDir Path workdir)
            throws Exception {
        Run run = run(workdir, Scenario.newCommit().existing(TAG));

        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.calls).noneSatisfy(call -> assertThat(call).startsWith("docker buildx build"));
        assertThat(run.calls).contains(scanCall(TAG));
        assertThat(imageDefinitions(workdir).get(0)).containsEntry("imageUri", repositoryUri() + ":" + TAG);
    }

    @Test
    void anotherPlatformIsAnotherTagSoTheImageOfTheOldPlatformIsNotReusedButBuiltAfresh(@TempDir Path workdir)
            throws Exception {
        String amd64Tag = COMMIT + "-amd64";
        // The commit's ARM64 image exists; the project now builds for X86_64.
        Run run = run(workdir, Scenario.newCommit().existing(TAG).with("IMAGE_PLATFORM", "linux/amd64"));

        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.calls).contains("aws ecr describe-images --region " + Synthesized.example().config.names().region()
                + " --repository-name " + projectEnvironment.get("REPOSITORY_NAME") + " --image-ids imageTag=" + amd64Tag);
        assertThat(build(run))
                .contains("--platform linux/amd64")
                .contains("--tag " + repositoryUri() + ":" + amd64Tag);
        assertThat(run.calls).contains(scanCall(amd64Tag));
        assertThat(imageDefinitions(workdir).get(0)).containsEntry("imageUri", repositoryUri() + ":" + amd64Tag);
    }

    @Test
    void aFailingBuildStopsTheBuildAndWritesNoImageDefinitions(@TempDir Path workdir) throws Exception {
        Run run = run(workdir, Scenario.newCommit().failingBuild());

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output).contains("phase build failed");
        assertThat(run.calls).noneSatisfy(call -> assertThat(call).contains("describe-image-scan-findings"));
        assertThat(workdir.resolve("imagedefinitions.json")).doesNotExist();
    }

    @Test
    void aFindingAtTheThresholdFailsTheBuildNamesTheFindingAndWritesNoImageDefinitions(@TempDir Path workdir)
            throws Exception {
        Run run = run(workdir, Scenario.newCommit().with("SCAN_FAIL_ON", "HIGH").scans(completeScan(
                finding("CVE-2024-0001", "HIGH", "openssl", "3.0.11-1"),
                finding("CVE-2024-0002", "LOW", "zlib", "1.2.13"))));

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output)
                .contains("Image scan gate: FAILED, 1 finding(s) at or above HIGH in " + repositoryUri() + ":" + TAG)
                .contains("HIGH CVE-2024-0001 in openssl 3.0.11-1")
                .doesNotContain("CVE-2024-0002")
                .contains("phase build failed");
        assertThat(workdir.resolve("imagedefinitions.json")).doesNotExist();
    }

    @ParameterizedTest(name = "SCAN_FAIL_ON={0}, worst finding {1}: passes={2}")
    @CsvSource({
            "CRITICAL, HIGH,     true",
            "CRITICAL, CRITICAL, false",
            "HIGH,     MEDIUM,   true",
            "HIGH,     CRITICAL, false",
            "MEDIUM,   LOW,      true",
            "MEDIUM,   MEDIUM,   false",
            "MEDIUM,   UNDEFINED, true"})
    void findingsBelowTheThresholdPassAndFindingsAtOrAboveItFail(String threshold, String worst, boolean passes,
                                                                @TempDir Path workdir) throws Exception {
        Run run = run(workdir, Scenario.newCommit().with("SCAN_FAIL_ON", threshold).scans(completeScan(
                finding("CVE-2024-0003", worst, "libexpat", "2.5.0"),
                finding("CVE-2024-0004", "INFORMATIONAL", "tzdata", "2024a"))));

        assertThat(run.exitCode == 0).as(run.output).isEqualTo(passes);
        assertThat(Files.exists(workdir.resolve("imagedefinitions.json"))).isEqualTo(passes);
        assertThat(run.output).contains(passes
                ? "Image scan gate: passed, nothing at or above " + threshold
                : worst + " CVE-2024-0003 in libexpat 2.5.0");
    }

    @Test
    void scanFailOnNoneSkipsTheGateSayingSoAndMakesNoScanCall(@TempDir Path workdir) throws Exception {
        Run run = run(workdir, Scenario.newCommit().with("SCAN_FAIL_ON", "NONE")
                .scans(completeScan(finding("CVE-2024-0005", "CRITICAL", "glibc", "2.36"))));

        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.output).contains("Image scan gate: skipped, SCAN_FAIL_ON is NONE");
        assertThat(run.calls).noneSatisfy(call -> assertThat(call).contains("describe-image-scan-findings"));
        assertThat(workdir.resolve("imagedefinitions.json")).exists();
    }

    @Test
    void waitsForAScanThatHasNotStartedOrIsStillRunningPollingAtTheConfiguredInterval(@TempDir Path workdir)
            throws Exception {
        Run run = run(workdir, Scenario.newCommit().with("SCAN_POLL_SECONDS", "3")
                .scans(SCAN_NOT_FOUND, scanStatus("IN_PROGRESS", "The scan is in progress."), completeScan()));

        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.calls.stream().filter(call -> call.equals(scanCall(TAG)))).hasSize(3);
        assertThat(run.calls.stream().filter(call -> call.startsWith("sleep"))).containsExactly("sleep 3", "sleep 3");
        assertThat(run.output).contains("Image scan gate: passed, nothing at or above " + projectEnvironment.get("SCAN_FAIL_ON"));
    }

    @Test
    void aScanThatNeverCompletesFailsAfterTheTimeoutWithAClearMessage(@TempDir Path workdir) throws Exception {
        Run run = run(workdir, Scenario.newCommit()
                .with("SCAN_TIMEOUT_SECONDS", "25").with("SCAN_POLL_SECONDS", "10")
                .scans(scanStatus("IN_PROGRESS", "The scan is in progress.")));

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output).contains("Image scan gate: FAILED, the scan of " + repositoryUri() + ":" + TAG
                + " did not complete within 25s (last status: IN_PROGRESS)");
        // It waits out the timeout exactly, without a last nap past it.
        assertThat(run.calls.stream().filter(call -> call.startsWith("sleep")))
                .containsExactly("sleep 10", "sleep 10", "sleep 5");
        assertThat(workdir.resolve("imagedefinitions.json")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"FAILED", "UNSUPPORTED_IMAGE"})
    void aScanThatEndsWithoutResultsFailsTheBuildWithItsDescription(String status, @TempDir Path workdir)
            throws Exception {
        Run run = run(workdir, Scenario.newCommit()
                .scans(scanStatus(status, "UnsupportedImageError: The operating system and/or package manager are not supported.")));

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output).contains("Image scan gate: FAILED, the scan of " + repositoryUri() + ":" + TAG
                + " ended " + status + ": UnsupportedImageError: The operating system");
        assertThat(run.calls.stream().filter(call -> call.startsWith("sleep"))).isEmpty();
        assertThat(workdir.resolve("imagedefinitions.json")).doesNotExist();
    }

    @Test
    void anErrorReadingTheScanFailsTheBuildAtOnce(@TempDir Path workdir) throws Exception {
        Run run = run(workdir, Scenario.newCommit().scans("An error occurred (AccessDeniedException) when calling"
                + " the DescribeImageScanFindings operation: not authorized"));

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output).contains("AccessDeniedException")
                .contains("Image scan gate: FAILED, cannot read the scan of " + repositoryUri() + ":" + TAG);
        assertThat(workdir.resolve("imagedefinitions.json")).doesNotExist();
    }

    @Test
    void anExistingImageWithFindingsAtTheThresholdIsStoppedToo(@TempDir Path workdir) throws Exception {
        Run run = run(workdir, Scenario.newCommit().existing(TAG)
                .scans(completeScan(finding("CVE-2024-0006", "CRITICAL", "busybox", "1.36.1"))));

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output).contains("CRITICAL CVE-2024-0006 in busybox 1.36.1");
        assertThat(run.calls).noneSatisfy(call -> assertThat(call).startsWith("docker buildx build"));
        assertThat(workdir.resolve("imagedefinitions.json")).doesNotExist();
    }

    @ParameterizedTest
    @CsvSource({
            "SCAN_FAIL_ON, high, 'SCAN_FAIL_ON must be CRITICAL, HIGH, MEDIUM or NONE'",
            "SCAN_TIMEOUT_SECONDS, 10m, SCAN_TIMEOUT_SECONDS and SCAN_POLL_SECONDS must be whole seconds",
            "IMAGE_PLATFORM, arm64, IMAGE_PLATFORM must look like linux/arm64"})
    void aMisspelledSettingStopsTheBuildBeforeAnythingIsBuilt(String name, String value, String message,
                                                              @TempDir Path workdir) throws Exception {
        Run run = run(workdir, Scenario.newCommit().with(name, value));

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output).contains(message).contains("phase pre_build failed");
        assertThat(run.calls).noneSatisfy(call -> assertThat(call).startsWith("docker"));
    }

    private static String repositoryUri() {
        return projectEnvironment.get("REPOSITORY_URI");
    }

    private static String scanCall(String tag) {
        return "aws ecr describe-image-scan-findings --region " + Synthesized.example().config.names().region()
                + " --repository-name " + projectEnvironment.get("REPOSITORY_NAME")
                + " --image-id imageTag=" + tag + " --output json";
    }

    private static String build(Run run) {
        return run.calls.stream().filter(c -> c.startsWith("docker buildx build")).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> imageDefinitions(Path workdir) throws IOException {
        return JSON.readValue(workdir.resolve("imagedefinitions.json").toFile(), List.class);
    }

    // ---- What DescribeImageScanFindings answers, in the shape of the ECR API --------------------

    /** What the CLI prints (exit 254) while scan-on-push has not started the scan yet. */
    private static final String SCAN_NOT_FOUND = "An error occurred (ScanNotFoundException) when calling the"
            + " DescribeImageScanFindings operation: Image scan does not exist for the image";

    private static String scanStatus(String status, String description) {
        return json(Map.of(
                "registryId", Synthesized.example().config.names().buildAccount(),
                "repositoryName", projectEnvironment.get("REPOSITORY_NAME"),
                "imageId", Map.of("imageDigest", "sha256:" + "ab".repeat(32), "imageTag", TAG),
                "imageScanStatus", Map.of("status", status, "description", description)));
    }

    @SafeVarargs
    private static String completeScan(Map<String, Object>... findings) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (var finding : findings) {
            counts.merge((String) finding.get("severity"), 1, Integer::sum);
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("imageScanCompletedAt", "2025-06-01T10:15:30+00:00");
        results.put("vulnerabilitySourceUpdatedAt", "2025-06-01T06:00:00+00:00");
        results.put("findings", List.of(findings));
        if (!counts.isEmpty()) {
            results.put("findingSeverityCounts", counts);
        }
        return json(Map.of(
                "registryId", Synthesized.example().config.names().buildAccount(),
                "repositoryName", projectEnvironment.get("REPOSITORY_NAME"),
                "imageId", Map.of("imageDigest", "sha256:" + "ab".repeat(32), "imageTag", TAG),
                "imageScanStatus", Map.of("status", "COMPLETE", "description", "The scan was completed successfully."),
                "imageScanFindings", results));
    }

    private static Map<String, Object> finding(String name, String severity, String packageName, String version) {
        return Map.of(
                "name", name,
                "uri", "https://security-tracker.debian.org/tracker/" + name,
                "severity", severity,
                "attributes", List.of(
                        Map.of("key", "package_version", "value", version),
                        Map.of("key", "package_name", "value", packageName),
                        Map.of("key", "CVSS2_SCORE", "value", "5.0")));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- Running the buildspec ------------------------------------------------------------------

    /**
     * How the stand-ins behave.
     *
     * @param existingTag   the tag {@code aws ecr describe-images} finds, or null for none
     * @param buildFails    whether {@code docker buildx build} fails
     * @param scanResponses what successive {@code describe-image-scan-findings} calls answer (the
     *                      last one repeats): JSON, or an error message starting "An error occurred"
     * @param environment   variables set over the project's
     */
    private record Scenario(String existingTag, boolean buildFails, List<String> scanResponses,
                            Map<String, String> environment, String newestCache) {

        /** A new commit whose image builds and scans clean, with no build cache yet. */
        static Scenario newCommit() {
            return new Scenario(null, false, List.of(completeScan()), Map.of(), null);
        }

        Scenario existing(String tag) {
            return new Scenario(tag, buildFails, scanResponses, environment, newestCache);
        }

        Scenario failingBuild() {
            return new Scenario(existingTag, true, scanResponses, environment, newestCache);
        }

        Scenario scans(String... responses) {
            return new Scenario(existingTag, buildFails, List.of(responses), environment, newestCache);
        }

        /** The tag the cache repository's query answers as the newest cache of the platform. */
        Scenario newestCache(String tag) {
            return new Scenario(existingTag, buildFails, scanResponses, environment, tag);
        }

        Scenario with(String name, String value) {
            Map<String, String> more = new HashMap<>(environment);
            more.put(name, value);
            return new Scenario(existingTag, buildFails, scanResponses, Map.copyOf(more), newestCache);
        }
    }

    private record Run(int exitCode, String output, List<String> calls) {
    }

    /**
     * Runs each phase's commands the way CodeBuild does: one bash, commands in order, the build
     * failing at the first command that exits non-zero, later phases skipped (on-failure: ABORT).
     */
    @SuppressWarnings("unchecked")
    private static Run run(Path workdir, Scenario scenario) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(workdir.resolve(".stubs"));
        Path calls = bin.resolve("calls.log");
        for (int i = 0; i < scenario.scanResponses().size(); i++) {
            Files.writeString(bin.resolve("scan-" + (i + 1)), scenario.scanResponses().get(i));
        }
        ShellStubs.stub(bin, "docker", """
                echo "docker $*" >> "%s"
                if [ "$1 $2" = "buildx build" ] && [ -n "${FAIL_DOCKER_BUILD:-}" ]; then exit 1; fi
                if [ "$1" = login ] && [ "$(cat)" != stub-password ]; then exit 1; fi
                exit 0
                """.formatted(calls));
        // Exit status 254 is the CLI's for an error the service returned.
        ShellStubs.stub(bin, "aws", """
                echo "aws $*" >> "%1$s"
                case "$*" in
                  *get-login-password*) echo stub-password ;;
                  *"describe-images"*"--repository-name $CACHE_REPOSITORY_NAME "*)
                    echo "${NEWEST_CACHE:-None}" ;;
                  *describe-images*)
                    [ -n "${EXISTING_TAG:-}" ] && [[ "$*" == *"imageTag=$EXISTING_TAG" ]] || exit 254 ;;
                  *describe-image-scan-findings*)
                    count=$(( $(cat "%2$s/scan-count" 2>/dev/null || echo 0) + 1 ))
                    echo "$count" > "%2$s/scan-count"
                    response="%2$s/scan-$count"
                    [ -f "$response" ] || response=$(ls "%2$s"/scan-[0-9]* | sort -t- -k2 -n | tail -n 1)
                    if grep -q '^An error occurred' "$response"; then echo "$(< "$response")" >&2; exit 254; fi
                    cat "$response" ;;
                esac
                exit 0
                """.formatted(calls, bin));
        ShellStubs.stub(bin, "sleep", """
                echo "sleep $*" >> "%s"
                """.formatted(calls));

        StringBuilder script = new StringBuilder();
        Map<String, Object> phases = (Map<String, Object>) buildSpec.get("phases");
        for (String phase : List.of("install", "pre_build", "build", "post_build")) {
            var body = (Map<String, Object>) phases.get(phase);
            if (body == null) {
                continue;
            }
            for (Object command : (List<Object>) body.get("commands")) {
                script.append(command.toString().strip()).append('\n')
                        .append("status=$?; if [ $status -ne 0 ]; then echo \"phase ").append(phase)
                        .append(" failed\" >&2; exit $status; fi\n");
            }
        }
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", script.toString())
                .directory(workdir.toFile())
                .redirectErrorStream(true);
        var env = bash.environment();
        env.putAll(projectEnvironment);
        env.put("PATH", bin + ":" + ShellStubs.pythonDirectory() + ":" + env.get("PATH"));
        env.put("AWS_REGION", Synthesized.example().config.names().region());
        env.put("CODEBUILD_RESOLVED_SOURCE_VERSION", COMMIT);
        env.put("CODEBUILD_BUILD_NUMBER", BUILD_NUMBER);
        if (scenario.newestCache() != null) {
            env.put("NEWEST_CACHE", scenario.newestCache());
        }
        if (scenario.buildFails()) {
            env.put("FAIL_DOCKER_BUILD", "1");
        }
        if (scenario.existingTag() != null) {
            env.put("EXISTING_TAG", scenario.existingTag());
        }
        env.putAll(scenario.environment());
        Process process = bash.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> recorded = Files.exists(calls) ? Files.readAllLines(calls) : new ArrayList<>();
        return new Run(process.exitValue(), output, recorded);
    }


    private static String cacheUri() {
        return projectEnvironment.get("CACHE_REPOSITORY_URI");
    }
}
