package io.github.crossaccountdelivery.acceptance.ports;

import java.nio.file.Path;
import java.util.Optional;

/** git, with the credentials the user set up for the repository's URL. */
public interface Git {

    /** Why git cannot run here, if it cannot. */
    Optional<String> unavailable();

    /** Whether the URL answers, whether the branch exists there, and whether these credentials may push. */
    PushAccess pushAccess(String url, String branch) throws InterruptedException;

    /**
     * Commits the work tree's files as they are, on top of the branch's head if it has one, and
     * pushes the commit to the branch (a fast-forward: nothing is force-pushed).
     *
     * @return the full commit ID
     */
    String publish(Path workTree, String url, String branch, String message) throws InterruptedException;

    void deleteBranch(String url, String branch) throws InterruptedException;

    /** The project's commit, and whether its files differ from it, for the report. */
    Optional<String> describe(Path projectDir) throws InterruptedException;

    /**
     * @param problem what is wrong (cannot reach the URL, may not push), or empty when the credentials may push
     */
    record PushAccess(boolean branchExists, Optional<String> problem) {
    }

    /** git failed; the message says which command and why. */
    class GitException extends RuntimeException {
        public GitException(String message) {
            super(message);
        }
    }
}
