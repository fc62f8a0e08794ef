package io.github.crossaccountdelivery.acceptance.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.acceptance.fake.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectCopyTest {

    @TempDir
    Path temp;

    Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("appName", "acc-x");
        settings.put("availabilityZones", List.of("eu-west-1a", "eu-west-1b"));
        settings.put("containerPort", 8080);
        return settings;
    }

    @Test
    void copiesWhatADeployNeedsAndSkipsBuildOutputGitTestsAndThisModule() throws Exception {
        Path project = Fixtures.project(temp);
        Path copy = temp.resolve("copy");

        ProjectCopy.write(project, copy, settings());

        assertThat(copy.resolve("pom.xml")).exists();
        assertThat(copy.resolve("src/main/java/App.java")).exists();
        assertThat(copy.resolve("mvnw")).isExecutable();
        for (String skipped : List.of("target", ".git", "cdk.out", "acceptance", "src/test", "cdk.context.json")) {
            assertThat(copy.resolve(skipped)).doesNotExist();
        }
    }

    @Test
    void theCopysCdkJsonHoldsTheRunsValuesAndTheUsersIsUntouched() throws Exception {
        Path project = Fixtures.project(temp);
        String users = Files.readString(project.resolve("cdk.json"));

        ProjectCopy.write(project, temp.resolve("copy"), settings());

        assertThat(Files.readString(project.resolve("cdk.json"))).isEqualTo(users);
        String written = Files.readString(temp.resolve("copy/cdk.json"));
        assertThat(written).contains("\"app\": \"scripts/run-app.sh\"", "\"appName\": \"acc-x\"",
                "\"containerPort\": 8080", "\"@aws-cdk/aws-s3:publicAccessBlockedByDefault\": true",
                "\"availabilityZones\": [\n      \"eu-west-1a\",\n      \"eu-west-1b\"\n    ]");
        assertThat(written).doesNotContain("orders", "111111111111");
    }

    @Test
    void dropsTheUsersOwnDeploymentKeysButKeepsCdksOwn() {
        String users = """
                {"app": "x", "context": {"//": "mine", "appName": "orders", "targets": [{"name": "prod"}],
                 "notificationEmail": "a@b.c", "@aws-cdk/core:flag": true, "acknowledged-issue-numbers": [1]}}""";

        String written = ProjectCopy.cdkJson(users, settings());

        assertThat(written).doesNotContain("targets", "notificationEmail", "orders", "mine")
                .contains("\"@aws-cdk/core:flag\": true", "\"acknowledged-issue-numbers\"", "\"appName\": \"acc-x\"",
                        "Written by the acceptance run");
    }

    @Test
    void theRealProjectCopiesWithItsAppCommand() throws Exception {
        Path copy = temp.resolve("copy");

        ProjectCopy.write(Fixtures.repositoryRoot(), copy, settings());

        assertThat(copy.resolve("scripts/run-app.sh")).isExecutable();
        assertThat(copy.resolve("mvnw")).isExecutable();
        assertThat(copy.resolve("buildspec.yml")).exists();
        assertThat(copy.resolve(".mvn/wrapper/maven-wrapper.properties")).exists();
        assertThat(copy.resolve("src/main/resources/pipeline/verify-commands.sh")).exists();
        assertThat(copy.resolve("acceptance")).doesNotExist();
        assertThat(copy.resolve("src/test")).doesNotExist();
    }
}
