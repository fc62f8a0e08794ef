package io.github.crossaccountdelivery.acceptance.local;

import io.github.crossaccountdelivery.acceptance.ports.CommandResult;
import io.github.crossaccountdelivery.acceptance.ports.CommandRunner;
import io.github.crossaccountdelivery.acceptance.ports.CommandRunner.Command;
import io.github.crossaccountdelivery.acceptance.ports.Git;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * git on the command line, with the user's own credentials for the URL: an SSH key, a credential
 * helper, or a token in {@code ACCEPTANCE_GIT_TOKEN}. The token never appears in an argument, a
 * URL or a log: git asks for it through GIT_ASKPASS, a script that reads it from the environment.
 * git never prompts (GIT_TERMINAL_PROMPT=0): missing credentials fail at once.
 */
public final class GitCli implements Git {

    /** The environment variable that may hold a GitHub token with contents write access. */
    public static final String TOKEN_VARIABLE = "ACCEPTANCE_GIT_TOKEN";
    static final String PROBE_BRANCH = "acceptance-push-probe";
    private static final Duration NETWORK = Duration.ofMinutes(2);
    private static final Duration LOCAL = Duration.ofSeconds(30);
    private static final List<String> IDENTITY = List.of("-c", "user.name=cross-account-delivery acceptance run",
            "-c", "user.email=acceptance-run@users.noreply.github.com");

    private final CommandRunner runner;
    private final Path scratch;
    private final Map<String, String> environment;

    /**
     * @param scratch  a private directory for the push probe and the askpass script
     * @param userEnv  the run's environment, read for {@link #TOKEN_VARIABLE}
     */
    public GitCli(CommandRunner runner, Path scratch, Map<String, String> userEnv) {
        this.runner = runner;
        this.scratch = scratch;
        this.environment = gitEnvironment(scratch, userEnv);
        try {
            Files.createDirectories(scratch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + scratch, e);
        }
    }

    static Map<String, String> gitEnvironment(Path scratch, Map<String, String> userEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("GIT_TERMINAL_PROMPT", "0");
        if (userEnv.containsKey(TOKEN_VARIABLE) && !userEnv.get(TOKEN_VARIABLE).isBlank()) {
            Path askpass = scratch.resolve("git-askpass.sh");
            try {
                Files.createDirectories(scratch);
                // GitHub takes any user name with a token as the password; the token is read
                // from the environment when git asks, never written here.
                Files.writeString(askpass, """
                        #!/bin/sh
                        case "$1" in
                          Username*) echo x-access-token ;;
                          *) printf '%%s\\n' "$%s" ;;
                        esac
                        """.formatted(TOKEN_VARIABLE));
                Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + askpass, e);
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the script stays readable only as the directory allows.
            }
            env.put("GIT_ASKPASS", askpass.toString());
        }
        return env;
    }

    private CommandResult git(String name, Path dir, Duration timeout, String... args) throws InterruptedException {
        List<String> argv = new ArrayList<>(List.of("git"));
        argv.addAll(List.of(args));
        return runner.run(new Command("git-" + name, argv, dir, environment, timeout, false));
    }

    private CommandResult must(String name, Path dir, Duration timeout, String... args) throws InterruptedException {
        CommandResult result = git(name, dir, timeout, args);
        if (!result.ok()) {
            throw new GitException("git %s %s: %s".formatted(args[0], result.failure(), lastLine(result.tail())));
        }
        return result;
    }

    @Override
    public Optional<String> unavailable() {
        try {
            Files.createDirectories(scratch);
            CommandResult version = git("version", scratch, LOCAL, "--version");
            return version.ok() ? Optional.empty() : Optional.of("git --version " + version.failure());
        } catch (IOException e) {
            return Optional.of("cannot create " + scratch + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    private Optional<Boolean> branchExists(String url, String branch) throws InterruptedException {
        CommandResult heads = git("ls-remote", scratch, NETWORK, "ls-remote", "--heads", url, "refs/heads/" + branch);
        if (!heads.ok()) {
            return Optional.empty();
        }
        return Optional.of(heads.tail().lines().anyMatch(l -> l.endsWith("\trefs/heads/" + branch)));
    }

    /**
     * A dry-run push of a new branch: git asks the server to receive a push, which the server
     * grants only to credentials that may write, and then sends nothing.
     * https://git-scm.com/docs/git-push#Documentation/git-push.txt---dry-run
     */
    @Override
    public PushAccess pushAccess(String url, String branch) throws InterruptedException {
        CommandResult heads = git("ls-remote", scratch, NETWORK, "ls-remote", "--heads", url, "refs/heads/" + branch);
        if (!heads.ok()) {
            return new PushAccess(false, Optional.of("cannot read it with these credentials: "
                    + lastLine(heads.tail())));
        }
        boolean exists = heads.tail().lines().anyMatch(l -> l.endsWith("\trefs/heads/" + branch));
        Path probe = probeRepository();
        CommandResult dryRun = git("push-dry-run", probe, NETWORK, "push", "--dry-run", "-q", url,
                "HEAD:refs/heads/" + PROBE_BRANCH);
        return new PushAccess(exists, dryRun.ok() ? Optional.empty()
                : Optional.of("these credentials may not push: " + lastLine(dryRun.tail())
                + " (see acceptance/README.md, Git credentials)"));
    }

    /** A repository with one empty commit: what the push probe pushes, and where git runs that needs a repository. */
    private Path probeRepository() throws InterruptedException {
        Path probe = scratch.resolve("push-probe");
        if (!Files.exists(probe.resolve(".git"))) {
            try {
                Files.createDirectories(probe);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            must("init", probe, LOCAL, "init", "-q");
            List<String> commit = new ArrayList<>(IDENTITY);
            commit.addAll(List.of("commit", "-q", "--allow-empty", "-m", "push probe"));
            must("commit", probe, LOCAL, commit.toArray(String[]::new));
        }
        return probe;
    }

    @Override
    public String publish(Path workTree, String url, String branch, String message) throws InterruptedException {
        if (!Files.exists(workTree.resolve(".git"))) {
            must("init", workTree, LOCAL, "init", "-q");
        }
        Optional<Boolean> exists = branchExists(url, branch);
        if (exists.isEmpty()) {
            throw new GitException("cannot read " + url + " to find the head of " + branch);
        }
        if (exists.get()) {
            // The new commit goes on top of the branch's head, so the push is a fast-forward.
            must("fetch", workTree, NETWORK, "fetch", "-q", "--depth", "1", url, "refs/heads/" + branch);
            must("reset", workTree, LOCAL, "reset", "-q", "--soft", "FETCH_HEAD");
        }
        must("add", workTree, LOCAL, "add", "-A");
        List<String> commit = new ArrayList<>(IDENTITY);
        commit.addAll(List.of("commit", "-q", "--allow-empty", "-m", message));
        must("commit", workTree, LOCAL, commit.toArray(String[]::new));
        must("push", workTree, NETWORK, "push", "-q", url, "HEAD:refs/heads/" + branch);
        return lastLine(must("rev-parse", workTree, LOCAL, "rev-parse", "HEAD").tail()).strip();
    }

    @Override
    public void deleteBranch(String url, String branch) throws InterruptedException {
        // git push needs a repository to run in, even to delete a remote branch.
        must("delete-branch", probeRepository(), NETWORK, "push", "-q", url, "--delete", "refs/heads/" + branch);
    }

    @Override
    public Optional<String> describe(Path projectDir) throws InterruptedException {
        CommandResult head = git("head", projectDir, LOCAL, "rev-parse", "HEAD");
        if (!head.ok()) {
            return Optional.empty();
        }
        CommandResult status = git("status", projectDir, LOCAL, "status", "--porcelain", "--untracked-files=no");
        boolean dirty = !status.ok() || !status.tail().isBlank();
        return Optional.of(lastLine(head.tail()).strip() + (dirty ? " with uncommitted changes" : ""));
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
    }
}
