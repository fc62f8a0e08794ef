package io.github.crossaccountdelivery.acceptance.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.crossaccountdelivery.acceptance.fake.RecordingConsole;
import io.github.crossaccountdelivery.acceptance.ports.CommandRunner;
import io.github.crossaccountdelivery.acceptance.ports.Git;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real git against a bare repository on disk: offline, and the same commands as against GitHub. */
class GitCliTest {

    @TempDir
    Path temp;
    Path remote;
    String url;
    final List<CommandRunner.Command> commands = new ArrayList<>();
    GitCli git;

    @BeforeEach
    void setUp() throws Exception {
        remote = temp.resolve("remote.git");
        Process init = new ProcessBuilder("git", "init", "-q", "--bare", remote.toString()).inheritIO().start();
        assertThat(init.waitFor(30, TimeUnit.SECONDS)).isTrue();
        url = remote.toUri().toString();
        ProcessRunner real = new ProcessRunner(new RecordingConsole(), temp.resolve("logs"));
        CommandRunner recording = command -> {
            commands.add(command);
            return real.run(command);
        };
        git = new GitCli(recording, temp.resolve("scratch"), Map.of(GitCli.TOKEN_VARIABLE, "ghp_not_a_real_token"));
    }

    private String remoteGit(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git", "--git-dir", remote.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private void release(Path tree, String name) throws Exception {
        Files.createDirectories(tree);
        Files.writeString(tree.resolve("release.txt"), name + "\n");
    }

    @Test
    void anEmptyRepositoryThatMayBePushedToPasses() throws Exception {
        Git.PushAccess access = git.pushAccess(url, "acceptance-x");

        assertThat(access.problem()).isEmpty();
        assertThat(access.branchExists()).isFalse();
        assertThat(remoteGit("branch", "--list")).as("a dry run pushes nothing").isEmpty();
    }

    @Test
    void aRepositoryThatCannotBeReadIsAProblem() throws Exception {
        Git.PushAccess access = git.pushAccess(temp.resolve("nowhere.git").toUri().toString(), "main");

        assertThat(access.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("cannot read it with these credentials:"));
    }

    @Test
    void publishesEachReleaseAsAFastForwardCommitOnTheBranch() throws Exception {
        Path tree = temp.resolve("tree");
        release(tree, "r1");
        String first = git.publish(tree, url, "acceptance-x", "release 1");
        release(tree, "r2");
        String second = git.publish(tree, url, "acceptance-x", "release 2");

        assertThat(first).matches("[0-9a-f]{40}");
        assertThat(remoteGit("rev-parse", "refs/heads/acceptance-x")).isEqualTo(second);
        assertThat(remoteGit("rev-parse", second + "^")).isEqualTo(first);
        assertThat(remoteGit("show", second + ":release.txt")).isEqualTo("r2");
        assertThat(git.pushAccess(url, "acceptance-x").branchExists()).isTrue();
    }

    @Test
    void publishesOnTopOfABranchThatAlreadyHasCommits() throws Exception {
        Path someoneElse = temp.resolve("other");
        release(someoneElse, "theirs");
        String theirs = new GitCli(new ProcessRunner(new RecordingConsole(), temp.resolve("logs2")),
                temp.resolve("scratch2"), Map.of()).publish(someoneElse, url, "main", "theirs");

        Path tree = temp.resolve("tree");
        release(tree, "ours");
        String ours = git.publish(tree, url, "main", "ours");

        assertThat(remoteGit("rev-parse", ours + "^")).isEqualTo(theirs);
    }

    @Test
    void deletesTheBranch() throws Exception {
        Path tree = temp.resolve("tree");
        release(tree, "r1");
        git.publish(tree, url, "acceptance-x", "release 1");

        git.deleteBranch(url, "acceptance-x");

        assertThat(remoteGit("branch", "--list")).isEmpty();
    }

    @Test
    void theTokenIsNeverAnArgumentAndReachesGitOnlyThroughAskpass() throws Exception {
        Path tree = temp.resolve("tree");
        release(tree, "r1");
        git.pushAccess(url, "acceptance-x");
        git.publish(tree, url, "acceptance-x", "release 1");

        assertThat(commands).isNotEmpty().allSatisfy(c -> {
            assertThat(String.join(" ", c.argv())).doesNotContain("ghp_not_a_real_token");
            assertThat(c.environment().values()).doesNotContain("ghp_not_a_real_token");
            assertThat(c.environment()).containsEntry("GIT_TERMINAL_PROMPT", "0");
        });
        Path askpass = Path.of(commands.get(0).environment().get("GIT_ASKPASS"));
        assertThat(Files.readString(askpass)).doesNotContain("ghp_not_a_real_token");
        assertThat(askpass(askpass, "Username for 'https://github.com': ")).isEqualTo("x-access-token");
        assertThat(askpass(askpass, "Password for 'https://x-access-token@github.com': "))
                .isEqualTo("ghp_not_a_real_token");
    }

    private static String askpass(Path script, String prompt) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(script.toString(), prompt);
        builder.environment().put(GitCli.TOKEN_VARIABLE, "ghp_not_a_real_token");
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    @Test
    void withoutATokenGitNeverPromptsAndHasNoAskpass() {
        Map<String, String> env = GitCli.gitEnvironment(temp, Map.of());

        assertThat(env).containsExactly(Map.entry("GIT_TERMINAL_PROMPT", "0"));
    }

    @Test
    void aRemoteThatCannotBeReadStopsThePublishSayingSo() throws Exception {
        Path tree = temp.resolve("tree");
        release(tree, "r1");
        String nowhere = temp.resolve("nowhere.git").toUri().toString();

        assertThatThrownBy(() -> git.publish(tree, nowhere, "main", "x")).isInstanceOf(Git.GitException.class)
                .hasMessage("cannot read " + nowhere + " to find the head of main");
    }

    @Test
    void describesTheProjectsCommitAndUncommittedChanges() throws Exception {
        Path tree = temp.resolve("tree");
        release(tree, "r1");
        String commit = git.publish(tree, url, "acceptance-x", "release 1");

        assertThat(git.describe(tree)).contains(commit);
        Files.writeString(tree.resolve("release.txt"), "changed\n");
        assertThat(git.describe(tree)).contains(commit + " with uncommitted changes");
        assertThat(git.describe(temp.resolve("scratch"))).isEmpty();
    }
}
