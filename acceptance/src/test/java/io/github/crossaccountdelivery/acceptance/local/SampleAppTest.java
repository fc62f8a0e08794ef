package io.github.crossaccountdelivery.acceptance.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.acceptance.fake.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleAppTest {

    @TempDir
    Path temp;
    final Path sample = Fixtures.repositoryRoot().resolve("examples/sample-app");

    @Test
    void aReleaseIsTheSampleWithItsNameAndHealthStatus() throws Exception {
        Path tree = temp.resolve("tree");

        SampleApp.writeRelease(sample, tree, "r1-abc", true);

        assertThat(Files.readString(tree.resolve("release.txt"))).isEqualTo("r1-abc\n");
        assertThat(Files.readString(tree.resolve("health-status"))).isEqualTo("200\n");
        assertThat(tree.resolve("Dockerfile")).exists();
        assertThat(tree.resolve("scripts/smoke-test.sh")).isExecutable();

        SampleApp.writeRelease(sample, tree, "r2-abc-broken", false);
        assertThat(Files.readString(tree.resolve("health-status"))).isEqualTo("500\n");
    }

    @Test
    void aNewReleaseReplacesEveryFileButGitsOwn() throws Exception {
        Path tree = temp.resolve("tree");
        Files.createDirectories(tree.resolve(".git"));
        Files.writeString(tree.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(tree.resolve("leftover.txt"), "from the branch before\n");

        SampleApp.writeRelease(sample, tree, "r1", true);

        assertThat(tree.resolve("leftover.txt")).doesNotExist();
        assertThat(tree.resolve(".git/HEAD")).exists();
    }

    @Test
    void theDockerfileFitsTheAppsDefaultsWithoutDockerHub() throws Exception {
        String dockerfile = Files.readString(sample.resolve("Dockerfile"));

        assertThat(dockerfile.lines().filter(l -> l.startsWith("FROM "))).allSatisfy(from ->
                assertThat(from).startsWith("FROM public.ecr.aws/"));
        assertThat(dockerfile).contains("USER 1000:1000", "EXPOSE 8080", "PYTHONDONTWRITEBYTECODE=1");
    }

    @Test
    void theRunsMarkerIsWhatTheSampleAnswersOnItsRoot() throws Exception {
        // app.py answers json.dumps({"app": ..., "release": RELEASE}): Python's default separators.
        assertThat(Files.readString(sample.resolve("app.py"))).contains("json.dumps(body)", "\"release\": RELEASE");
        assertThat(SampleApp.releaseMarker("r1")).isEqualTo("\"release\": \"r1\"");
    }
}
