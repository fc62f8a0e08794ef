package io.github.crossaccountdelivery.acceptance.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.acceptance.fake.FakeCloud;
import io.github.crossaccountdelivery.acceptance.fake.Fixtures;
import io.github.crossaccountdelivery.acceptance.ports.Stacks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightTest {

    @TempDir
    Path temp;
    Path project;
    FakeCloud cloud;

    @BeforeEach
    void setUp() {
        project = Fixtures.project(temp);
        cloud = new FakeCloud(Fixtures.names());
    }

    private Preflight.Outcome check(String... args) throws Exception {
        return new Preflight(cloud.opener(), cloud.cdk, cloud.git)
                .check(Options.parse(args), Fixtures.RUN_ID, temp, Timeouts.standard());
    }

    /** The complete command line without the named flags (and their values). */
    private String[] without(String... flags) {
        List<String> args = new ArrayList<>(Arrays.asList(Fixtures.arguments(project, temp.resolve("work"))));
        for (String flag : flags) {
            int i = args.indexOf(flag);
            args.remove(i + 1);
            args.remove(i);
        }
        return args.toArray(String[]::new);
    }

    private String[] with(String... more) {
        return Fixtures.arguments(project, temp.resolve("work"), more);
    }

    @Test
    void aCompleteSetupGivesAPlanWithEveryDefaultFilledIn() throws Exception {
        Preflight.Outcome outcome = check(without("--app-name"));

        assertThat(outcome.problems()).isEmpty();
        RunPlan plan = outcome.plan().orElseThrow();
        assertThat(plan.names().app()).isEqualTo("acc-test01");
        assertThat(plan.branch()).isEqualTo("acceptance-test01");
        assertThat(plan.branchCreatedByRun()).isTrue();
        assertThat(plan.zones()).containsExactly("eu-west-1a", "eu-west-1b");
        assertThat(plan.gitUrl()).isEqualTo("https://github.com/example-org/acceptance-sandbox.git");
        assertThat(plan.report()).isEqualTo(temp.resolve("work/report.txt"));
        assertThat(cloud.cdk.calls).containsExactly("synth");
        assertThat(Files.readString(plan.projectCopy().resolve("cdk.json"))).contains("\"appName\": \"acc-test01\"");
    }

    @Test
    void everyMissingOptionIsALineOfItsOwnAndNothingIsAskedOfAws() throws Exception {
        Preflight.Outcome outcome = check("--project-dir", project.toString());

        assertThat(outcome.plan()).isEmpty();
        assertThat(outcome.problems()).containsExactly(
                "missing --build-profile NAME: AWS CLI profile with credentials for the build account",
                "missing --test-profile NAME: AWS CLI profile with credentials for the test account",
                "missing --build-account ID: the build account's 12-digit ID",
                "missing --test-account ID: the test account's 12-digit ID",
                "missing --region REGION: the region of both accounts' resources, e.g. eu-west-1",
                "missing --connection-arn ARN: an AVAILABLE CodeConnections connection in the build account and region",
                "missing --repository OWNER/NAME: the GitHub repository the connection can read and you may push to");
        assertThat(cloud.build.calls).isEmpty();
        assertThat(cloud.cdk.calls).isEmpty();
    }

    @Test
    void severalProblemsAreAllReportedNotJustTheFirst() throws Exception {
        cloud.test.callerAccount = "333333333333";
        cloud.build.connectionStatus = "PENDING";
        cloud.git.pushProblem = Optional.of("these credentials may not push: 403");

        Preflight.Outcome outcome = check(without("--region"));

        assertThat(outcome.problems()).hasSize(2).anySatisfy(p -> assertThat(p).startsWith("missing --region"))
                .anySatisfy(p -> assertThat(p).startsWith("cannot push to"));

        outcome = check(with());
        assertThat(outcome.problems()).containsExactly(
                "--test-profile test has credentials for account 333333333333, not the test account 222222222222",
                "connection " + Fixtures.CONNECTION + " is PENDING, not AVAILABLE: finish its handshake in the console"
                        + " (README, Deploy, step 2)",
                "cannot push to https://github.com/example-org/acceptance-sandbox.git: these credentials may not push: 403");
        assertThat(cloud.cdk.calls).as("no synth while anything else is wrong").isEmpty();
    }

    @Test
    void aProfileWithoutCredentialsIsRefusedWithHowToSignIn() throws Exception {
        Preflight.Outcome outcome = check(with("--build-profile", "nobody"));

        assertThat(outcome.problems()).singleElement().asString()
                .startsWith("no working credentials in --build-profile nobody for the build account:")
                .contains("could not be found").endsWith("(sign in, e.g. `aws sso login --profile nobody`)");
    }

    @Test
    void malformedValuesAreRefusedEachWithTheFormExpected() throws Exception {
        Preflight.Outcome outcome = check(with("--build-account", "12345", "--region", "Ireland",
                "--repository", "not a repo", "--cpu-architecture", "RISCV", "--app-name", "A"));

        assertThat(outcome.problems()).contains(
                "--region 'Ireland' is not an AWS region code such as eu-west-1",
                "--build-account '12345' is not a 12-digit account ID",
                "--app-name 'A' is not 3 to 20 lowercase letters, digits or hyphens, starting with a letter",
                "--cpu-architecture 'RISCV' is neither ARM64 nor X86_64",
                "--repository 'not a repo' is not OWNER/NAME of a GitHub repository");
    }

    @Test
    void theSameAccountTwiceIsRefused() throws Exception {
        assertThat(check(with("--test-account", Fixtures.BUILD)).problems())
                .contains("--test-account is the build account: the run needs two accounts");
    }

    @Test
    void aConnectionInAnotherRegionOrAccountIsRefused() throws Exception {
        String elsewhere = Fixtures.CONNECTION.replace("eu-west-1", "us-east-1");

        assertThat(check(with("--connection-arn", elsewhere)).problems()).containsExactly(
                "--connection-arn names a connection in us-east-1 of account 111111111111; the pipeline needs one"
                        + " in eu-west-1 of the build account 111111111111");
        assertThat(cloud.build.calls).noneMatch(c -> c.startsWith("status"));
    }

    @Test
    void aConnectionThatCannotBeReadIsRefusedWithAwssMessage() throws Exception {
        cloud.build.failing.put("status", "AccessDeniedException: not authorized");

        assertThat(check(with()).problems()).singleElement().asString()
                .startsWith("cannot check the connection: status").contains("AccessDeniedException");
    }

    @Test
    void accountsThatAreNotBootstrappedOrDoNotTrustTheBuildAccountAreRefused() throws Exception {
        cloud.build.stacks.remove("CDKToolkit");
        cloud.test.stacks.put("CDKToolkit", new Stacks.State("CDKToolkit", "CREATE_COMPLETE", Map.of(),
                Map.of("TrustedAccounts", "")));

        assertThat(check(with()).problems()).containsExactly(
                "the build account 111111111111 is not bootstrapped in eu-west-1: run cdk bootstrap (README, Deploy, step 1)",
                "the test account's bootstrap does not trust the build account: bootstrap it again with --trust 111111111111");
    }

    @Test
    void leftoversOfAnEarlierRunWithTheSameAppNameAreRefused() throws Exception {
        Names names = Fixtures.names();
        cloud.build.buckets.add(names.artifactBucket());
        cloud.build.repositories.add(names.repository());
        cloud.test.stacks.put(names.testStack(), new Stacks.State(names.testStack(), "CREATE_COMPLETE", Map.of(),
                Map.of()));

        assertThat(check(with()).problems()).containsExactly(
                "bucket acc-test01-artifacts-111111111111-eu-west-1 already exists (an earlier deployment or run):"
                        + " delete it, or pick another --app-name",
                "ECR repository acc-test01 already exists (an earlier deployment or run): delete it, or pick another --app-name",
                "stack acc-test01-test already exists (an earlier deployment or run): delete it, or pick another --app-name");
    }

    @Test
    void logGroupsAndAliasesTheStacksWouldCreateUnderTheSameNameAreRefused() throws Exception {
        Names names = Fixtures.names();
        cloud.build.logGroups.add(names.buildLogGroup());
        cloud.test.aliases.put(names.testLogKeyAlias(), "key-1");
        cloud.build.repositories.add(names.cacheRepository());
        cloud.test.taskDefinitions.put("arn:aws:ecs:eu-west-1:222222222222:task-definition/acc-test01-test:4", "ACTIVE");

        assertThat(check(with()).problems()).containsExactly(
                "ECR repository acc-test01-buildcache already exists (an earlier deployment or run): delete it, or"
                        + " pick another --app-name",
                "log group /aws/codebuild/acc-test01-image of the build account already exists (an earlier"
                        + " deployment or run): delete it, or pick another --app-name",
                "KMS alias alias/acc-test01-test-logs already exists (an earlier deployment or run): delete it, or"
                        + " pick another --app-name",
                "task definition family acc-test01-test already exists (an earlier deployment or run): delete it, or"
                        + " pick another --app-name");
    }

    @Test
    void theDefaultBranchMustNotExistButAGivenOneMay() throws Exception {
        cloud.git.branchExists = true;

        assertThat(check(with()).problems()).containsExactly("branch acceptance-test01 already exists in "
                + "https://github.com/example-org/acceptance-sandbox.git: pass --branch to use it, or delete it");
        Preflight.Outcome given = check(with("--branch", "main"));
        assertThat(given.problems()).isEmpty();
        assertThat(given.plan().orElseThrow().branchCreatedByRun()).isFalse();
    }

    @Test
    void aGitUrlWithATokenInItIsRefused() throws Exception {
        assertThat(check(with("--git-url", "https://x-access-token:ghp_secret@github.com/o/r.git")).problems())
                .singleElement().asString().startsWith("--git-url holds a password or token")
                .doesNotContain("ghp_secret");
    }

    @Test
    void aCertificateNeedsADomainAndMustBeTheTestAccountsInTheRegion() throws Exception {
        String certificate = "arn:aws:acm:eu-west-1:111111111111:certificate/12345678-1234-1234-1234-123456789012";

        assertThat(check(with("--certificate-arn", certificate)).problems()).containsExactly(
                "--certificate-arn needs --domain-name: TLS is checked against the name the certificate is for",
                "--certificate-arn is in eu-west-1 of account 111111111111; the load balancer needs one in eu-west-1"
                        + " of the test account");
        assertThat(check(with("--domain-name", "app.example.com")).problems()).containsExactly(
                "--domain-name needs --certificate-arn: without a certificate the service answers HTTP only");
    }

    @Test
    void zonesOfAnotherRegionAreRefused() throws Exception {
        assertThat(check(with("--availability-zones", "us-east-1a,us-east-1b")).problems()).containsExactly(
                "--availability-zones us-east-1a,us-east-1b is not two or more distinct zones of eu-west-1,"
                        + " such as eu-west-1a,eu-west-1b");
    }

    @Test
    void aWorkDirectoryInUseAndAProjectWithoutTheSampleAreRefused() throws Exception {
        Path work = temp.resolve("work");
        Files.createDirectories(work);
        Files.writeString(work.resolve("something"), "x");
        Files.delete(project.resolve("examples/sample-app/Dockerfile"));

        assertThat(check(with()).problems()).containsExactly(
                "--project-dir " + project + " has no examples/sample-app/Dockerfile: point it at the"
                        + " cross-account-delivery checkout",
                "--work-dir " + work + " is not empty: the run writes its own copy of the project there");
    }

    @Test
    void theAppsOwnRefusalOfTheConfigurationIsPassedOn() throws Exception {
        cloud.synthRefusal = Optional.of("""
                Invalid configuration: context key 'availabilityZones' is ["eu-west-1a","eu-west-1z"]; expected ...
                Subprocess exited with error 1""");

        Preflight.Outcome outcome = check(with());

        assertThat(outcome.plan()).isEmpty();
        assertThat(outcome.problems()).singleElement().asString()
                .startsWith("the app refuses the run's configuration: cdk synth exited with status 1")
                .contains("\n  Invalid configuration: context key 'availabilityZones'")
                .doesNotContain("Subprocess exited");
    }
}
