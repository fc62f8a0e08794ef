package io.github.crossaccountdelivery.acceptance.ports;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The pinned CDK CLI, run in the run's own copy of the project. */
public interface Cdk {

    /** Why the CLI cannot run here (no npx, no node), if it cannot. */
    Optional<String> unavailable();

    /** Synthesizes without credentials: the app's own configuration checks, before anything is deployed. */
    CommandResult synth(Path project, Duration timeout) throws InterruptedException;

    /** Deploys one stack only; {@code context} entries are {@code key=value} overrides. */
    CommandResult deploy(Path project, String stack, String profile, List<String> context, Duration timeout)
            throws InterruptedException;

    /** Destroys one stack only, without asking. */
    CommandResult destroy(Path project, String stack, String profile, Duration timeout) throws InterruptedException;
}
