package io.github.crossaccountdelivery.acceptance.ports;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Runs an external command (npx, git) with a bound on its time; the tests' runner answers from a script. */
@FunctionalInterface
public interface CommandRunner {

    CommandResult run(Command command) throws InterruptedException;

    /**
     * @param name        a short name for the log file, e.g. "deploy-orders-test"
     * @param directory   where it runs
     * @param environment added to (or replacing in) the run's own environment
     * @param echo        whether its output is shown as it comes (long deploys), or only logged
     */
    record Command(String name, List<String> argv, Path directory, Map<String, String> environment,
                   Duration timeout, boolean echo) {
        public Command {
            Objects.requireNonNull(name, "name");
            argv = List.copyOf(argv);
            Objects.requireNonNull(directory, "directory");
            environment = Map.copyOf(environment);
            Objects.requireNonNull(timeout, "timeout");
        }
    }
}
