package io.github.crossaccountdelivery.buildaccount;

import java.util.Objects;

/**
 * Where the pipeline takes its commits from: a branch of a GitHub repository, through a
 * CodeConnections connection in the build account.
 *
 * @param connectionArn the connection, authorized for the repository's owner
 * @param owner         the GitHub user or organization
 * @param repository    the repository, with a {@code Dockerfile} at its root
 * @param branch        the branch whose commits are delivered; required, because CDK's default is
 *                      {@code master} and a mismatch means a pipeline that never runs
 */
public record Source(String connectionArn, String owner, String repository, String branch) {
    public Source {
        Objects.requireNonNull(connectionArn, "connectionArn");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(branch, "branch");
    }
}
