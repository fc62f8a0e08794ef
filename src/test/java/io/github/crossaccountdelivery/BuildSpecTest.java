package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountdelivery.FakeAwsCli.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;

/**
 * The repository's buildspec.yml, read with a YAML parser and run in bash with stand-ins for
 * {@code docker} and {@code sleep} and a fake AWS CLI ({@link FakeAwsCli}) that evaluates the
 * buildspec's queries against answers in the shape of the ECR API, in the environment the
 * synthesized CodeBuild project gives it.
 */
@ReadsWholeApps
class BuildSpecTest {

    private static final String COMMIT = "4f2c0d1e9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d";
    /** The example configuration builds for ARM64, so its images are tagged this way. */
    private static final String TAG = COMMIT + "-arm64";

    private static final String BUILD_NUMBER = "7";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Map<String, Object> buildSpec;
    private static Map<String, String> projectEnvironment;
    private static String taskContainerName;
    /** The example's build account and region, read once: the runs' threads and FakeAwsCli's use them. */
    private static String buildAccount;
    private static String region;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readBuildSpecAndTemplates() {
        buildSpec = DeliveryApp.readBuildSpec(DeliveryApp.BUILD_SPEC);
        Synthesized app = Synthesized.example();
        buildAccount = app.config.names().buildAccount();
        region = app.config.names().region();
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
        assertThat(registry).isEqualTo(buildAccount + ".dkr.ecr." + region + ".amazonaws.com");
        String newestCache = cacheUri() + ":arm64-0123abc-6";
        run = run(workdir.resolve("with-cache"), Scenario.newCommit().newestCache("arm64-0123abc-6"));
        // Both sides of the login pipe run at once, so their order in the log is not fixed.
        assertThat(run.calls).contains(
                "aws ecr get-login-password --region " + region,
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
                .startsWith("aws ecr describe-images --region " + region
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
        assertThat(run.calls).contains("aws ecr describe-images --region " + region
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

    @TestFactory
    Stream<DynamicTest> aFindingAtTheThresholdFailsTheBuildNamesTheFindingAndWritesNoImageDefinitions(
            @TempDir Path workdirs) {
        return twoAtATime(workdirs, List.of(Scanning.values()), Scanning::name,
                scanning -> Scenario.newCommit().with("SCAN_FAIL_ON", "HIGH").scans(scanning.done(
                        finding("CVE-2024-0001", "HIGH", "openssl", "3.0.11-1"),
                        finding("CVE-2024-0002", "LOW", "zlib", "1.2.13"))),
                (scanning, run, workdir) -> {
                    assertThat(run.exitCode).isNotZero();
                    assertThat(run.output)
                            .contains("Image scan gate: FAILED, 1 finding(s) at or above HIGH in " + repositoryUri() + ":"
                                    + TAG)
                            .contains("HIGH CVE-2024-0001 in openssl 3.0.11-1")
                            .doesNotContain("CVE-2024-0002")
                            .contains("phase build failed");
                    assertThat(workdir.resolve("imagedefinitions.json")).doesNotExist();
                });
    }

    @TestFactory
    Stream<DynamicTest> findingsBelowTheThresholdPassAndFindingsAtOrAboveItFail(@TempDir Path workdirs) {
        record Case(Scanning scanning, String threshold, String worst, boolean passes) {
        }
        List<Case> cases = List.of(
                new Case(Scanning.BASIC, "CRITICAL", "HIGH", true),
                new Case(Scanning.BASIC, "CRITICAL", "CRITICAL", false),
                new Case(Scanning.BASIC, "HIGH", "MEDIUM", true),
                new Case(Scanning.BASIC, "HIGH", "CRITICAL", false),
                new Case(Scanning.BASIC, "MEDIUM", "LOW", true),
                new Case(Scanning.BASIC, "MEDIUM", "MEDIUM", false),
                new Case(Scanning.BASIC, "MEDIUM", "UNDEFINED", true),
                new Case(Scanning.ENHANCED, "CRITICAL", "HIGH", true),
                new Case(Scanning.ENHANCED, "CRITICAL", "CRITICAL", false),
                new Case(Scanning.ENHANCED, "HIGH", "MEDIUM", true),
                new Case(Scanning.ENHANCED, "HIGH", "CRITICAL", false),
                new Case(Scanning.ENHANCED, "MEDIUM", "LOW", true),
                new Case(Scanning.ENHANCED, "MEDIUM", "MEDIUM", false),
                new Case(Scanning.ENHANCED, "MEDIUM", "UNTRIAGED", true));
        return twoAtATime(workdirs, cases,
                c -> "%s: SCAN_FAIL_ON=%s, worst finding %s: passes=%s".formatted(c.scanning, c.threshold, c.worst, c.passes),
                c -> Scenario.newCommit().with("SCAN_FAIL_ON", c.threshold).scans(c.scanning.done(
                        finding("CVE-2024-0003", c.worst, "libexpat", "2.5.0"),
                        finding("CVE-2024-0004", "INFORMATIONAL", "tzdata", "2024a"))),
                (c, run, workdir) -> {
                    assertThat(run.exitCode == 0).as(run.output).isEqualTo(c.passes);
                    assertThat(Files.exists(workdir.resolve("imagedefinitions.json"))).isEqualTo(c.passes);
                    // The summary counts by severity, most severe first; no severity from the source comes last.
                    String found = List.of("UNDEFINED", "UNTRIAGED").contains(c.worst)
                            ? "1 INFORMATIONAL, 1 " + c.worst : "1 " + c.worst + ", 1 INFORMATIONAL";
                    assertThat(run.output).contains(c.passes
                            ? "Image scan gate: passed, nothing at or above " + c.threshold + " in " + repositoryUri()
                                    + ":" + TAG + " (found: " + found + ")"
                            : c.worst + " CVE-2024-0003 in libexpat 2.5.0");
                });
    }

    @Test
    void aCriticalEnhancedFindingFailsTheBuildNamingEveryVulnerablePackage(@TempDir Path workdir) throws Exception {
        Run run = run(workdir, Scenario.newCommit().with("SCAN_FAIL_ON", "CRITICAL").scans(Scanning.ENHANCED.done(
                finding("CVE-2024-1111", "CRITICAL", "openssl", "3.0.11-1").alsoIn("libssl3", "3.0.11-1"),
                finding("CVE-2024-1112", "HIGH", "curl", "7.88.1-10"))));

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output)
                .contains("Image scan gate: FAILED, 1 finding(s) at or above CRITICAL in " + repositoryUri() + ":" + TAG)
                .contains("CRITICAL CVE-2024-1111 in openssl 3.0.11-1, libssl3 3.0.11-1")
                .doesNotContain("CVE-2024-1112");
        assertThat(workdir.resolve("imagedefinitions.json")).doesNotExist();
    }

    @Test
    void anActiveEnhancedScanWithNothingAtTheThresholdPasses(@TempDir Path workdir) throws Exception {
        Run run = run(workdir, Scenario.newCommit().with("SCAN_FAIL_ON", "HIGH").scans(Scanning.ENHANCED.done(
                finding("CVE-2024-2221", "MEDIUM", "perl", "5.36.0-7"),
                finding("CVE-2024-2222", "LOW", "tar", "1.34"),
                finding("CVE-2024-2223", "UNTRIAGED", "bash", "5.2.15"))));

        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.output).contains("Image scan gate: passed, nothing at or above HIGH in " + repositoryUri()
                + ":" + TAG + " (found: 1 MEDIUM, 1 LOW, 1 UNTRIAGED)");
        assertThat(imageDefinitions(workdir).get(0)).containsEntry("imageUri", repositoryUri() + ":" + TAG);
    }

    @Test
    void failingFindingsAreListedMostSevereFirstWithTheirPackageWhenTheyNameOne(@TempDir Path workdir)
            throws Exception {
        Run run = run(workdir, Scenario.newCommit().with("SCAN_FAIL_ON", "MEDIUM").scans(Scanning.BASIC.done(
                finding("CVE-2024-3331", "MEDIUM", "perl", "5.36.0-7"),
                finding("CVE-2024-3332", "CRITICAL", null, null),
                finding("CVE-2024-3333", "HIGH", "tar", "1.34"))));

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output).contains("Image scan gate: FAILED, 3 finding(s) at or above MEDIUM in "
                + repositoryUri() + ":" + TAG + ":\n"
                + "  CRITICAL CVE-2024-3332\n"
                + "  HIGH CVE-2024-3333 in tar 1.34\n"
                + "  MEDIUM CVE-2024-3331 in perl 5.36.0-7\n");
    }

    @TestFactory
    Stream<DynamicTest> aFindingOnALaterPageOfTheScanFailsTheBuildToo(@TempDir Path workdirs) {
        // DescribeImageScanFindings answers 100 findings a page; the CLI reads every page.
        Finding[] low = new Finding[100];
        for (int i = 0; i < low.length; i++) {
            low[i] = finding("CVE-2023-%04d".formatted(i), "LOW", "lib" + i, "1.0");
        }
        return twoAtATime(workdirs, List.of(Scanning.values()), Scanning::name,
                scanning -> Scenario.newCommit().scans(scanning.pages(
                        List.of(low), List.of(finding("CVE-2024-4444", "CRITICAL", "glibc", "2.36-9")))),
                (scanning, run, workdir) -> {
                    assertThat(run.exitCode).isNotZero();
                    assertThat(run.output).contains("Image scan gate: FAILED, 1 finding(s) at or above CRITICAL")
                            .contains("CRITICAL CVE-2024-4444 in glibc 2.36-9");
                });
    }

    @Test
    void scanFailOnNoneSkipsTheGateSayingSoAndMakesNoScanCall(@TempDir Path workdir) throws Exception {
        Run run = run(workdir, Scenario.newCommit().with("SCAN_FAIL_ON", "NONE")
                .scans(Scanning.BASIC.done(finding("CVE-2024-0005", "CRITICAL", "glibc", "2.36"))));

        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.output).contains("Image scan gate: skipped, SCAN_FAIL_ON is NONE");
        assertThat(run.calls).noneSatisfy(call -> assertThat(call).contains("describe-image-scan-findings"));
        assertThat(workdir.resolve("imagedefinitions.json")).exists();
    }

    @TestFactory
    Stream<DynamicTest> waitsForAScanThatHasNotStartedOrIsStillRunningPollingAtTheConfiguredInterval(
            @TempDir Path workdirs) {
        record Case(Scanning scanning, String running) {
        }
        List<Case> cases = List.of(new Case(Scanning.BASIC, "IN_PROGRESS"), new Case(Scanning.ENHANCED, "PENDING"),
                new Case(Scanning.ENHANCED, "IN_PROGRESS"));
        return twoAtATime(workdirs, cases, c -> "%s: no scan yet, then %s, then done".formatted(c.scanning, c.running),
                c -> Scenario.newCommit().with("SCAN_POLL_SECONDS", "3")
                        .scans(SCAN_NOT_FOUND, scanStatus(c.running, "The scan is in progress."), c.scanning.done()),
                (c, run, workdir) -> {
                    assertThat(run.exitCode).as(run.output).isZero();
                    assertThat(run.calls.stream().filter(call -> call.equals(scanCall(TAG)))).hasSize(3);
                    assertThat(run.calls.stream().filter(call -> call.startsWith("sleep")))
                            .containsExactly("sleep 3", "sleep 3");
                    assertThat(run.output).contains("Image scan gate: passed, nothing at or above "
                            + projectEnvironment.get("SCAN_FAIL_ON"));
                });
    }

    @TestFactory
    Stream<DynamicTest> aScanThatNeverCompletesFailsAfterTheTimeoutWithAClearMessage(@TempDir Path workdirs) {
        return twoAtATime(workdirs, List.of("IN_PROGRESS", "PENDING"), running -> running,
                running -> Scenario.newCommit()
                        .with("SCAN_TIMEOUT_SECONDS", "25").with("SCAN_POLL_SECONDS", "10")
                        .scans(scanStatus(running, "The scan is in progress.")),
                (running, run, workdir) -> {
                    assertThat(run.exitCode).isNotZero();
                    assertThat(run.output).contains("Image scan gate: FAILED, the scan of " + repositoryUri() + ":" + TAG
                            + " did not complete within 25s (last status: " + running + ")");
                    // It waits out the timeout exactly, without a last nap past it.
                    assertThat(run.calls.stream().filter(call -> call.startsWith("sleep")))
                            .containsExactly("sleep 10", "sleep 10", "sleep 5");
                    assertThat(workdir.resolve("imagedefinitions.json")).doesNotExist();
                });
    }

    @TestFactory
    Stream<DynamicTest> aScanThatEndsWithoutResultsFailsTheBuildWithItsStatusDescriptionAndWhatToDo(
            @TempDir Path workdirs) {
        record Case(String status, String description, String advice) {
        }
        List<Case> cases = List.of(
                new Case("FAILED", "UnsupportedImageError: The operating system and/or package manager are not supported.",
                        "run the build again"),
                new Case("UNSUPPORTED_IMAGE",
                        "UnsupportedImageError: The operating system and/or package manager are not supported.",
                        "build on a supported base image"),
                new Case("SCAN_ELIGIBILITY_EXPIRED", "The configured scan duration has lapsed for this image.",
                        "Push a new commit to build and scan a fresh image"),
                new Case("FINDINGS_UNAVAILABLE", "Findings are not available for this image.",
                        "check in the Amazon Inspector console that it covers this repository"),
                new Case("LIMIT_EXCEEDED", "The scan limit for this image was exceeded.", "run the build again"),
                new Case("IMAGE_ARCHIVED", "The image is archived.", "run the build again"),
                new Case("SOMETHING_NEW", "A status this gate has never seen.",
                        "The gate passes only images whose findings it can read"));
        return twoAtATime(workdirs, cases, Case::status,
                c -> Scenario.newCommit().scans(scanStatus(c.status, c.description)),
                (c, run, workdir) -> {
                    assertThat(run.exitCode).isNotZero();
                    assertThat(run.output).contains("Image scan gate: FAILED, the scan of " + repositoryUri() + ":" + TAG
                            + " ended " + c.status + ": " + c.description + "\n  ").contains(c.advice);
                    assertThat(run.calls.stream().filter(call -> call.startsWith("sleep"))).isEmpty();
                    assertThat(workdir.resolve("imagedefinitions.json")).doesNotExist();
                });
    }

    @Test
    void anErrorReadingTheScanFailsTheBuildAtOnce(@TempDir Path workdir) throws Exception {
        Run run = run(workdir, Scenario.newCommit().scans(Reply.error("AccessDeniedException",
                "User: arn:aws:sts::111111111111:assumed-role/orders-image-build/AWSCodeBuild is not authorized"
                        + " to perform: ecr:DescribeImageScanFindings")));

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output).contains("AccessDeniedException")
                .contains("Image scan gate: FAILED, cannot read the scan of " + repositoryUri() + ":" + TAG);
        assertThat(workdir.resolve("imagedefinitions.json")).doesNotExist();
    }

    @TestFactory
    Stream<DynamicTest> anExistingImageWithFindingsAtTheThresholdIsStoppedToo(@TempDir Path workdirs) {
        return twoAtATime(workdirs, List.of(Scanning.values()), Scanning::name,
                scanning -> Scenario.newCommit().existing(TAG)
                        .scans(scanning.done(finding("CVE-2024-0006", "CRITICAL", "busybox", "1.36.1"))),
                (scanning, run, workdir) -> {
                    assertThat(run.exitCode).isNotZero();
                    assertThat(run.output).contains("CRITICAL CVE-2024-0006 in busybox 1.36.1");
                    assertThat(run.calls).noneSatisfy(call -> assertThat(call).startsWith("docker buildx build"));
                    assertThat(workdir.resolve("imagedefinitions.json")).doesNotExist();
                });
    }

    @TestFactory
    Stream<DynamicTest> aMisspelledSettingStopsTheBuildBeforeAnythingIsBuilt(@TempDir Path workdirs) {
        record Case(String name, String value, String message) {
        }
        List<Case> cases = List.of(
                new Case("SCAN_FAIL_ON", "high", "SCAN_FAIL_ON must be CRITICAL, HIGH, MEDIUM or NONE"),
                new Case("SCAN_TIMEOUT_SECONDS", "10m", "SCAN_TIMEOUT_SECONDS and SCAN_POLL_SECONDS must be whole seconds"),
                new Case("IMAGE_PLATFORM", "arm64", "IMAGE_PLATFORM must look like linux/arm64"));
        return twoAtATime(workdirs, cases, c -> c.name + "=" + c.value,
                c -> Scenario.newCommit().with(c.name, c.value),
                (c, run, workdir) -> {
                    assertThat(run.exitCode).isNotZero();
                    assertThat(run.output).contains(c.message).contains("phase pre_build failed");
                    assertThat(run.calls).noneSatisfy(call -> assertThat(call).startsWith("docker"));
                });
    }

    private static String repositoryUri() {
        return projectEnvironment.get("REPOSITORY_URI");
    }

    /** The gate's poll of the scan's status, as the calls log shows it. */
    private static String scanCall(String tag) {
        return "aws ecr describe-image-scan-findings --region " + region
                + " --repository-name " + projectEnvironment.get("REPOSITORY_NAME")
                + " --image-id imageTag=" + tag + " --no-paginate --query imageScanStatus.[status, description] --output text";
    }

    private static String build(Run run) {
        return run.calls.stream().filter(c -> c.startsWith("docker buildx build")).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> imageDefinitions(Path workdir) throws IOException {
        return JSON.readValue(workdir.resolve("imagedefinitions.json").toFile(), List.class);
    }

    // ---- What ECR answers, in the shape of its API ------------------------------------------------

    /** What DescribeImageScanFindings answers while scan-on-push has not started the scan yet. */
    private static final Reply SCAN_NOT_FOUND = Reply.error("ScanNotFoundException",
            "Image scan does not exist for the image");

    /**
     * How the registry scans: ECR's basic scanning, or Amazon Inspector's enhanced scanning with
     * continuous scanning, which governed accounts turn on for the whole registry.
     * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageScanFindings.html
     */
    enum Scanning {
        /** COMPLETE; findings with a CVE name and the package in attributes; severity counts. */
        BASIC,
        /** ACTIVE; enhancedFindings with a vulnerability id and the vulnerable packages. */
        ENHANCED;

        /** A finished scan with these findings, on one page. */
        Reply done(Finding... findings) {
            return pages(List.of(findings));
        }

        /** A finished scan whose findings come on several pages, as DescribeImageScanFindings pages them. */
        @SafeVarargs
        final Reply pages(List<Finding>... pages) {
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < pages.length; i++) {
                Map<String, Object> results = new LinkedHashMap<>();
                results.put("imageScanCompletedAt", "2025-06-01T10:15:30+00:00");
                results.put("vulnerabilitySourceUpdatedAt", "2025-06-01T06:00:00+00:00");
                if (this == BASIC) {
                    results.put("findings", pages[i].stream().map(Finding::basic).toList());
                } else {
                    results.put("enhancedFindings", pages[i].stream().map(Finding::enhanced).toList());
                }
                Map<String, Integer> counts = new LinkedHashMap<>();
                Stream.of(pages).flatMap(List::stream).forEach(f -> counts.merge(f.severity(), 1, Integer::sum));
                if (!counts.isEmpty()) {
                    results.put("findingSeverityCounts", counts);
                }
                Map<String, Object> answer = scanAnswer(this == BASIC ? "COMPLETE" : "ACTIVE",
                        this == BASIC ? "The scan was completed successfully." : "Continuous scan is selected for image.");
                answer.put("imageScanFindings", results);
                if (i < pages.length - 1) {
                    answer.put("nextToken", "page-" + (i + 2));
                }
                answers.add(json(answer));
            }
            return Reply.pages(answers.toArray(String[]::new));
        }
    }

    /** A scan that has not ended, or ended without findings: its status and description only. */
    private static Reply scanStatus(String status, String description) {
        return Reply.response(json(scanAnswer(status, description)));
    }

    private static Map<String, Object> scanAnswer(String status, String description) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("registryId", buildAccount);
        answer.put("repositoryName", projectEnvironment.get("REPOSITORY_NAME"));
        answer.put("imageId", Map.of("imageDigest", DIGEST, "imageTag", TAG));
        answer.put("imageScanStatus", Map.of("status", status, "description", description));
        return answer;
    }

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    private static Finding finding(String id, String severity, String packageName, String version) {
        return new Finding(id, severity, packageName == null ? List.of() : List.of(List.of(packageName, version)));
    }

    /** A vulnerability in packages, each a name and a version; reported the way each scanning does. */
    record Finding(String id, String severity, List<List<String>> packages) {

        Finding alsoIn(String packageName, String version) {
            List<List<String>> more = new ArrayList<>(packages);
            more.add(List.of(packageName, version));
            return new Finding(id, severity, more);
        }

        /** https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageScanFinding.html */
        Map<String, Object> basic() {
            List<Map<String, String>> attributes = new ArrayList<>();
            if (!packages.isEmpty()) {
                attributes.add(Map.of("key", "package_version", "value", packages.get(0).get(1)));
                attributes.add(Map.of("key", "package_name", "value", packages.get(0).get(0)));
            }
            attributes.add(Map.of("key", "CVSS2_SCORE", "value", "5.0"));
            return Map.of(
                    "name", id,
                    "uri", "https://security-tracker.debian.org/tracker/" + id,
                    "severity", severity,
                    "attributes", attributes);
        }

        /** https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_EnhancedImageScanFinding.html */
        Map<String, Object> enhanced() {
            Map<String, Object> finding = new LinkedHashMap<>();
            finding.put("awsAccountId", buildAccount);
            finding.put("description", "A flaw in " + packages + ".");
            finding.put("findingArn", "arn:aws:inspector2:" + region + ":" + buildAccount + ":finding/" + Integer.toHexString(id.hashCode()));
            finding.put("firstObservedAt", "2025-06-01T10:15:30.123000+00:00");
            finding.put("lastObservedAt", "2025-06-01T10:15:30.123000+00:00");
            finding.put("packageVulnerabilityDetails", Map.of(
                    "cvss", List.of(Map.of("baseScore", 7.5, "scoringVector", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
                            "source", "NVD", "version", "3.1")),
                    "referenceUrls", List.of("https://www.cve.org/CVERecord?id=" + id),
                    "source", "NVD",
                    "sourceUrl", "https://nvd.nist.gov/vuln/detail/" + id,
                    "vendorSeverity", severity,
                    "vulnerabilityId", id,
                    "vulnerablePackages", packages.stream().map(p -> {
                        // Inspector splits a Debian version into version and release.
                        String[] version = p.get(1).split("-", 2);
                        Map<String, Object> vulnerable = new LinkedHashMap<>();
                        vulnerable.put("arch", "ARM64");
                        vulnerable.put("epoch", 0);
                        vulnerable.put("name", p.get(0));
                        vulnerable.put("packageManager", "OS");
                        vulnerable.put("version", version[0]);
                        if (version.length > 1) {
                            vulnerable.put("release", version[1]);
                        }
                        vulnerable.put("sourceLayerHash", DIGEST);
                        return vulnerable;
                    }).toList()));
            finding.put("remediation", Map.of("recommendation", Map.of("text", "None Provided")));
            finding.put("resources", List.of(Map.of("id", "arn:aws:ecr:" + region + ":" + buildAccount + ":repository/"
                    + projectEnvironment.get("REPOSITORY_NAME") + "/" + DIGEST, "type", "AWS_ECR_CONTAINER_IMAGE")));
            finding.put("score", 7.5);
            finding.put("severity", severity);
            finding.put("status", "ACTIVE");
            finding.put("title", id + " - " + (packages.isEmpty() ? "unknown" : packages.get(0).get(0)));
            finding.put("type", "PACKAGE_VULNERABILITY");
            finding.put("updatedAt", "2025-06-01T10:15:30.123000+00:00");
            finding.put("fixAvailable", "YES");
            return finding;
        }
    }

    /** What DescribeImages answers for the image repository: the image with the tag asked for, if it exists. */
    private static Reply releaseImage(FakeAwsCli.Call call, String existingTag) {
        String asked = call.values("--image-ids").stream().findFirst().orElse("");
        if (existingTag == null || !asked.equals("imageTag=" + existingTag)) {
            return Reply.error("ImageNotFoundException", "The image with imageId {imageDigest:'null', imageTag:'"
                    + asked.replace("imageTag=", "") + "'} does not exist within the repository with name '"
                    + projectEnvironment.get("REPOSITORY_NAME") + "' in the registry with id '"
                    + buildAccount + "'");
        }
        return Reply.response(json(Map.of("imageDetails", List.of(imageDetail(
                projectEnvironment.get("REPOSITORY_NAME"), List.of(existingTag), "2025-05-20T10:00:00+00:00")))));
    }

    /**
     * What DescribeImages answers for the cache repository: besides {@code newest}, older caches
     * of the same platform, a newer one of the other platform, and an untagged image.
     */
    private static Reply cacheImages(String newest) {
        String repository = projectEnvironment.get("CACHE_REPOSITORY_NAME");
        List<Map<String, Object>> images = new ArrayList<>();
        if (newest != null) {
            String platform = newest.substring(0, newest.indexOf('-') + 1);
            String other = platform.equals("arm64-") ? "amd64-" : "arm64-";
            images.add(imageDetail(repository, List.of(platform + "0aaaaaa-3"), "2025-05-30T08:00:00+00:00"));
            images.add(imageDetail(repository, List.of(newest), "2025-06-01T09:00:00+00:00"));
            images.add(imageDetail(repository, List.of(other + "0bbbbbb-7"), "2025-06-01T11:00:00+00:00"));
            images.add(imageDetail(repository, null, "2025-06-01T12:00:00+00:00"));
            images.add(imageDetail(repository, List.of(platform + "0cccccc-5"), "2025-05-31T08:00:00+00:00"));
        }
        return Reply.response(json(Map.of("imageDetails", images)));
    }

    /** https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageDetail.html */
    private static Map<String, Object> imageDetail(String repository, List<String> tags, String pushedAt) {
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("registryId", buildAccount);
        image.put("repositoryName", repository);
        image.put("imageDigest", "sha256:" + Integer.toHexString((pushedAt + tags).hashCode()).repeat(8));
        if (tags != null) {
            image.put("imageTags", tags);
        }
        image.put("imageSizeInBytes", 48_213_654);
        image.put("imagePushedAt", pushedAt);
        image.put("imageManifestMediaType", "application/vnd.oci.image.manifest.v1+json");
        return image;
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
     * What the registry holds and how the stand-ins behave.
     *
     * @param existingTag the tag of the release repository's image that DescribeImages finds, or null for none
     * @param buildFails  whether {@code docker buildx build} fails
     * @param scans       what successive DescribeImageScanFindings calls answer (the last one repeats)
     * @param environment variables set over the project's
     * @param newestCache the newest cache of the platform in the cache repository, or null for an empty one
     */
    private record Scenario(String existingTag, boolean buildFails, List<Reply> scans,
                            Map<String, String> environment, String newestCache) {

        /** A new commit whose image builds and scans clean, with no build cache yet. */
        static Scenario newCommit() {
            return new Scenario(null, false, List.of(Scanning.BASIC.done()), Map.of(), null);
        }

        Scenario existing(String tag) {
            return new Scenario(tag, buildFails, scans, environment, newestCache);
        }

        Scenario failingBuild() {
            return new Scenario(existingTag, true, scans, environment, newestCache);
        }

        Scenario scans(Reply... answers) {
            return new Scenario(existingTag, buildFails, List.of(answers), environment, newestCache);
        }

        Scenario newestCache(String tag) {
            return new Scenario(existingTag, buildFails, scans, environment, tag);
        }

        Scenario with(String name, String value) {
            Map<String, String> more = new HashMap<>(environment);
            more.put(name, value);
            return new Scenario(existingTag, buildFails, scans, Map.copyOf(more), newestCache);
        }

        /** ECR's answer to one call, from what this scenario says the registry holds. */
        Reply answer(FakeAwsCli.Call call, Supplier<Reply> nextScan) {
            if (!call.service().equals("ecr")) {
                throw new IllegalArgumentException("not an ECR call");
            }
            return switch (call.command()) {
                case "get-login-password" -> Reply.text("stub-password\n");
                case "describe-images" -> call.option("--repository-name").orElseThrow()
                        .equals(projectEnvironment.get("CACHE_REPOSITORY_NAME"))
                        ? cacheImages(newestCache) : releaseImage(call, existingTag);
                case "describe-image-scan-findings" -> nextScan.get();
                default -> throw new IllegalArgumentException("no answer for " + call.command());
            };
        }
    }

    private record Run(int exitCode, String output, List<String> calls) {
    }

    /** What a case of a {@link #twoAtATime} family checks of its run, and the folder it ran in. */
    private interface Check<C> {
        void accept(C testCase, Run run, Path workdir) throws Exception;
    }

    /**
     * One dynamic test per case of a family (the form every family of cases here takes), each
     * checking its own run, the runs made two at a time as the family starts: a run mostly waits on bash and its stand-ins, and a test run's last classes
     * leave one of two cores idle. The runs use no jsii (bash, the stand-ins and {@link FakeAwsCli}
     * only), so nothing off the test's own thread touches it.
     */
    private static <C> Stream<DynamicTest> twoAtATime(Path workdirs, List<C> cases, Function<C, String> name,
            Function<C, Scenario> scenario, Check<C> check) {
        ExecutorService runner = Executors.newFixedThreadPool(2);
        List<Path> folders = IntStream.range(0, cases.size()).mapToObj(i -> workdirs.resolve(String.valueOf(i))).toList();
        List<Future<Run>> runs = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Path workdir = folders.get(i);
            Scenario one = scenario.apply(cases.get(i));
            runs.add(runner.submit(() -> run(workdir, one)));
        }
        runner.shutdown();
        return IntStream.range(0, cases.size()).mapToObj(i -> DynamicTest.dynamicTest(name.apply(cases.get(i)), () -> {
            Run run;
            try {
                run = runs.get(i).get(2, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof AssertionError failed ? failed : e;
            }
            check.accept(cases.get(i), run, folders.get(i));
        })).onClose(runner::shutdownNow);
    }

    /**
     * Runs each phase's commands the way CodeBuild does: one bash, commands in order, the build
     * failing at the first command that exits non-zero, later phases skipped (on-failure: ABORT).
     */
    @SuppressWarnings("unchecked")
    private static Run run(Path workdir, Scenario scenario) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(workdir.resolve(".stubs"));
        Path calls = bin.resolve("calls.log");
        ShellStubs.stub(bin, "docker", """
                echo "docker $*" >> "%s"
                if [ "$1 $2" = "buildx build" ] && [ -n "${FAIL_DOCKER_BUILD:-}" ]; then exit 1; fi
                if [ "$1" = login ] && [ "$(cat)" != stub-password ]; then exit 1; fi
                exit 0
                """.formatted(calls));
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
        env.put("PATH", bin + ":" + env.get("PATH"));
        env.put("AWS_REGION", region);
        env.put("CODEBUILD_RESOLVED_SOURCE_VERSION", COMMIT);
        env.put("CODEBUILD_BUILD_NUMBER", BUILD_NUMBER);
        if (scenario.buildFails()) {
            env.put("FAIL_DOCKER_BUILD", "1");
        }
        env.putAll(scenario.environment());
        Supplier<Reply> scans = FakeAwsCli.inTurn(scenario.scans());
        try (FakeAwsCli aws = FakeAwsCli.start(bin, calls, call -> scenario.answer(call, scans))) {
            Process process = bash.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(aws.unexpected()).as("calls the scenario has no answer for").isEmpty();
            List<String> recorded = Files.exists(calls) ? Files.readAllLines(calls) : new ArrayList<>();
            return new Run(process.exitValue(), output, recorded);
        }
    }

    private static String cacheUri() {
        return projectEnvironment.get("CACHE_REPOSITORY_URI");
    }
}
