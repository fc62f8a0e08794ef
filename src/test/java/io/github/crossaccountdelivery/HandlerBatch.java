package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One run of a handler harness of {@code src/test/resources/handlers} (run-handler.js, run-hook.js,
 * run-event-handler.js) over a batch of scenarios, in one Node process, against the fake SDK: its
 * exit value, its stderr (each log line tagged with its scenario) and its records by scenario name.
 *
 * @param <R> the harness's record of one scenario
 */
record HandlerBatch<R extends HandlerBatch.Record>(int exitValue, String log, Map<String, R> runs) {

    /** What every harness records of a scenario: its name, how the handler ended and its log lines. */
    interface Record {
        String name();

        String outcome();

        List<String> logs();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Starts {@code harness} on {@code handler} (both under {@code handlers/} on the test class
     * path) with the scenarios as its input, dealt in turn to {@code processes} Node processes that
     * run side by side: scenario i goes to process i mod {@code processes}, and each process runs
     * its own one after another. A batch whose scenarios mostly wait out timers (a handler retrying
     * until its time is up) then takes about as long as its slowest scenario rather than the sum of
     * them; each process costs one Node start-up (about 70 ms of CPU). The processes work in a
     * folder of their own, which {@link Running#finish} deletes.
     */
    static <R extends Record> Running<R> start(String harness, String handler, List<String> arguments,
            List<?> scenarios, Class<R> recordType, long waitMs, int processes) throws IOException {
        Path workdir = Files.createTempDirectory("handler-batch-");
        int count = Math.max(1, Math.min(processes, scenarios.size()));
        List<Process> started = new ArrayList<>();
        try {
            for (int p = 0; p < count; p++) {
                List<Object> dealt = new ArrayList<>();
                for (int i = p; i < scenarios.size(); i += count) {
                    dealt.add(scenarios.get(i));
                }
                started.add(start(harness, handler, arguments, dealt, workdir, p));
            }
        } catch (IOException | RuntimeException e) {
            started.forEach(Process::destroyForcibly);
            throw e;
        }
        return new Running<>(List.copyOf(started), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs),
                recordType, workdir);
    }

    /**
     * A batch whose Node processes are running, each waited for at most until {@code deadline}
     * ({@link System#nanoTime}).
     */
    record Running<R extends Record>(List<Process> processes, long deadline, Class<R> recordType, Path workdir) {

        /**
         * Waits for every process and reads its records. The exit value is the first non-zero one,
         * the log every process's stderr in turn.
         */
        HandlerBatch<R> finish() throws Exception {
            int exitValue = 0;
            StringBuilder log = new StringBuilder();
            Map<String, R> runs = new LinkedHashMap<>();
            try {
                for (int p = 0; p < processes.size(); p++) {
                    Process process = processes.get(p);
                    assertThat(process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS))
                            .isTrue();
                    if (exitValue == 0) {
                        exitValue = process.exitValue();
                    }
                    log.append(Files.readString(workdir.resolve("stderr-" + p + ".txt"), StandardCharsets.UTF_8));
                    try (MappingIterator<R> records = JSON.readerFor(recordType)
                            .readValues(workdir.resolve("stdout-" + p + ".txt").toFile())) {
                        records.forEachRemaining(run -> runs.put(run.name(), run));
                    }
                }
            } finally {
                processes.forEach(Process::destroyForcibly);  // a no-op but for those a failed wait left running
                try (Stream<Path> files = Files.list(workdir)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(workdir);
            }
            return new HandlerBatch<>(exitValue, log.toString(), runs);
        }
    }

    /**
     * A batch started at most once, by whichever comes first: the test run's start
     * ({@link StartHandlerBatches}), or its test class asking for the records.
     */
    static final class Once<R extends Record> {

        private final Callable<Running<R>> starter;
        private Running<R> running;
        private HandlerBatch<R> finished;

        Once(Callable<Running<R>> starter) {
            this.starter = starter;
        }

        synchronized void start() throws Exception {
            if (running == null) {
                running = starter.call();
            }
        }

        /** Starts the batch if nothing has, and waits for it; the same records on every call. */
        synchronized HandlerBatch<R> finish() throws Exception {
            start();
            if (finished == null) {
                finished = running.finish();
            }
            return finished;
        }
    }

    /** Starts process {@code p} on its scenarios, its output in {@code stdout-p.txt} and {@code stderr-p.txt}. */
    private static Process start(String harness, String handler, List<String> arguments, List<Object> scenarios,
            Path workdir, int p) throws IOException {
        Path input = workdir.resolve("scenarios-" + p + ".json");
        JSON.writeValue(input.toFile(), scenarios);
        List<String> command = new ArrayList<>(List.of("node", resource(harness).toString(), resource(handler).toString()));
        command.addAll(arguments);
        // Both outputs to files: a process whose pipe nobody reads yet would stall on a full one.
        ProcessBuilder node = new ProcessBuilder(command).redirectInput(input.toFile())
                .redirectOutput(workdir.resolve("stdout-" + p + ".txt").toFile())
                .redirectError(workdir.resolve("stderr-" + p + ".txt").toFile());
        node.environment().put("NODE_PATH", resource("fake-sdk").toString());
        return node.start();
    }

    /** A scenario's record, from a batch that ran to its end and an invocation that returned. */
    R returned(String scenario) {
        assertThat(exitValue).as(log).isZero();
        R run = runs.get(scenario);
        assertThat(run).as("record of scenario %s%n%s", scenario, log).isNotNull();
        assertThat(run.outcome()).as(String.join("\n", run.logs())).isEqualTo("returned");
        return run;
    }

    /** A file under {@code handlers/} on the test class path: a harness, a handler or the fake SDK. */
    static Path resource(String name) {
        try {
            return Path.of(HandlerBatch.class.getResource("/handlers/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
