package io.github.crossaccountdelivery.acceptance.ports;

import java.nio.file.Path;

/**
 * How an external command ended.
 *
 * @param exitCode its exit status; -1 when it timed out and was killed
 * @param tail     its last lines of output, for a failure message
 * @param log      the file that holds all of its output
 */
public record CommandResult(int exitCode, boolean timedOut, String tail, Path log) {

    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }

    /** One line on why it failed, for the report. */
    public String failure() {
        return timedOut ? "timed out and was stopped (output: " + log + ")"
                : "exited with status " + exitCode + " (output: " + log + ")";
    }
}
