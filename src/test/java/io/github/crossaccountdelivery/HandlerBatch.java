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
     * with the scenarios as its input, waiting at most {@code waitMs}.
     */
    static <R extends Record> HandlerBatch<R> run(String harness, String handler, List<String> arguments,
            List<?> scenarios, Class<R> recordType, long waitMs, Path workdir) throws Exception {
        Path input = workdir.resolve("scenarios.json");
        JSON.writeValue(input.toFile(), scenarios);
        Path stderr = workdir.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of("node", resource(harness).toString(), resource(handler).toString()));
        command.addAll(arguments);
        ProcessBuilder node = new ProcessBuilder(command).redirectInput(input.toFile()).redirectError(stderr.toFile());
        node.environment().put("NODE_PATH", resource("fake-sdk").toString());
        Process process = node.start();
        byte[] stdout = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(waitMs, TimeUnit.MILLISECONDS)).isTrue();
        Map<String, R> runs = new LinkedHashMap<>();
        try (MappingIterator<R> records = JSON.readerFor(recordType).readValues(stdout)) {
            records.forEachRemaining(run -> runs.put(run.name(), run));
        }
        return new HandlerBatch<>(process.exitValue(), Files.readString(stderr, StandardCharsets.UTF_8), runs);
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
