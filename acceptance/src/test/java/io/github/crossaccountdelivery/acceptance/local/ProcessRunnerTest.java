package io.github.crossaccountdelivery.acceptance.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.acceptance.fake.RecordingConsole;
import io.github.crossaccountdelivery.acceptance.ports.CommandResult;
import io.github.crossaccountdelivery.acceptance.ports.CommandRunner.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {

    @TempDir
    Path temp;
    final RecordingConsole console = new RecordingConsole();

    private CommandResult run(String script, Duration timeout, boolean echo) throws Exception {
        return new ProcessRunner(console, temp.resolve("logs")).run(new Command("step", List.of("sh", "-c", script),
                temp, Map.of("GREETING", "hello"), timeout, echo));
    }

    @Test
    void logsTheOutputKeepsItsTailAndReportsTheExitStatus() throws Exception {
        CommandResult result = run("echo \"$GREETING\"; echo oops >&2; exit 3", Duration.ofSeconds(10), false);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.ok()).isFalse();
        assertThat(result.tail()).isEqualTo("hello\noops");
        assertThat(result.log().getFileName().toString()).isEqualTo("01-step.log");
        assertThat(Files.readString(result.log())).isEqualTo("hello\noops\n");
        assertThat(result.failure()).startsWith("exited with status 3 (output: ");
        assertThat(console.lines).isEmpty();
    }

    @Test
    void echoesLongCommandsAsTheyRun() throws Exception {
        run("echo deploying", Duration.ofSeconds(10), true);

        assertThat(console.lines).containsExactly("    | deploying");
    }

    @Test
    void stopsACommandThatRunsPastItsTimeout() throws Exception {
        long start = System.nanoTime();

        CommandResult result = run("echo started; sleep 30", Duration.ofMillis(300), false);

        assertThat(result.timedOut()).isTrue();
        assertThat(result.failure()).startsWith("timed out and was stopped");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aCommandThatCannotStartIsAFailureNotACrash() throws Exception {
        CommandResult result = new ProcessRunner(console, temp).run(new Command("x", List.of("no-such-command-here"),
                temp, Map.of(), Duration.ofSeconds(5), false));

        assertThat(result.exitCode()).isEqualTo(127);
        assertThat(result.tail()).startsWith("cannot start no-such-command-here");
    }
}
