package io.github.crossaccountdelivery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The whole-app syntheses of {@link Synthesized#CONFIGURATIONS}, made by a second JVM while this
 * one runs the tests that need none of them.
 *
 * <p>Why a second JVM: a synthesis spends its time in jsii's Node process and this JVM waiting on
 * it, one core at a time, and jsii is not thread-safe, so this JVM cannot synthesize two things at
 * once. A JVM of its own has a jsii of its own, and the machine's other core. The test run starts
 * it ({@link StartBackgroundSyntheses}) and runs the classes that read whole apps last
 * ({@link TestClassOrder}); a test that asks for a synthesis before then starts it itself.
 *
 * <p>The second JVM runs {@link #main} with this JVM's class path, environment and working
 * directory, synthesizes each configuration in turn into a folder of its own under
 * {@code target/}, and says on its standard output which is done or has failed (with the failure
 * written beside it). Everything else it prints goes to {@code worker.log} there. It ends when it
 * has synthesized them all, or when this JVM ends (its standard input closes), whichever is first;
 * the folder is deleted when this JVM ends.
 */
final class BackgroundSyntheses {

    private static final String DONE = "synthesized ";
    private static final String FAILED = "failed ";
    private static final Path NICE = Path.of("/usr/bin/nice");
    private static final long TIMEOUT_MINUTES = 10;

    private static final Map<String, CompletableFuture<Path>> RESULTS = new LinkedHashMap<>();
    private static Path root;

    private BackgroundSyntheses() {
    }

    /** Starts the second JVM, unless it has been started (or has failed to start) already. */
    static synchronized void start() {
        if (!RESULTS.isEmpty()) {
            return;
        }
        Synthesized.CONFIGURATIONS.keySet().forEach(name -> RESULTS.put(name, new CompletableFuture<>()));
        try {
            root = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "syntheses-");
            Path log = root.resolve("worker.log");
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(NICE)) {
                // Behind this JVM in the queue for a core: the syntheses use what the tests leave idle
                // instead of slowing the tests down.
                command.addAll(List.of(NICE.toString(), "-n", "15"));
            }
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    BackgroundSyntheses.class.getName(), root.toString()));
            Process worker = new ProcessBuilder(command).redirectError(log.toFile()).start();
            Path folder = root;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    // Asked first, so that its jsii runs its own clean-up (a temporary folder of 2 MB).
                    worker.destroy();
                    if (!worker.waitFor(5, TimeUnit.SECONDS)) {
                        worker.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Synthesized.deleteRecursively(folder);
            }, "background-syntheses-cleanup"));
            Thread reader = new Thread(() -> follow(worker), "background-syntheses");
            reader.setDaemon(true);
            reader.start();
        } catch (IOException e) {
            RESULTS.values().forEach(result -> result.completeExceptionally(
                    new UncheckedIOException("cannot start the background syntheses", e)));
        }
    }

    /** Waits for the configuration's synthesis; returns its cloud assembly folder, or throws its failure. */
    static Path await(String name) {
        start();
        CompletableFuture<Path> result;
        synchronized (BackgroundSyntheses.class) {
            result = RESULTS.get(name);
        }
        if (result == null) {
            throw new IllegalArgumentException("no background synthesis of " + name);
        }
        try {
            // A whole-app synthesis takes seconds; one that takes this long is stuck, not slow.
            return result.get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no synthesis of " + name + " after " + TIMEOUT_MINUTES
                    + " minutes; the synthesis JVM printed:\n" + printed(), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the synthesis of " + name, e);
        }
    }

    private static String printed() {
        try {
            Path log = root.resolve("worker.log");
            return Files.exists(log) ? Files.readString(log) : "nothing";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Reads the worker's reports as they come; when it ends, fails whatever it did not report. */
    private static void follow(Process worker) {
        try (BufferedReader reports = new BufferedReader(
                new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reports.readLine()) != null; ) {
                if (line.startsWith(DONE)) {
                    String name = line.substring(DONE.length());
                    RESULTS.get(name).complete(root.resolve(name));
                } else if (line.startsWith(FAILED)) {
                    String name = line.substring(FAILED.length());
                    // What CDK printed (a rule pack's findings, say) is in the log, not in the exception.
                    RESULTS.get(name).completeExceptionally(new IllegalStateException(
                            Files.readString(root.resolve(name + ".error")) + "\nThe synthesis JVM printed:\n"
                                    + printed()));
                }
            }
            int status = worker.waitFor();
            String ending = "the synthesis JVM ended (exit status " + status + ") before it was done; it printed:\n"
                    + printed();
            RESULTS.values().forEach(result -> result.completeExceptionally(new IllegalStateException(ending)));
        } catch (IOException e) {
            RESULTS.values().forEach(result -> result.completeExceptionally(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The second JVM: {@code BackgroundSyntheses <folder>}. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        // Only the reports go to standard output; what CDK and jsii print goes to the log.
        PrintStream reports = System.out;
        System.setOut(System.err);
        Thread orphaned = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // The test JVM never writes; end of input means it has ended.
                }
            } catch (IOException e) {
                // Same: the test JVM is gone.
            }
            System.exit(1);
        }, "watch-test-jvm");
        orphaned.setDaemon(true);
        orphaned.start();
        for (String name : List.copyOf(Synthesized.CONFIGURATIONS.keySet())) {
            try {
                Synthesized.synthesize(Synthesized.CONFIGURATIONS.get(name).get(), root.resolve(name));
                reports.println(DONE + name);
            } catch (RuntimeException | Error e) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                Files.writeString(root.resolve(name + ".error"), trace.toString());
                reports.println(FAILED + name);
            }
            reports.flush();
        }
        System.exit(0);
    }
}
