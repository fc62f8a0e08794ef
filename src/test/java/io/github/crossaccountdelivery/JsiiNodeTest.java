package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/jsii-node.sh}, the Node that {@code scripts/run-app.sh} has jsii start: node from
 * {@code PATH} with V8 flags that make a synthesis cheaper, or without them where Node refuses them.
 */
@WithoutCdk
class JsiiNodeTest {

    /** Prints the flags Node was started with: what jsii's kernel, started the same way, runs under. */
    private static final String PRINT_FLAGS = "process.stdout.write(process.execArgv.join(' '))";

    @Test
    void startsNodeWithTheFlagsThatMakeASynthesisCheaper(@TempDir Path dir) throws Exception {
        assertThat(run(dir, System.getenv("PATH"))).isEqualTo("--single-threaded-gc --liftoff-only");
    }

    @Test
    void aNodeThatRefusesTheFlagsRunsWithoutThem(@TempDir Path bin) throws Exception {
        // Refuses the flags as Node refuses an option it does not know (exit 9), and runs the rest.
        ShellStubs.stub(bin, "node", """
                case " $* " in *" --liftoff-only "*) echo "node: bad option: --liftoff-only" >&2; exit 9 ;; esac
                PATH=${PATH#*:} exec node "$@"
                """);

        assertThat(run(bin, bin + File.pathSeparator + System.getenv("PATH"))).isEmpty();
    }

    /** Runs a script as jsii runs its runtime's: the script's path the only argument. */
    private static String run(Path dir, String path) throws Exception {
        Path script = Files.writeString(dir.resolve("print-flags.js"), PRINT_FLAGS);
        ProcessBuilder builder = new ProcessBuilder("scripts/jsii-node.sh", script.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PATH", path);
        Process node = builder.start();
        String printed = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).isZero();
        return printed;
    }
}
