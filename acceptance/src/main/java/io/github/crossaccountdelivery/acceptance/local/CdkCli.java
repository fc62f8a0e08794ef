package io.github.crossaccountdelivery.acceptance.local;

import io.github.crossaccountdelivery.acceptance.ports.Cdk;
import io.github.crossaccountdelivery.acceptance.ports.CommandResult;
import io.github.crossaccountdelivery.acceptance.ports.CommandRunner;
import io.github.crossaccountdelivery.acceptance.ports.CommandRunner.Command;
import io.github.crossaccountdelivery.acceptance.run.CdkVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CDK CLI at the version the README pins, through npx. Every deploy and destroy names one
 * stack and passes --exclusively: `deploy <app>-build` would otherwise deploy the test stack it
 * depends on with the build account's credentials, and `destroy <app>-test` would select the
 * build stack that depends on it
 * (https://docs.aws.amazon.com/cdk/v2/guide/ref-cli-cmd-deploy.html#ref-cli-cmd-deploy-options).
 */
public final class CdkCli implements Cdk {

    /** jsii prints a banner on Node 20 (past its end of life, still working) unless this is set. */
    static final Map<String, String> ENVIRONMENT = Map.of("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");

    private final CommandRunner runner;

    public CdkCli(CommandRunner runner) {
        this.runner = runner;
    }

    private static List<String> cdk(String... args) {
        List<String> argv = new ArrayList<>(List.of("npx", "--yes", "aws-cdk@" + CdkVersion.PINNED));
        argv.addAll(List.of(args));
        return argv;
    }

    @Override
    public Optional<String> unavailable() {
        try {
            CommandResult node = runner.run(new Command("node-version", List.of("node", "--version"), Path.of("."),
                    Map.of(), Duration.ofSeconds(30), false));
            if (!node.ok()) {
                return Optional.of("node --version " + node.failure() + ": install Node.js (22 or 24; 20 works)");
            }
            CommandResult npx = runner.run(new Command("npx-version", List.of("npx", "--version"), Path.of("."),
                    Map.of(), Duration.ofSeconds(30), false));
            return npx.ok() ? Optional.empty() : Optional.of("npx --version " + npx.failure());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    @Override
    public CommandResult synth(Path project, Duration timeout) throws InterruptedException {
        return runner.run(new Command("synth", cdk("synth", "--no-lookups", "--no-notices", "--quiet"), project,
                ENVIRONMENT, timeout, false));
    }

    @Override
    public CommandResult deploy(Path project, String stack, String profile, List<String> context, Duration timeout)
            throws InterruptedException {
        List<String> argv = cdk("deploy", stack, "--profile", profile, "--exclusively", "--require-approval", "never",
                "--no-notices", "--progress", "events");
        for (String entry : context) {
            argv.addAll(List.of("-c", entry));
        }
        return runner.run(new Command("deploy-" + stack, argv, project, ENVIRONMENT, timeout, true));
    }

    @Override
    public CommandResult destroy(Path project, String stack, String profile, Duration timeout)
            throws InterruptedException {
        return runner.run(new Command("destroy-" + stack, cdk("destroy", stack, "--profile", profile, "--exclusively",
                "--force", "--no-notices"), project, ENVIRONMENT, timeout, true));
    }
}
