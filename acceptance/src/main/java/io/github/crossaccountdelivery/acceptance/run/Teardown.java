package io.github.crossaccountdelivery.acceptance.run;

import io.github.crossaccountdelivery.acceptance.ports.Account;
import io.github.crossaccountdelivery.acceptance.ports.AwsCallException;
import io.github.crossaccountdelivery.acceptance.ports.Cdk;
import io.github.crossaccountdelivery.acceptance.ports.CommandResult;
import io.github.crossaccountdelivery.acceptance.ports.Console;
import io.github.crossaccountdelivery.acceptance.ports.Git;
import io.github.crossaccountdelivery.acceptance.ports.Stacks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Removes what the run created, whatever state it stopped in, and says what it could not remove.
 *
 * <p>Order matters. The build stack goes first: `cdk destroy` of the test stack would otherwise
 * select the stacks that depend on it, the build stack among them, with the test account's
 * credentials. A stack still being created or updated (an interrupted deploy) is waited for,
 * because CloudFormation refuses to delete it meanwhile. Then what the stacks retain on purpose
 * and what AWS services created at run time, each only once its owning stack is gone:
 * <ul>
 *   <li>the buckets (the artifact bucket, each stack's log bucket): every version and delete
 *       marker, then the bucket; once more after a pause, because load balancer and flow logs
 *       are delivered minutes late;</li>
 *   <li>the release repository with its images;</li>
 *   <li>the artifact key, scheduled for deletion after the minimum 7 days. Its alias is deleted
 *       with the stack, so the key is found by the ID the stack recorded, read before the
 *       destroy;</li>
 *   <li>log groups nothing deletes: Container Insights', the VPC custom resource's Lambda
 *       function's, the Commands action's in the build account;</li>
 *   <li>the task definitions the pipeline registered (the stack deletes only its own);</li>
 *   <li>the branch, when the run created it.</li>
 * </ul>
 * Last it looks again for everything named after the app ({@link Result#remaining()}), which is
 * assertion A10.
 *
 * <p>Over 200 lines because every removal is guarded the same way (each failure becomes a line,
 * the rest goes on) and split across classes the order above would be harder to read.
 */
public final class Teardown {

    /** KMS's shortest waiting period. https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html */
    static final int KEY_PENDING_DAYS = 7;
    private static final Set<String> RECORDED_TYPES = Set.of("AWS::S3::Bucket", "AWS::KMS::Key",
            "AWS::Lambda::Function");

    private final RunPlan plan;
    private final Account build;
    private final Account test;
    private final Cdk cdk;
    private final Git git;
    private final Waiter waiter;
    private final Console console;
    /** An interruption during teardown is noted and teardown goes on: stopping half-way would leave more behind. */
    private boolean interrupted;

    public Teardown(RunPlan plan, Account build, Account test, Cdk cdk, Git git, Waiter waiter, Console console) {
        this.plan = plan;
        this.build = build;
        this.test = test;
        this.cdk = cdk;
        this.git = git;
        this.waiter = waiter;
        this.console = console;
    }

    /**
     * @param removed    what teardown deleted (or scheduled for deletion)
     * @param leftBehind what it could not delete, and why
     * @param kept       what it leaves on purpose
     * @param remaining  what is still there afterwards, named after the app
     */
    public record Result(List<String> removed, List<String> leftBehind, List<String> kept, List<String> remaining) {
        public Result {
            removed = List.copyOf(removed);
            leftBehind = List.copyOf(leftBehind);
            kept = List.copyOf(kept);
            remaining = List.copyOf(remaining);
        }
    }

    /** Never throws: each failure becomes a line of {@link Result#leftBehind()}. */
    public Result run(boolean pushed) {
        Names names = plan.names();
        List<String> removed = new ArrayList<>();
        List<String> left = new ArrayList<>();
        List<String> kept = new ArrayList<>();

        // Read before the stacks go: the retained resources' generated names and IDs.
        List<Stacks.Resource> buildRetained = recorded(build, names.buildStack(), left);
        List<Stacks.Resource> testRetained = recorded(test, names.testStack(), left);

        boolean buildGone = destroy(build, names.buildStack(), plan.buildProfile(),
                plan.timeouts().destroyBuildStack(), removed, left);
        boolean testGone = destroy(test, names.testStack(), plan.testProfile(), plan.timeouts().destroyTestStack(),
                removed, left);

        if (buildGone) {
            Set<String> buckets = new LinkedHashSet<>();
            buckets.add(names.artifactBucket());
            buildRetained.stream().filter(r -> r.type().equals("AWS::S3::Bucket")).map(Stacks.Resource::physicalId)
                    .forEach(buckets::add);
            buckets.forEach(bucket -> removeBucket(build, bucket, removed, left));
            attempt("ECR repository %s with its images".formatted(names.repository()), removed, left, () -> {
                if (!build.images().repositoryExists(names.repository())) {
                    return false;
                }
                build.images().deleteRepository(names.repository());
                return true;
            });
            Set<String> keys = new LinkedHashSet<>();
            buildRetained.stream().filter(r -> r.type().equals("AWS::KMS::Key")).map(Stacks.Resource::physicalId)
                    .forEach(keys::add);
            safely(() -> build.keys().keyForAlias(names.artifactKeyAlias())).flatMap(k -> k).ifPresent(keys::add);
            keys.forEach(key -> scheduleKeyDeletion(build, key, removed, left, kept));
            removeLogGroups(build, logGroups(names.buildLogGroups(), buildRetained), removed, left);
        } else {
            left.add("what the build stack retains (bucket %s, repository %s, key %s): its stack is still there"
                    .formatted(names.artifactBucket(), names.repository(), names.artifactKeyAlias()));
        }

        if (testGone) {
            testRetained.stream().filter(r -> r.type().equals("AWS::S3::Bucket")).map(Stacks.Resource::physicalId)
                    .forEach(bucket -> removeBucket(test, bucket, removed, left));
            testRetained.stream().filter(r -> r.type().equals("AWS::KMS::Key")).map(Stacks.Resource::physicalId)
                    .forEach(key -> scheduleKeyDeletion(test, key, removed, left, kept));
            attempt("task definitions of family %s".formatted(names.taskFamily()), removed, left,
                    () -> test.services().removeTaskDefinitions(names.taskFamily()) > 0);
            removeLogGroups(test, logGroups(names.testLogGroups(), testRetained), removed, left);
        } else {
            left.add("the test stack's log bucket, task definitions and log groups: its stack is still there");
        }

        if (pushed && plan.branchCreatedByRun()) {
            try {
                // A push that failed half-way may have created nothing to delete.
                if (git.pushAccess(plan.gitUrl(), plan.branch()).branchExists()) {
                    git.deleteBranch(plan.gitUrl(), plan.branch());
                    removed.add("branch %s of %s".formatted(plan.branch(), plan.gitUrl()));
                }
            } catch (InterruptedException e) {
                Thread.interrupted();
                interrupted = true;
                left.add("branch %s of %s: interrupted".formatted(plan.branch(), plan.gitUrl()));
            } catch (RuntimeException e) {
                left.add("branch %s of %s: %s".formatted(plan.branch(), plan.gitUrl(), e.getMessage()));
            }
        } else if (pushed) {
            kept.add("the commits pushed to %s of %s (the branch existed before the run)".formatted(plan.branch(),
                    plan.gitUrl()));
        }

        kept.add("the CodeConnections connection " + plan.connectionArn() + " (yours)");
        kept.add("the CDKToolkit bootstrap stacks of both accounts, with the assets cdk deploy uploaded to them (yours)");
        kept.add("the work directory " + plan.workDir() + " (the project copy, command logs, this report)");

        List<String> remaining = remaining(buildRetained, testRetained);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new Result(removed, left, kept, remaining);
    }

    private List<Stacks.Resource> recorded(Account account, String stack, List<String> left) {
        try {
            return account.stacks().resources(stack).stream().filter(r -> RECORDED_TYPES.contains(r.type())).toList();
        } catch (AwsCallException e) {
            left.add("cannot list the resources of %s before destroying it: %s".formatted(stack, e.getMessage()));
            return List.of();
        }
    }

    /** @return whether the stack is gone */
    private boolean destroy(Account account, String stack, String profile, Duration bound, List<String> removed,
                            List<String> left) {
        try {
            return destroyOrInterrupt(account, stack, profile, bound, removed, left);
        } catch (InterruptedException e) {
            Thread.interrupted();
            interrupted = true;
            left.add("stack %s: interrupted while destroying it".formatted(stack));
            return safely(() -> account.stacks().find(stack).isEmpty()).orElse(false);
        }
    }

    private boolean destroyOrInterrupt(Account account, String stack, String profile, Duration bound,
                                       List<String> removed, List<String> left) throws InterruptedException {
        Optional<Stacks.State> state;
        try {
            state = account.stacks().find(stack);
        } catch (AwsCallException e) {
            left.add("stack %s: cannot describe it: %s".formatted(stack, e.getMessage()));
            return false;
        }
        if (state.isEmpty()) {
            return true;
        }
        if (state.get().busy()) {
            console.say("Teardown: waiting for %s to leave %s".formatted(stack, state.get().status()));
            try {
                waiter.until("stack " + stack + " to finish its operation", plan.timeouts().stackSettles(),
                        () -> account.stacks().find(stack).filter(Stacks.State::busy)
                                .<Waiter.Poll<Boolean>>map(s -> Waiter.Poll.pending(s.status()))
                                .orElse(Waiter.Poll.done(true)));
            } catch (TimedOut e) {
                left.add("stack %s: %s".formatted(stack, e.getMessage()));
                return false;
            }
        }
        console.say("Teardown: cdk destroy " + stack);
        CommandResult result = cdk.destroy(plan.projectCopy(), stack, profile, bound);
        Optional<Stacks.State> after = safely(() -> account.stacks().find(stack)).orElse(Optional.of(
                new Stacks.State(stack, "UNKNOWN (cannot describe it)", java.util.Map.of(), java.util.Map.of())));
        if (after.isEmpty()) {
            removed.add("stack " + stack);
            return true;
        }
        left.add("stack %s (%s): cdk destroy %s".formatted(stack, after.get().status(),
                result.ok() ? "succeeded but the stack remains" : result.failure()));
        return false;
    }

    private void removeBucket(Account account, String bucket, List<String> removed, List<String> left) {
        for (int attempt = 1; ; attempt++) {
            try {
                if (!account.buckets().exists(bucket)) {
                    return;
                }
                account.buckets().emptyAndDelete(bucket);
                removed.add("bucket %s (every version)".formatted(bucket));
                return;
            } catch (AwsCallException e) {
                if (attempt == 2 || interrupted) {
                    left.add("bucket %s: %s".formatted(bucket, e.getMessage()));
                    return;
                }
                // Log deliveries land after the writers are gone; one pause, then once more.
                try {
                    waiter.until("late log deliveries to " + bucket, plan.timeouts().lateLogDelivery(),
                            () -> Waiter.Poll.pending("pausing"));
                } catch (TimedOut expected) {
                    // the pause is over
                } catch (InterruptedException e2) {
                    Thread.interrupted();
                    interrupted = true;
                }
            }
        }
    }

    private void scheduleKeyDeletion(Account account, String key, List<String> removed, List<String> left,
                                     List<String> kept) {
        try {
            Optional<String> state = account.keys().state(key);
            if (state.isEmpty()) {
                return;
            }
            if (state.get().equals("PendingDeletion")) {
                kept.add("KMS key %s of the %s account, pending deletion (no charge while pending)".formatted(key,
                        account.label()));
                return;
            }
            account.keys().scheduleDeletion(key, KEY_PENDING_DAYS);
            removed.add("KMS key %s of the %s account: deletion scheduled in %d days".formatted(key, account.label(),
                    KEY_PENDING_DAYS));
        } catch (AwsCallException e) {
            left.add("KMS key %s of the %s account: %s".formatted(key, account.label(), e.getMessage()));
        }
    }

    /**
     * The fixed names, and the log groups of the stack's Lambda functions: Lambda creates
     * {@code /aws/lambda/<function>} when a function first logs, outside the stack, unless the
     * function names a log group of its own (CDK's custom resource providers do not).
     * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
     */
    private static List<String> logGroups(List<String> fixed, List<Stacks.Resource> recorded) {
        List<String> groups = new ArrayList<>(fixed);
        recorded.stream().filter(r -> r.type().equals("AWS::Lambda::Function"))
                .map(r -> "/aws/lambda/" + r.physicalId()).forEach(groups::add);
        return groups;
    }

    private static List<String> existing(Account account, String group) {
        return account.logs().names(group).stream().filter(group::equals).toList();
    }

    private void removeLogGroups(Account account, List<String> groups, List<String> removed, List<String> left) {
        for (String group : groups) {
            try {
                for (String name : existing(account, group)) {
                    attempt("log group %s of the %s account".formatted(name, account.label()), removed, left, () -> {
                        account.logs().delete(name);
                        return true;
                    });
                }
            } catch (AwsCallException e) {
                left.add("log group %s of the %s account: %s".formatted(group, account.label(), e.getMessage()));
            }
        }
    }

    /** A10's evidence: everything named after the app, or recorded from its stacks, that is still there. */
    private List<String> remaining(List<Stacks.Resource> buildRetained, List<Stacks.Resource> testRetained) {
        Names names = plan.names();
        List<String> remaining = new ArrayList<>();
        look(remaining, "stack " + names.buildStack(), () -> build.stacks().find(names.buildStack()).isPresent());
        look(remaining, "stack " + names.testStack(), () -> test.stacks().find(names.testStack()).isPresent());
        look(remaining, "bucket " + names.artifactBucket(), () -> build.buckets().exists(names.artifactBucket()));
        for (Stacks.Resource r : buildRetained) {
            if (r.type().equals("AWS::S3::Bucket")) {
                look(remaining, "bucket " + r.physicalId(), () -> build.buckets().exists(r.physicalId()));
            } else if (r.type().equals("AWS::KMS::Key")) {
                look(remaining, "KMS key " + r.physicalId() + " (not pending deletion)",
                        () -> build.keys().state(r.physicalId()).filter(s -> !s.equals("PendingDeletion")).isPresent());
            }
        }
        for (Stacks.Resource r : testRetained) {
            if (r.type().equals("AWS::S3::Bucket")) {
                look(remaining, "bucket " + r.physicalId(), () -> test.buckets().exists(r.physicalId()));
            } else if (r.type().equals("AWS::KMS::Key")) {
                look(remaining, "KMS key " + r.physicalId() + " (not pending deletion)",
                        () -> test.keys().state(r.physicalId()).filter(s -> !s.equals("PendingDeletion")).isPresent());
            }
        }
        look(remaining, "ECR repository " + names.repository(),
                () -> build.images().repositoryExists(names.repository()));
        look(remaining, "ECR repository " + names.cacheRepository(),
                () -> build.images().repositoryExists(names.cacheRepository()));
        look(remaining, "KMS alias " + names.artifactKeyAlias(),
                () -> build.keys().keyForAlias(names.artifactKeyAlias()).isPresent());
        look(remaining, "KMS alias " + names.testLogKeyAlias(),
                () -> test.keys().keyForAlias(names.testLogKeyAlias()).isPresent());
        for (String group : logGroups(names.buildLogGroups(), buildRetained)) {
            lookAll(remaining, "build account log group ", () -> existing(build, group));
        }
        for (String group : logGroups(names.testLogGroups(), testRetained)) {
            lookAll(remaining, "test account log group ", () -> existing(test, group));
        }
        lookAll(remaining, "task definition ", () -> test.services().activeTaskDefinitions(names.taskFamily()));
        return remaining.stream().distinct().toList();
    }

    private interface Check {
        boolean exists();
    }

    private static void look(List<String> remaining, String what, Check check) {
        try {
            if (check.exists()) {
                remaining.add(what);
            }
        } catch (AwsCallException e) {
            remaining.add(what + " (cannot check: " + e.getMessage() + ")");
        }
    }

    private static void lookAll(List<String> remaining, String what, java.util.function.Supplier<List<String>> names) {
        try {
            names.get().forEach(name -> remaining.add(what + name));
        } catch (AwsCallException e) {
            remaining.add(what + "(cannot check: " + e.getMessage() + ")");
        }
    }

    private interface Removal {
        /** @return whether there was something to remove */
        boolean remove();
    }

    private static void attempt(String what, List<String> removed, List<String> left, Removal removal) {
        try {
            if (removal.remove()) {
                removed.add(what);
            }
        } catch (AwsCallException e) {
            left.add(what + ": " + e.getMessage());
        }
    }

    private static <T> Optional<T> safely(java.util.function.Supplier<T> call) {
        try {
            return Optional.ofNullable(call.get());
        } catch (AwsCallException e) {
            return Optional.empty();
        }
    }

}
