package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
     * Runs {@code harness} on {@code handler} (both under {@code handlers/} on the test class path)
     * with the scenarios as its input, in one Node process, waiting at most {@code waitMs}.
     */
    static <R extends Record> HandlerBatch<R> run(String harness, String handler, List<String> arguments,
            List<?> scenarios, Class<R> recordType, long waitMs, Path workdir) throws Exception {
        return run(harness, handler, arguments, scenarios, recordType, waitMs, workdir, 1);
    }

    /**
     * As {@link #run(String, String, List, List, Class, long, Path)}, with the scenarios dealt in
     * turn to {@code processes} Node processes that run side by side: scenario i goes to process
     * i mod {@code processes}, and each process runs its own one after another. A batch whose
     * scenarios mostly wait out timers (a handler retrying until its time is up) then takes about
     * as long as its slowest scenario rather than the sum of them; each process costs one Node
     * start-up (about 70 ms of CPU). The exit value is the first non-zero one, the log every
     * process's stderr in turn.
     */
    static <R extends Record> HandlerBatch<R> run(String harness, String handler, List<String> arguments,
            List<?> scenarios, Class<R> recordType, long waitMs, Path workdir, int processes) throws Exception {
        int count = Math.max(1, Math.min(processes, scenarios.size()));
        List<Process> started = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            List<Object> dealt = new ArrayList<>();
            for (int i = p; i < scenarios.size(); i += count) {
                dealt.add(scenarios.get(i));
            }
            started.add(start(harness, handler, arguments, dealt, workdir, p));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        int exitValue = 0;
        StringBuilder log = new StringBuilder();
        Map<String, R> runs = new LinkedHashMap<>();
        try {
            for (int p = 0; p < count; p++) {
                Process process = started.get(p);
                assertThat(process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)).isTrue();
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
            started.forEach(Process::destroyForcibly);  // a no-op but for those a failed wait left running
        }
        return new HandlerBatch<>(exitValue, log.toString(), runs);
    }

    /** Starts process {@code p} on its scenarios, its output in {@code stdout-p.txt} and {@code stderr-p.txt}. */
    private static Process start(String harness, String handler, List<String> arguments, List<Object> scenarios,
            Path workdir, int p) throws Exception {
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
    static Path resource(String name) throws URISyntaxException {
        return Path.of(HandlerBatch.class.getResource("/handlers/" + name).toURI());
    }
}
