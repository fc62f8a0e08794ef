package io.github.crossaccountdelivery.acceptance;

import io.github.crossaccountdelivery.acceptance.aws.SdkAccount;
import io.github.crossaccountdelivery.acceptance.local.CdkCli;
import io.github.crossaccountdelivery.acceptance.local.GitCli;
import io.github.crossaccountdelivery.acceptance.local.JavaHttp;
import io.github.crossaccountdelivery.acceptance.local.ProcessRunner;
import io.github.crossaccountdelivery.acceptance.local.TerminalConsole;
import io.github.crossaccountdelivery.acceptance.run.Program;
import io.github.crossaccountdelivery.acceptance.run.Timeouts;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;

/** Wires the real AWS, process, HTTP and terminal adapters to {@link Program}. scripts/acceptance starts it. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        TerminalConsole console = new TerminalConsole();
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        String runId = runId();
        // Logs of the preflight's commands go beside the work directory until the run has one.
        ProcessRunner runner = new ProcessRunner(console, temp.resolve("cross-account-delivery-acceptance-" + runId
                + "-preflight-logs"));
        Interruption interruption = new Interruption(Thread.currentThread(), console);
        Runtime.getRuntime().addShutdownHook(interruption.hook());
        int status;
        try (SdkHttpClient http = Apache5HttpClient.builder().build()) {
            Program.Environment env = new Program.Environment(SdkAccount.opener(http), new CdkCli(runner),
                    new GitCli(runner, temp.resolve("cross-account-delivery-acceptance-" + runId + "-git"),
                            System.getenv()),
                    new JavaHttp(), console, Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()), temp,
                    () -> runId, Timeouts.standard(), runner::logTo, interruption::creating);
            status = Program.run(env, args);
        } finally {
            interruption.finished();
        }
        System.exit(status);
    }

    /** Six characters, a letter first: short enough for appName's 20 characters, unique enough per account. */
    static String runId() {
        SecureRandom random = new SecureRandom();
        String letters = "abcdefghijklmnopqrstuvwxyz";
        String alphabet = letters + "0123456789";
        StringBuilder id = new StringBuilder().append(letters.charAt(random.nextInt(letters.length())));
        for (int i = 1; i < 6; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
