package io.github.crossaccountdelivery.acceptance.fake;

import io.github.crossaccountdelivery.acceptance.ports.Account;
import io.github.crossaccountdelivery.acceptance.ports.AwsCallException;
import io.github.crossaccountdelivery.acceptance.ports.Cdk;
import io.github.crossaccountdelivery.acceptance.ports.CommandResult;
import io.github.crossaccountdelivery.acceptance.ports.Git;
import io.github.crossaccountdelivery.acceptance.ports.Http;
import io.github.crossaccountdelivery.acceptance.ports.Images.Image;
import io.github.crossaccountdelivery.acceptance.ports.Pipelines;
import io.github.crossaccountdelivery.acceptance.ports.Services;
import io.github.crossaccountdelivery.acceptance.ports.Sleeper;
import io.github.crossaccountdelivery.acceptance.ports.Stacks;
import io.github.crossaccountdelivery.acceptance.run.Names;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Two accounts, the CDK CLI, git and the service's URL, played in memory on a fake clock, the
 * way the run expects AWS to behave: a deploy creates the stack and what it holds, a push starts
 * an execution whose stages take minutes of fake time and change the accounts when they end, a
 * destroy leaves the retained resources behind. The fields below make one behaviour differ, so
 * that a test shows which assertion catches it.
 *
 * <p>Over 200 lines because the CDK CLI, git and the URL act on the same two accounts and clock.
 */
public final class FakeCloud {

    public static final String PLACEHOLDER = "traefik/whoami@sha256:placeholder";
    /** Whether the Verify stage's output lands in the test account's log group rather than the build account's. */
    public boolean verifyLogsInTestAccount;
    /** Whether the Verify stage writes no log at all. */
    public boolean verifyLogsNowhere;

    public final FakeClock clock = new FakeClock(Instant.parse("2026-11-30T10:00:00Z"));
    public final Names names;
    public final FakeAccount build;
    public final FakeAccount test;
    public final RecordingConsole console = new RecordingConsole();
    public final FakeCdk cdk = new FakeCdk();
    public final FakeGit git = new FakeGit();
    public final FakeHttp http = new FakeHttp();

    // ---- behaviours that differ from the expected ----
    public boolean verifyFails;
    public String scanStatus = "COMPLETE";
    public boolean dayTwoResetsImage;
    /** The broken release deploys "successfully" (no circuit breaker) and Verify catches it. */
    public boolean brokenReleaseDeploys;
    public boolean executionNeverStarts;
    public Duration buildTakes = Duration.ofMinutes(5);
    public Optional<String> deployFails = Optional.empty();
    public Optional<String> destroyFails = Optional.empty();
    /** A stack whose deploy is interrupted (Ctrl-C) while CloudFormation goes on creating it. */
    public Optional<String> interruptDeployOf = Optional.empty();
    public Optional<String> synthRefusal = Optional.empty();
    /** Delivery metrics CloudWatch never shows (the function did not write them, or Logs did not extract them). */
    public final Set<String> metricsNeverAppear = new HashSet<>();
    /** How long after an action's outcome its delivery metrics show in CloudWatch. */
    public Duration metricsAppearAfter = Duration.ofSeconds(90);

    private final Map<String, Release> releases = new HashMap<>();
    private final Map<String, Instant> committed = new HashMap<>();
    /** The test target's first failed deployment since its last success, as the metrics function finds it. */
    private Optional<Instant> failingSince = Optional.empty();
    private int executionCounter;
    private int revision;

    public record Release(String name, boolean healthy) {
    }

    public FakeCloud(Names names) {
        this.names = names;
        this.build = new FakeAccount(names.buildAccount(), this);
        this.test = new FakeAccount(names.testAccount(), this);
        // Both accounts bootstrapped as the README says: the test account trusting the build account.
        build.stacks.put("CDKToolkit", new Stacks.State("CDKToolkit", "CREATE_COMPLETE", Map.of(),
                Map.of("TrustedAccounts", "")));
        test.stacks.put("CDKToolkit", new Stacks.State("CDKToolkit", "UPDATE_COMPLETE", Map.of(),
                Map.of("TrustedAccounts", names.buildAccount())));
    }

    /** Profiles "build" and "test" open the two accounts; any other has no credentials. */
    public Account.Opener opener() {
        return (label, profile, region) -> switch (profile) {
            case "build" -> build.account(label);
            case "test" -> test.account(label);
            default -> throw new AwsCallException("sts:GetCallerIdentity: The config profile (" + profile
                    + ") could not be found");
        };
    }

    public Sleeper sleeper() {
        return duration -> {
            clock.advance(duration);
            tick();
        };
    }

    private final List<Map.Entry<Instant, Runnable>> later = new ArrayList<>();

    /** Something AWS does on its own at a later time (a stack creation finishing after Ctrl-C). */
    public synchronized void at(Instant when, Runnable change) {
        later.add(Map.entry(when, change));
    }

    /** Applies what finished by now: scheduled changes, executions' stage effects. */
    synchronized void tick() {
        Instant now = clock.instant();
        for (Map.Entry<Instant, Runnable> change : List.copyOf(later)) {
            if (!change.getKey().isAfter(now)) {
                later.remove(change);
                change.getValue().run();
            }
        }
        for (FakeExecution e : List.copyOf(build.executions)) {
            for (FakeAction a : e.planned) {
                if (!a.applied && !a.end.isAfter(now)) {
                    a.applied = true;
                    a.effect.run();
                }
                if (!a.started && !a.start.isAfter(now)) {
                    a.started = true;
                    a.onStart.run();
                }
            }
        }
    }

    private String taskDefinition() {
        return "arn:aws:ecs:%s:%s:task-definition/%s:%d".formatted(names.region(), names.testAccount(),
                names.taskFamily(), ++revision);
    }

    private String currentImage() {
        return test.service == null ? PLACEHOLDER : test.service.primary().map(Services.Deployment::image)
                .orElse(PLACEHOLDER);
    }

    private void runs(String taskDefinition, String image) {
        test.taskDefinitions.put(taskDefinition, "ACTIVE");
        test.service = new Services.Service("ACTIVE", 1, 1, List.of(new Services.Deployment("PRIMARY", "COMPLETED",
                taskDefinition, image, 1, 1)));
    }

    // ---- the pipeline ----

    public static final class FakeAction {
        final String stage;
        final String action;
        final Instant start;
        final Instant end;
        final String status;
        final String summary;
        Runnable onStart = () -> { };
        Runnable effect = () -> { };
        boolean applied;
        boolean started;

        FakeAction(String stage, String action, Instant start, Duration takes, String status, String summary) {
            this.stage = stage;
            this.action = action;
            this.start = start;
            this.end = start.plus(takes);
            this.status = status;
            this.summary = summary;
        }
    }

    public static final class FakeExecution {
        final String id;
        final String commit;
        final Instant started;
        final List<FakeAction> planned = new ArrayList<>();

        FakeExecution(String id, String commit, Instant started) {
            this.id = id;
            this.commit = commit;
            this.started = started;
        }

        Pipelines.Execution view(Instant now) {
            FakeAction last = planned.get(planned.size() - 1);
            String status = last.end.isAfter(now) ? "InProgress"
                    : last.status.equals("Succeeded") ? "Succeeded" : "Failed";
            return new Pipelines.Execution(id, status, commit, started, now);
        }

        List<Pipelines.ActionRun> actions(Instant now) {
            return planned.stream().filter(a -> !a.start.isAfter(now))
                    .map(a -> a.end.isAfter(now)
                            ? new Pipelines.ActionRun(a.stage, a.action, "InProgress", a.start, Optional.empty(), "")
                            : new Pipelines.ActionRun(a.stage, a.action, a.status, a.start, Optional.of(a.end),
                            a.summary))
                    .toList();
        }
    }

    /** The execution of a commit, as the app's pipeline would run it. */
    void startExecution(String commit, Instant at) {
        if (executionNeverStarts) {
            return;
        }
        Release release = releases.get(commit);
        FakeExecution e = new FakeExecution("exec-" + (++executionCounter), commit, at);
        String image = names.imageReference(commit);
        FakeAction source = new FakeAction("Source", "GitHub", at, Duration.ofMinutes(1), "Succeeded", "");
        FakeAction buildAction = new FakeAction("Build", "Image", source.end, buildTakes, "Succeeded", "");
        buildAction.effect = () -> build.images.add(new Image("sha256:" + commit, List.of(names.imageTag(commit)),
                buildAction.end, scanStatus));
        e.planned.add(source);
        e.planned.add(buildAction);
        if (release.healthy() || brokenReleaseDeploys) {
            FakeAction deploy = new FakeAction("Deploy-test", "Service", buildAction.end, Duration.ofMinutes(3),
                    "Succeeded", "");
            deploy.effect = () -> {
                String td = taskDefinition();
                runs(td, image);
                test.serviceDeployments.add(new Services.ServiceDeployment("sd-" + revision, "SUCCESSFUL", image,
                        deploy.start, Optional.of(deploy.end), ""));
            };
            boolean verifies = release.healthy() && !verifyFails;
            FakeAction verify = new FakeAction("Verify-test", "Checks", deploy.end, Duration.ofMinutes(2),
                    verifies ? "Succeeded" : "Failed", verifies ? "" : "VERIFY health: FAIL, /health answered 500");
            // Where the Commands action logs is not documented for a role in another account
            // (docs/aws-assumptions.md, U2); the fake says the build account, and a test moves it.
            verify.effect = () -> {
                deliveryMetrics(verifies, verify.end, commit);
                if (!verifyLogsNowhere) {
                    (verifyLogsInTestAccount ? test : build).lastEvents.put("/aws/codepipeline/" + names.pipeline(),
                            verify.end.minusSeconds(5));
                }
            };
            e.planned.add(deploy);
            e.planned.add(verify);
        } else {
            FakeAction deploy = new FakeAction("Deploy-test", "Service", buildAction.end, Duration.ofMinutes(8),
                    "Failed", "Deployment failed: the service deployment was rolled back by the circuit breaker");
            String[] td = new String[1];
            deploy.onStart = () -> {
                td[0] = taskDefinition();
                test.taskDefinitions.put(td[0], "ACTIVE");
                test.serviceDeployments.add(new Services.ServiceDeployment("sd-broken", "IN_PROGRESS", image,
                        deploy.start, Optional.empty(), ""));
            };
            deploy.effect = () -> {
                deliveryMetrics(false, deploy.end, commit);
                test.serviceDeployments.removeIf(d -> d.arn().equals("sd-broken"));
                test.serviceDeployments.add(new Services.ServiceDeployment("sd-broken", "ROLLBACK_SUCCESSFUL", image,
                        deploy.start, Optional.of(deploy.end.minusSeconds(30)),
                        "circuit breaker TRIGGERED (3 of 3 failed tasks)"));
            };
            e.planned.add(deploy);
        }
        build.executions.add(e);
    }

    /**
     * What the app's metrics function writes for the test target's Verify-test success or its
     * Deploy-test or Verify-test failure (a Deploy-test success counts only once Verify-test
     * succeeds), stamped with the event's time, in the build account, as CloudWatch later shows it.
     */
    private void deliveryMetrics(boolean verified, Instant at, String commit) {
        if (!verified) {
            metric("FailedDeployments", 1, at);
            failingSince = failingSince.or(() -> Optional.of(at));
            return;
        }
        metric("Deployments", 1, at);
        metric("LeadTimeSeconds", Duration.between(committed.get(commit), at).toSeconds(), at);
        failingSince.ifPresent(first -> metric("TimeToRestoreSeconds", Duration.between(first, at).toSeconds(), at));
        failingSince = Optional.empty();
    }

    private void metric(String name, double value, Instant at) {
        if (!metricsNeverAppear.contains(name)) {
            // The app's namespace and dimensions (AppNames.metricsNamespace(), DeliveryMetrics), not the run's Names.
            build.metricPoints.add(new FakeAccount.MetricPoint("CrossAccountDelivery", name,
                    Map.of("Pipeline", names.app(), "Target", "test"), at, value, at.plus(metricsAppearAfter)));
        }
    }

    // ---- cdk ----

    public final class FakeCdk implements Cdk {
        public final List<String> calls = new ArrayList<>();

        @Override
        public Optional<String> unavailable() {
            return Optional.empty();
        }

        @Override
        public CommandResult synth(Path project, Duration timeout) {
            calls.add("synth");
            return synthRefusal.map(r -> new CommandResult(1, false, r, project.resolve("synth.log")))
                    .orElse(new CommandResult(0, false, "", project.resolve("synth.log")));
        }

        @Override
        public CommandResult deploy(Path project, String stack, String profile, List<String> context,
                                    Duration timeout) throws InterruptedException {
            calls.add(("deploy " + stack + " --profile " + profile + " " + String.join(" ", context)).strip());
            Path log = project.resolve("deploy.log");
            if (deployFails.filter(stack::equals).isPresent()) {
                clock.advance(Duration.ofMinutes(6));
                // A failed creation rolls back; the retained log bucket stays, as CloudFormation leaves it.
                if (stack.equals(names.testStack())) {
                    test.stacks.put(stack, new Stacks.State(stack, "ROLLBACK_COMPLETE", Map.of(), Map.of()));
                    test.stackResources.put(stack, List.of(new Stacks.Resource("LogBucket", "AWS::S3::Bucket",
                            names.testStack() + "-logbucket-failed")));
                    test.buckets.add(names.testStack() + "-logbucket-failed");
                }
                return new CommandResult(1, false, "CREATE_FAILED ...", log);
            }
            boolean interrupted = interruptDeployOf.filter(stack::equals).isPresent();
            if (stack.equals(names.testStack())) {
                deployTest(context);
            } else {
                deployBuild();
            }
            if (interrupted) {
                // Ctrl-C stops the CLI; CloudFormation goes on and is still creating the stack.
                FakeAccount account = stack.equals(names.testStack()) ? test : build;
                Stacks.State created = account.stacks.get(stack);
                account.stacks.put(stack, new Stacks.State(stack, "CREATE_IN_PROGRESS", Map.of(), Map.of()));
                at(clock.instant().plus(Duration.ofMinutes(3)), () -> account.stacks.put(stack, created));
                interruptDeployOf = Optional.empty();
                throw new InterruptedException("Ctrl-C");
            }
            return new CommandResult(0, false, "", log);
        }

        private void deployTest(List<String> context) {
            String stack = names.testStack();
            if (test.stacks.containsKey(stack)) {
                clock.advance(Duration.ofMinutes(4));
                if (context.stream().anyMatch(c -> c.startsWith("taskMemoryMiB="))) {
                    runs(taskDefinition(), dayTwoResetsImage ? PLACEHOLDER : currentImage());
                }
                return;
            }
            clock.advance(Duration.ofMinutes(10));
            test.stacks.put(stack, new Stacks.State(stack, "CREATE_COMPLETE",
                    Map.of("ServiceUrl", "http://" + names.app() + "-alb.eu-west-1.elb.amazonaws.com"), Map.of()));
            String logBucket = stack + "-logbucket1a2b3c";
            test.stackResources.put(stack, List.of(
                    new Stacks.Resource("LogBucket", "AWS::S3::Bucket", logBucket),
                    new Stacks.Resource("LogKey", "AWS::KMS::Key", "key-test-logs"),
                    new Stacks.Resource("CustomVpcRestrictDefaultSGCustomResourceProviderHandlerDC833E5E",
                            "AWS::Lambda::Function", stack + "-CustomVpcRestrictDefaultSGCusto-AbC123"),
                    new Stacks.Resource("WebCluster", "AWS::ECS::Cluster", names.cluster())));
            test.buckets.add(logBucket);
            test.keys.put("key-test-logs", "Enabled");
            test.aliases.put(names.testLogKeyAlias(), "key-test-logs");
            test.logGroups.add("/aws/codepipeline/" + names.pipeline());
            // Created by services at run time, not by the stack.
            test.logGroups.add("/aws/lambda/" + stack + "-CustomVpcRestrictDefaultSGCusto-AbC123");
            test.logGroups.add("/aws/ecs/containerinsights/" + names.cluster() + "/performance");
            runs(taskDefinition(), PLACEHOLDER);
        }

        private void deployBuild() {
            String stack = names.buildStack();
            clock.advance(Duration.ofMinutes(4));
            build.stacks.put(stack, new Stacks.State(stack, "CREATE_COMPLETE", Map.of(), Map.of()));
            String logBucket = stack + "-logbucket9z8y7x";
            build.stackResources.put(stack, List.of(
                    new Stacks.Resource("ArtifactKey", "AWS::KMS::Key", "key-artifacts"),
                    new Stacks.Resource("LogBucket", "AWS::S3::Bucket", logBucket),
                    new Stacks.Resource("ArtifactBucket", "AWS::S3::Bucket", names.artifactBucket())));
            build.buckets.add(logBucket);
            build.buckets.add(names.artifactBucket());
            build.keys.put("key-artifacts", "Enabled");
            build.aliases.put(names.artifactKeyAlias(), "key-artifacts");
            build.repositories.add(names.repository());
            build.repositories.add(names.cacheRepository());
            build.logGroups.add("/aws/codebuild/" + names.app() + "-image");
            build.logGroups.add("/aws/codepipeline/" + names.pipeline());
            // A new pipeline starts an execution of the branch's head.
            git.head.ifPresent(commit -> startExecution(commit, clock.instant().plusSeconds(5)));
        }

        @Override
        public CommandResult destroy(Path project, String stack, String profile, Duration timeout) {
            calls.add("destroy " + stack + " --profile " + profile);
            Path log = project.resolve("destroy.log");
            if (destroyFails.filter(stack::equals).isPresent()) {
                FakeAccount account = stack.equals(names.testStack()) ? test : build;
                account.stacks.put(stack, new Stacks.State(stack, "DELETE_FAILED", Map.of(), Map.of()));
                return new CommandResult(1, false, "DELETE_FAILED", log);
            }
            clock.advance(Duration.ofMinutes(stack.equals(names.testStack()) ? 8 : 3));
            if (stack.equals(names.testStack())) {
                test.stacks.remove(stack);
                test.aliases.remove(names.testLogKeyAlias());
                test.keys.computeIfPresent("key-test-logs", (k, v) -> "PendingDeletion");
                test.logGroups.remove("/aws/codepipeline/" + names.pipeline());
                test.service = null;
                // The stack deregisters its own revisions; the pipeline's stay ACTIVE.
                test.taskDefinitions.replaceAll((arn, state) -> arn.endsWith(":1") ? "INACTIVE" : state);
            } else {
                build.stacks.remove(stack);
                build.aliases.remove(names.artifactKeyAlias());
                build.repositories.remove(names.cacheRepository());
                build.logGroups.remove("/aws/codebuild/" + names.app() + "-image");
            }
            return new CommandResult(0, false, "", log);
        }
    }

    // ---- git ----

    public final class FakeGit implements Git {
        public Optional<String> head = Optional.empty();
        public boolean branchExists;
        public Optional<String> pushProblem = Optional.empty();
        public final List<String> deletedBranches = new ArrayList<>();
        public final List<String> pushes = new ArrayList<>();
        private int commits;

        @Override
        public Optional<String> unavailable() {
            return Optional.empty();
        }

        @Override
        public PushAccess pushAccess(String url, String branch) {
            return new PushAccess(branchExists, pushProblem);
        }

        @Override
        public String publish(Path workTree, String url, String branch, String message) {
            String name;
            boolean healthy;
            try {
                name = Files.readString(workTree.resolve("release.txt")).strip();
                healthy = Files.readString(workTree.resolve("health-status")).strip().equals("200");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String commit = "%040x".formatted(0xc0ffee00L + (++commits));
            releases.put(commit, new Release(name, healthy));
            committed.put(commit, clock.instant());
            head = Optional.of(commit);
            branchExists = true;
            pushes.add(branch + " " + commit + " " + name);
            if (build.stacks.containsKey(names.buildStack())) {
                // The connection's webhook starts an execution some seconds after the push.
                startExecution(commit, clock.instant().plusSeconds(20));
            }
            return commit;
        }

        @Override
        public void deleteBranch(String url, String branch) {
            deletedBranches.add(branch);
        }

        @Override
        public Optional<String> describe(Path projectDir) {
            return Optional.of("0123456789abcdef0123456789abcdef01234567");
        }
    }

    // ---- the service's URL ----

    public final class FakeHttp implements Http {
        public final List<URI> requests = new ArrayList<>();
        public boolean down;

        @Override
        public Answer get(URI uri, Duration timeout) {
            requests.add(uri);
            if (down || test.service == null) {
                throw new UncheckedIOException("GET " + uri, new IOException("Connection refused"));
            }
            String image = currentImage();
            Release release = image.equals(PLACEHOLDER) ? new Release("placeholder", true)
                    : releases.entrySet().stream().filter(e -> names.imageReference(e.getKey()).equals(image))
                    .map(Map.Entry::getValue).findFirst().orElseThrow();
            if (uri.getPath().equals("/health")) {
                return new Answer(release.healthy() ? 200 : 500, release.healthy() ? "{\"status\": \"ok\"}" : "broken");
            }
            return new Answer(200, "{\"app\": \"cross-account-delivery sample\", \"release\": \"" + release.name()
                    + "\"}\n");
        }
    }
}
