package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;

/**
 * The repository's buildspec.yml, read with a YAML parser and run in bash with stand-ins for
 * {@code docker} and {@code aws}, in the environment the synthesized CodeBuild project gives it.
 */
class BuildSpecTest {

    private static final String COMMIT = "4f2c0d1e9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d";
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
        projectEnvironment = new java.util.HashMap<>();
        for (Object variable : variables.asArray()) {
            var v = (Map<String, Object>) variable;
            // Values that CloudFormation resolves at deploy time get the value they will resolve to.
            projectEnvironment.put((String) v.get("Name"), v.get("Value") instanceof String s ? s
                    : "REPOSITORY_URI".equals(v.get("Name")) ? app.config.names().imageRepositoryUri()
                    : app.config.names().imageRepository());
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
    void imageDefinitionsNameTheTaskDefinitionsContainerAndTheCommitsImage(@TempDir Path workdir) throws Exception {
        Run run = run(workdir, Stub.NEW_COMMIT);

        assertThat(run.exitCode).as(run.output).isZero();
        var definitions = new ObjectMapper().readValue(workdir.resolve("imagedefinitions.json").toFile(), List.class);
        assertThat(definitions).singleElement().isEqualTo(Map.of(
                "name", taskContainerName,
                "imageUri", repositoryUri() + ":" + COMMIT));
    }

    @Test
    void logsInToTheBuildAccountsRegistryThenBuildsForTheTasksPlatformWithTheRegistryCacheAndPushesTheCommitTag(
            @TempDir Path workdir) throws Exception {
        Run run = run(workdir, Stub.NEW_COMMIT);

        String registry = repositoryUri().substring(0, repositoryUri().indexOf('/'));
        assertThat(registry).isEqualTo(Synthesized.example().config.buildAccount() + ".dkr.ecr."
                + Synthesized.example().config.region() + ".amazonaws.com");
        String cache = repositoryUri() + ":" + projectEnvironment.get("CACHE_TAG");
        // Both sides of the login pipe run at once, so their order in the log is not fixed.
        assertThat(run.calls).contains(
                "aws ecr get-login-password --region " + Synthesized.example().config.region(),
                "docker login --username AWS --password-stdin " + registry);
        String build = run.calls.stream().filter(c -> c.startsWith("docker buildx build")).findFirst().orElseThrow();
        assertThat(build)
                .contains("--platform " + Synthesized.example().config.cpuArchitecture().dockerPlatform())
                .contains("--cache-from type=registry,ref=" + cache)
                .contains("--cache-to type=registry,ref=" + cache + ",mode=max")
                .contains("--tag " + repositoryUri() + ":" + COMMIT)
                .contains("--push")
                .doesNotContain(":latest");
        assertThat(Synthesized.example().config.cpuArchitecture().dockerPlatform()).isEqualTo("linux/arm64");
    }

    @Test
    void aCommitWhoseImageExistsIsNotBuiltAgainButStillDeployed(@TempDir Path workdir) throws Exception {
        Run run = run(workdir, Stub.IMAGE_EXISTS);

        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.calls).noneSatisfy(call -> assertThat(call).startsWith("docker buildx build"));
        assertThat(Files.readString(workdir.resolve("imagedefinitions.json"))).contains(repositoryUri() + ":" + COMMIT);
    }

    @Test
    void aFailingBuildStopsTheBuildAndWritesNoImageDefinitions(@TempDir Path workdir) throws Exception {
        Run run = run(workdir, Stub.BUILD_FAILS);

        assertThat(run.exitCode).isNotZero();
        assertThat(run.output).contains("phase build failed");
        assertThat(workdir.resolve("imagedefinitions.json")).doesNotExist();
    }

    private static String repositoryUri() {
        return projectEnvironment.get("REPOSITORY_URI");
    }

    /** How the stand-ins behave. */
    private enum Stub { NEW_COMMIT, IMAGE_EXISTS, BUILD_FAILS }

    private record Run(int exitCode, String output, List<String> calls) {
    }

    /**
     * Runs each phase's commands the way CodeBuild does: one bash, commands in order, the build
     * failing at the first command that exits non-zero, later phases skipped (on-failure: ABORT).
     */
    @SuppressWarnings("unchecked")
    private static Run run(Path workdir, Stub behaviour) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(workdir.resolve(".stubs"));
        Path calls = bin.resolve("calls.log");
        stub(bin, "docker", """
                echo "docker $*" >> "%s"
                if [ "$1 $2" = "buildx build" ] && [ -n "${FAIL_DOCKER_BUILD:-}" ]; then exit 1; fi
                if [ "$1" = login ] && [ "$(cat)" != stub-password ]; then exit 1; fi
                exit 0
                """.formatted(calls));
        stub(bin, "aws", """
                echo "aws $*" >> "%s"
                case "$*" in
                  *get-login-password*) echo stub-password ;;
                  *describe-images*) [ -n "${IMAGE_EXISTS:-}" ] || exit 254 ;;
                esac
                exit 0
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
        env.put("AWS_REGION", Synthesized.example().config.region());
        env.put("CODEBUILD_RESOLVED_SOURCE_VERSION", COMMIT);
        if (behaviour == Stub.BUILD_FAILS) {
            env.put("FAIL_DOCKER_BUILD", "1");
        }
        if (behaviour == Stub.IMAGE_EXISTS) {
            env.put("IMAGE_EXISTS", "1");
        }
        Process process = bash.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> recorded = Files.exists(calls) ? Files.readAllLines(calls) : new ArrayList<>();
        return new Run(process.exitValue(), output, recorded);
    }

    private static void stub(Path bin, String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/usr/bin/env bash\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
