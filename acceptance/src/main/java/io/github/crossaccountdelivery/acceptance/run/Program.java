package io.github.crossaccountdelivery.acceptance.run;

import io.github.crossaccountdelivery.acceptance.ports.Account;
import io.github.crossaccountdelivery.acceptance.ports.Cdk;
import io.github.crossaccountdelivery.acceptance.ports.Console;
import io.github.crossaccountdelivery.acceptance.ports.Git;
import io.github.crossaccountdelivery.acceptance.ports.Http;
import io.github.crossaccountdelivery.acceptance.ports.Sleeper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * From the command line to the exit status: parse, refuse or estimate, ask, run, report.
 * Everything outside the JVM comes in through {@link Environment}, so that the tests run the
 * whole program on fakes.
 */
public final class Program {

    /** Exit statuses besides the report's own (0 pass, 1 fail, 130 interrupted). */
    public static final int REFUSED = 2;
    public static final int DECLINED = 3;

    /**
     * @param runIds   a fresh run ID per call
     * @param tempDir  where default work directories go
     * @param logDirectory told where the commands' logs go once the run has its work directory
     * @param creating     told just before the run creates its first resource
     */
    public record Environment(Account.Opener accounts, Cdk cdk, Git git, Http http, Console console, Clock clock,
                              Sleeper sleeper, Path tempDir, Supplier<String> runIds, Timeouts timeouts,
                              Consumer<Path> logDirectory, Runnable creating) {
    }

    private Program() {
    }

    public static int run(Environment env, String... args) throws InterruptedException {
        Console console = env.console();
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            e.getMessage().lines().forEach(console::say);
            console.say("");
            Options.usage().lines().forEach(console::say);
            return REFUSED;
        }
        if (options.help()) {
            Options.usage().lines().forEach(console::say);
            return 0;
        }

        String runId = env.runIds().get();
        console.say("Acceptance run %s: checking what it needs before it creates anything ...".formatted(runId));
        Preflight.Outcome preflight = new Preflight(env.accounts(), env.cdk(), env.git())
                .check(options, runId, env.tempDir(), env.timeouts());
        if (preflight.plan().isEmpty()) {
            console.say("Refusing to start; nothing was created. Every problem found:");
            preflight.problems().forEach(p -> console.say("  - " + p));
            return REFUSED;
        }
        RunPlan plan = preflight.plan().get();
        env.logDirectory().accept(plan.workDir().resolve("logs"));

        Estimate.of(plan.names().region(), plan.names().architecture(), plan.timeouts()).describe().lines()
                .forEach(console::say);
        console.say("It deploys %s and %s, pushes to %s of %s, and tears everything down at the end."
                .formatted(plan.names().testStack(), plan.names().buildStack(), plan.branch(), plan.gitUrl()));
        if (!options.yes() && !console.confirm("Create these resources in accounts %s and %s now?"
                .formatted(plan.names().buildAccount(), plan.names().testAccount()))) {
            console.say("Nothing was created.");
            return DECLINED;
        }

        env.creating().run();
        Instant started = env.clock().instant();
        Waiter waiter = new Waiter(env.clock(), env.sleeper(), plan.timeouts().poll());
        AcceptanceRun run = new AcceptanceRun(plan, preflight.build().orElseThrow(), preflight.test().orElseThrow(),
                env.cdk(), env.git(), env.http(), console, waiter);
        Report report = run.execute();
        String text = report.render(started, env.clock().instant());
        console.say("");
        text.lines().forEach(console::say);
        try {
            Files.createDirectories(plan.report().toAbsolutePath().getParent());
            Files.writeString(plan.report(), text);
            console.say("Report: " + plan.report());
        } catch (IOException e) {
            console.say("Cannot write the report to %s: %s".formatted(plan.report(), e));
        }
        return report.exitCode();
    }
}
