package io.github.crossaccountdelivery.acceptance.run;

import io.github.crossaccountdelivery.acceptance.local.SampleApp;
import io.github.crossaccountdelivery.acceptance.ports.Account;
import io.github.crossaccountdelivery.acceptance.ports.AwsCallException;
import io.github.crossaccountdelivery.acceptance.ports.Cdk;
import io.github.crossaccountdelivery.acceptance.ports.CommandResult;
import io.github.crossaccountdelivery.acceptance.ports.Console;
import io.github.crossaccountdelivery.acceptance.ports.Git;
import io.github.crossaccountdelivery.acceptance.ports.Http;
import io.github.crossaccountdelivery.acceptance.ports.Metrics;
import io.github.crossaccountdelivery.acceptance.ports.Services;
import io.github.crossaccountdelivery.acceptance.ports.Services.ServiceDeployment;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The run itself, after its preflight and the user's yes: deploy, release, check, break, check,
 * tear down, report.
 *
 * <ol>
 *   <li>Deploy the test stack, then push release 1 of the sample application to the branch, then
 *       deploy the build stack: the new pipeline's first execution runs exactly that commit.</li>
 *   <li>Follow that execution (bounded per stage) and check A1 to A5.</li>
 *   <li>Deploy the test stack again with a changed task size (A6).</li>
 *   <li>Push release 2, whose health check answers 500; follow its execution and the ECS rollback
 *       (A7 to A9).</li>
 *   <li>Wait for the delivery metrics of both releases in the build account's CloudWatch (A13).</li>
 *   <li>Tear down, whatever happened above, also after Ctrl-C, and look for leftovers (A10).</li>
 * </ol>
 * A step that cannot go on (a failed deploy, a timeout) stops the run; the assertions it did not
 * reach fail as "not checked", naming the step. This class is over 200 lines because the steps
 * share the state of one run (commits, the URL, the previous image) and read best in order.
 */
public final class AcceptanceRun {

    private final RunPlan plan;
    private final Account build;
    private final Account test;
    private final Cdk cdk;
    private final Git git;
    private final Http http;
    private final Console console;
    private final Waiter waiter;
    /** How far this machine's clock may be ahead of AWS's without the run missing a deployment. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final Report report = new Report();
    private String step = "start";
    private Instant stepStarted = Instant.EPOCH;
    private Instant runStarted = Instant.EPOCH;
    private boolean pushed;

    public AcceptanceRun(RunPlan plan, Account build, Account test, Cdk cdk, Git git, Http http, Console console,
                         Waiter waiter) {
        this.plan = plan;
        this.build = build;
        this.test = test;
        this.cdk = cdk;
        this.git = git;
        this.http = http;
        this.console = console;
        this.waiter = waiter;
    }

    /** A step cannot go on; the message says why. */
    static final class StopRun extends Exception {
        StopRun(String message) {
            super(message);
        }
    }

    /** Runs everything and returns the report, teardown included; never throws. */
    public Report execute() {
        Instant started = waiter.now();
        runStarted = started;
        describeSetting();
        try {
            deliver();
        } catch (StopRun e) {
            report.stopped(step, e.getMessage());
            console.say("Stopped at %s: %s".formatted(step, e.getMessage()));
        } catch (InterruptedException e) {
            Thread.interrupted();
            report.interrupted(step);
            console.say("Interrupted during %s: tearing down before exiting.".formatted(step));
        } catch (RuntimeException e) {
            report.stopped(step, "unexpected %s: %s".formatted(e.getClass().getSimpleName(), e.getMessage()));
            console.say("Stopped at %s: %s".formatted(step, e));
        } finally {
            step("teardown");
            Instant teardownStarted = waiter.now();
            Teardown.Result result = new Teardown(plan, build, test, cdk, git, waiter, console).run(pushed);
            if (Thread.interrupted()) {
                report.interrupted("teardown");
            }
            report.timing("teardown", Duration.between(teardownStarted, waiter.now()));
            report.teardown(result);
            record(Assertion.A10, Checks.nothingLeft(result.remaining()));
            report.closeUnchecked();
            report.timing("total", Duration.between(started, waiter.now()));
        }
        return report;
    }

    private void describeSetting() {
        Names n = plan.names();
        report.setting("run", "%s (appName %s)".formatted(plan.runId(), n.app()));
        String project;
        try {
            project = git.describe(plan.projectDir()).orElse("not a Git checkout");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            project = "unknown";
        } catch (RuntimeException e) {
            project = "unknown (" + e.getMessage() + ")";
        }
        report.setting("project", project);
        report.setting("tools", "aws-cdk@%s, Java %s, %s %s".formatted(CdkVersion.PINNED,
                System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch")));
        report.setting("accounts", "build %s, test %s, region %s, %s".formatted(n.buildAccount(), n.testAccount(),
                n.region(), n.architecture()));
        report.setting("source", "%s/%s branch %s (%s)".formatted(plan.owner(), plan.repository(), plan.branch(),
                plan.gitUrl()));
        report.setting("https", plan.domainName().map(d -> "https://" + d + " with " + plan.certificateArn().orElse(""))
                .orElse("no (HTTP only)"));
    }

    private void deliver() throws StopRun, InterruptedException {
        Names n = plan.names();
        String release1 = "r1-" + plan.runId();
        String release2 = "r2-" + plan.runId() + "-broken";

        step("deploy " + n.testStack());
        deploy(n.testStack(), plan.testProfile(), List.of(), plan.timeouts().deployTestStack(), "test-stack-deploy");
        Verdict placeholder = settle("the first deployment to complete", plan.timeouts().serviceSettles(),
                () -> Checks.firstDeployHealthy(service()));
        String serviceUrl = test.stacks().find(n.testStack()).map(s -> s.outputs().get("ServiceUrl"))
                .orElseThrow(() -> new StopRun("stack " + n.testStack() + " has no ServiceUrl output"));
        String base = plan.domainName().map(d -> "https://" + d).orElse(serviceUrl).replaceAll("/+$", "");
        plan.domainName().ifPresent(d -> console.say(("HTTPS is checked at %s: %s must resolve to the load balancer"
                + " of %s (a CNAME to its DNS name) by the time release 1 is deployed.").formatted(base, d, serviceUrl)));

        step("push release 1");
        SampleApp.writeRelease(plan.sampleApp(), plan.appTree(), release1, true);
        // Before the push: a push interrupted half-way may still have created the branch.
        pushed = true;
        String commit1 = git.publish(plan.appTree(), plan.gitUrl(), plan.branch(),
                "Acceptance run %s: release 1 (healthy)".formatted(plan.runId()));
        console.say("Pushed release 1 as %s to %s".formatted(commit1, plan.branch()));

        // After the push, so that the pipeline's first execution, which its creation starts, runs release 1.
        step("deploy " + n.buildStack());
        deploy(n.buildStack(), plan.buildProfile(), List.of(), plan.timeouts().deployBuildStack(),
                "build-stack-deploy");
        record(Assertion.A11, placeholder.passed()
                ? Verdict.pass("%s and %s deployed; %s".formatted(n.testStack(), n.buildStack(), placeholder.detail()))
                : placeholder);

        step("release 1 through the pipeline");
        PipelineWatch watch = new PipelineWatch(build.pipelines(), n.pipeline(), plan.timeouts(), waiter,
                line -> console.say("  " + line));
        PipelineWatch.Outcome first = follow(watch, commit1);
        record(Assertion.A1, Checks.imageBuiltOnceAndScanned(build.images().images(n.repository()), commit1,
                n.imageTag(commit1)));
        Verdict deployed = record(Assertion.A2, Checks.stageSucceeded(first, "Deploy-test"));
        record(Assertion.A3, Checks.stageSucceeded(first, "Verify-test"));
        Optional<Instant> verifyStarted = first.stage("Verify-test").map(a -> a.started());
        if (verifyStarted.isPresent()) {
            Map<String, Optional<Instant>> lastEvents = new LinkedHashMap<>();
            for (Account account : List.of(build, test)) {
                lastEvents.put(account.label(), account.logs().lastEvent(n.commandsLogGroup()));
            }
            record(Assertion.A12, Checks.logsLocated(n.commandsLogGroup(), lastEvents,
                    verifyStarted.get().minus(CLOCK_SKEW)));
        }
        first.duration("Build").ifPresent(d -> report.timing("build", d));
        first.duration("Deploy-test").ifPresent(d -> report.timing("deploy", d));
        first.duration("Verify-test").ifPresent(d -> report.timing("verify", d));
        if (deployed.passed()) {
            first.stage("Deploy-test").flatMap(a -> a.ended()).ifPresent(end -> report.timing(
                    "commit-to-running-in-test", Duration.between(first.execution().started(), end)));
        } else {
            throw new StopRun("release 1 did not deploy to the test account");
        }

        step("check the test account runs release 1");
        String image1 = n.imageReference(commit1);
        record(Assertion.A4, settle("the service to run " + image1, plan.timeouts().serviceSettles(),
                () -> Checks.runsImage(service(), image1)));
        record(Assertion.A5, settle(base + " to serve " + release1, plan.timeouts().url(), () -> probe(base, release1)));

        step("day-two cdk deploy of " + n.testStack());
        Services.Deployment before = service().flatMap(Services.Service::primary)
                .orElseThrow(() -> new StopRun("the service has no PRIMARY deployment before the day-two deploy"));
        CommandResult again = cdk.deploy(plan.projectCopy(), n.testStack(), plan.testProfile(),
                List.of(RunPlan.DAY_TWO_CHANGE), plan.timeouts().dayTwoDeploy());
        report.timing("day-two-deploy", since(stepStarted));
        record(Assertion.A6, again.ok() ? Checks.imageUnchanged(before, service())
                : Verdict.fail("cdk deploy -c %s %s".formatted(RunPlan.DAY_TWO_CHANGE, again.failure())));

        step("push release 2 (broken)");
        SampleApp.writeRelease(plan.sampleApp(), plan.appTree(), release2, false);
        String commit2 = git.publish(plan.appTree(), plan.gitUrl(), plan.branch(),
                "Acceptance run %s: release 2, whose health check answers 500".formatted(plan.runId()));
        Instant pushed2 = waiter.now();
        console.say("Pushed release 2 as %s to %s".formatted(commit2, plan.branch()));

        step("release 2 through the pipeline");
        PipelineWatch.Outcome second = follow(watch, commit2);
        report.timing("push-to-execution-start", Duration.between(pushed2, second.execution().started()));
        record(Assertion.A8, Checks.stoppedAt(second, n.stages(), "Deploy-test"));

        step("rollback of release 2");
        String image2 = n.imageReference(commit2);
        // ECS's clock, not this machine's, stamps the deployments: a margin for a clock that is ahead.
        List<ServiceDeployment> deployments = rollbackOf(image2, pushed2.minus(CLOCK_SKEW));
        record(Assertion.A7, Checks.rolledBack(deployments, image2));
        Optional<Instant> deployStarted = second.stage("Deploy-test").map(a -> a.started());
        Optional<Instant> recovered = deployments.stream().filter(d -> d.targetImage().equals(image2))
                .reduce((a, b) -> b).flatMap(ServiceDeployment::finished)
                .or(() -> second.stage("Deploy-test").flatMap(a -> a.ended()));
        if (deployStarted.isPresent() && recovered.isPresent()) {
            report.timing("rollback", Duration.between(deployStarted.get(), recovered.get()));
        }
        Verdict runsPrevious = settle("the service to run " + image1 + " again", plan.timeouts().serviceSettles(),
                () -> Checks.runsImage(service(), image1));
        Verdict servesPrevious = settle(base + " to serve " + release1, plan.timeouts().url(),
                () -> probe(base, release1));
        record(Assertion.A9, Checks.stillServes(runsPrevious, servesPrevious));

        step("delivery metrics in CloudWatch");
        // The metrics function stamps each metric with its event's time, by AWS's clock: a margin for a
        // clock that is ahead. Release 1's metrics are long extracted by now; release 2's failure may take
        // CloudWatch Logs a minute or two more.
        Instant since = runStarted.minus(CLOCK_SKEW);
        record(Assertion.A13, settle("the delivery metrics of " + n.pipeline() + " in CloudWatch",
                plan.timeouts().metricsAppear(), () -> deliveryMetrics(since)));
    }

    /** A13's look: the test target's three metrics in the build account, since {@code since} and up to now by AWS's clock. */
    private Verdict deliveryMetrics(Instant since) {
        Names n = plan.names();
        Instant until = waiter.now().plus(CLOCK_SKEW);
        Map<String, String> dimensions = n.metricsDimensions();
        Metrics metrics = build.metrics();
        try {
            return Checks.deliveryMetricsRecorded(n.metricsNamespace(), dimensions, since,
                    metrics.statistics(n.metricsNamespace(), Checks.DEPLOYMENTS, dimensions, since, until),
                    metrics.statistics(n.metricsNamespace(), Checks.FAILED_DEPLOYMENTS, dimensions, since, until),
                    metrics.statistics(n.metricsNamespace(), Checks.LEAD_TIME, dimensions, since, until));
        } catch (AwsCallException e) {
            // A missing cloudwatch:GetMetricData permission, say: the verdict quotes it rather than "not checked".
            return Verdict.fail(e.getMessage());
        }
    }

    private void step(String name) {
        step = name;
        stepStarted = waiter.now();
        console.say("==> " + name);
    }

    private Duration since(Instant start) {
        return Duration.between(start, waiter.now());
    }

    private void deploy(String stack, String profile, List<String> context, Duration bound, String timing)
            throws StopRun, InterruptedException {
        CommandResult result = cdk.deploy(plan.projectCopy(), stack, profile, context, bound);
        report.timing(timing, since(stepStarted));
        if (!result.ok()) {
            throw new StopRun("cdk deploy " + stack + " " + result.failure());
        }
    }

    private PipelineWatch.Outcome follow(PipelineWatch watch, String commit) throws StopRun, InterruptedException {
        try {
            return watch.await(commit);
        } catch (TimedOut e) {
            throw new StopRun(e.getMessage());
        }
    }

    private Optional<Services.Service> service() {
        Names n = plan.names();
        return test.services().service(n.cluster(), n.service(), RunPlan.CONTAINER_NAME);
    }

    /** The service deployments since the push, once the one of the broken image has ended (or the bound passed). */
    private List<ServiceDeployment> rollbackOf(String image, Instant since) throws InterruptedException {
        Names n = plan.names();
        Supplier<List<ServiceDeployment>> list = () -> test.services().deploymentsSince(n.cluster(), n.service(),
                RunPlan.CONTAINER_NAME, since);
        try {
            return waiter.until("the deployment of " + image + " to end", plan.timeouts().serviceSettles(), () -> {
                List<ServiceDeployment> all = list.get();
                Optional<ServiceDeployment> last = all.stream().filter(d -> d.targetImage().equals(image))
                        .reduce((a, b) -> b);
                return last.filter(ServiceDeployment::finishedDeploying).isPresent() ? Waiter.Poll.done(all)
                        : Waiter.Poll.pending(last.map(ServiceDeployment::status).orElse("no deployment of it yet"));
            });
        } catch (TimedOut e) {
            console.say(e.getMessage());
            return list.get();
        }
    }

    /** The health path and the root, with the TLS validation the Http port always does for https. */
    private Verdict probe(String base, String release) {
        try {
            Http.Answer health = http.get(URI.create(base + RunPlan.HEALTH_CHECK_PATH), Duration.ofSeconds(10));
            Http.Answer root = http.get(URI.create(base + "/"), Duration.ofSeconds(10));
            return Checks.serves(base, health, root, SampleApp.releaseMarker(release));
        } catch (UncheckedIOException e) {
            return Verdict.fail("no answer from %s: %s".formatted(base, e.getCause() == null ? e.getMessage()
                    : e.getCause().toString()));
        }
    }

    /** Checks until the verdict passes or the bound passes; the last verdict either way. */
    private Verdict settle(String what, Duration bound, Supplier<Verdict> check) throws InterruptedException {
        Verdict[] last = {Verdict.fail("not checked")};
        try {
            return waiter.until(what, bound, () -> {
                last[0] = check.get();
                return last[0].passed() ? Waiter.Poll.done(last[0]) : Waiter.Poll.pending(last[0].detail());
            });
        } catch (TimedOut e) {
            return Verdict.fail(last[0].detail() + " (still so after " + Waiter.minutes(bound) + ")");
        }
    }

    private Verdict record(Assertion assertion, Verdict verdict) {
        report.record(assertion, verdict);
        console.say("%s %s %s: %s".formatted(assertion.name(), verdict.passed() ? "PASS" : "FAIL", assertion.slug(),
                verdict.detail()));
        return verdict;
    }
}
