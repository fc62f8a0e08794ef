package io.github.crossaccountdelivery.acceptance.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.acceptance.fake.FakeCloud;
import io.github.crossaccountdelivery.acceptance.fake.Fixtures;
import io.github.crossaccountdelivery.acceptance.ports.Stacks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Teardown on its own, from states a run can stop in. */
class TeardownTest {

    @TempDir
    Path temp;
    final Names names = Fixtures.names();
    final FakeCloud cloud = new FakeCloud(names);

    RunPlan plan(boolean branchCreatedByRun) {
        return new RunPlan(Fixtures.RUN_ID, names, "build", "test", List.of("eu-west-1a", "eu-west-1b"),
                Fixtures.CONNECTION, "example-org", "sandbox", "https://github.com/example-org/sandbox.git",
                "acceptance-test01", branchCreatedByRun, Optional.empty(), Optional.empty(), temp, temp.resolve("work"),
                temp.resolve("work/report.txt"), Timeouts.standard());
    }

    Teardown.Result tearDown(boolean pushed, boolean branchCreatedByRun) {
        Waiter waiter = new Waiter(cloud.clock, cloud.sleeper(), Duration.ofSeconds(15));
        return new Teardown(plan(branchCreatedByRun), cloud.build.account("build"), cloud.test.account("test"),
                cloud.cdk, cloud.git, waiter, cloud.console).run(pushed);
    }

    void deployBoth() throws Exception {
        cloud.cdk.deploy(temp, names.testStack(), "test", List.of(), Duration.ofMinutes(40));
        cloud.cdk.deploy(temp, names.buildStack(), "build", List.of(), Duration.ofMinutes(30));
    }

    @Test
    void destroysTheBuildStackFirstWithEachAccountsOwnProfile() throws Exception {
        deployBoth();

        tearDown(false, true);

        assertThat(cloud.cdk.calls).endsWith("destroy acc-test01-build --profile build",
                "destroy acc-test01-test --profile test");
    }

    @Test
    void findsTheArtifactKeyByTheIdItRecordedBeforeTheDestroyDeletedItsAlias() throws Exception {
        deployBoth();

        Teardown.Result result = tearDown(false, true);

        assertThat(cloud.build.aliases).isEmpty();
        assertThat(cloud.build.keys).containsEntry("key-artifacts", "PendingDeletion");
        assertThat(result.removed()).contains("KMS key key-artifacts of the build account: deletion scheduled in 7 days");
        assertThat(result.remaining()).isEmpty();
    }

    @Test
    void nothingDeployedMeansNothingToDestroyAndNothingLeft() {
        Teardown.Result result = tearDown(false, true);

        assertThat(cloud.cdk.calls).isEmpty();
        assertThat(result.removed()).isEmpty();
        assertThat(result.leftBehind()).isEmpty();
        assertThat(result.remaining()).isEmpty();
    }

    @Test
    void waitsForAStackStillBeingCreatedBeforeDestroyingIt() throws Exception {
        deployBoth();
        Stacks.State created = cloud.test.stacks.get(names.testStack());
        cloud.test.stacks.put(names.testStack(), new Stacks.State(names.testStack(), "CREATE_IN_PROGRESS", Map.of(),
                Map.of()));
        cloud.at(cloud.clock.instant().plus(Duration.ofMinutes(7)), () -> cloud.test.stacks.put(names.testStack(),
                created));

        Teardown.Result result = tearDown(false, true);

        assertThat(cloud.console.text()).contains("Teardown: waiting for acc-test01-test to leave CREATE_IN_PROGRESS");
        assertThat(result.removed()).contains("stack acc-test01-test");
        assertThat(result.remaining()).isEmpty();
    }

    @Test
    void aStackThatNeverSettlesIsLeftAndSaidSo() throws Exception {
        deployBoth();
        cloud.test.stacks.put(names.testStack(), new Stacks.State(names.testStack(), "UPDATE_IN_PROGRESS", Map.of(),
                Map.of()));

        Teardown.Result result = tearDown(false, true);

        assertThat(result.leftBehind()).contains("stack acc-test01-test: stack acc-test01-test to finish its operation:"
                + " not within 30 min (last seen: UPDATE_IN_PROGRESS)");
        assertThat(cloud.test.buckets).as("left in place while its stack remains").isNotEmpty();
        assertThat(result.remaining()).contains("stack acc-test01-test");
    }

    @Test
    void aBucketThatRefusesDeletionIsTriedAgainAfterAPauseThenReported() throws Exception {
        deployBoth();
        cloud.build.failing.put("emptyAndDelete", "BucketNotEmpty: The bucket you tried to delete is not empty");

        Teardown.Result result = tearDown(false, true);

        assertThat(cloud.build.calls).filteredOn(c -> c.startsWith("emptyAndDelete " + names.artifactBucket()))
                .hasSize(2);
        assertThat(result.leftBehind()).contains("bucket " + names.artifactBucket() + ": emptyAndDelete "
                + names.artifactBucket() + ": BucketNotEmpty: The bucket you tried to delete is not empty");
        assertThat(result.remaining()).contains("bucket " + names.artifactBucket());
        assertThat(result.removed()).as("the rest goes on").contains("ECR repository acc-test01 with its images");
    }

    @Test
    void aBranchThatExistedBeforeTheRunIsKeptAndOneItCreatedIsDeleted() throws Exception {
        assertThat(tearDown(true, false).kept()).contains(
                "the commits pushed to acceptance-test01 of https://github.com/example-org/sandbox.git (the branch"
                        + " existed before the run)");
        assertThat(cloud.git.deletedBranches).isEmpty();

        tearDown(true, true);
        assertThat(cloud.git.deletedBranches).as("a push that never happened left no branch").isEmpty();

        cloud.git.branchExists = true;
        tearDown(true, true);
        assertThat(cloud.git.deletedBranches).containsExactly("acceptance-test01");
    }

    @Test
    void anAwsErrorOnOneResourceDoesNotStopTheOthers() throws Exception {
        deployBoth();
        cloud.test.failing.put("delete", "AccessDeniedException");

        Teardown.Result result = tearDown(false, true);

        assertThat(result.leftBehind()).anySatisfy(l -> assertThat(l)
                .startsWith("log group /aws/ecs/containerinsights/acc-test01-test/performance of the test account:"));
        assertThat(cloud.test.buckets).isEmpty();
        assertThat(result.remaining()).contains(
                "test account log group /aws/ecs/containerinsights/acc-test01-test/performance");
    }
}
