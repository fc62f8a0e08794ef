package io.github.crossaccountdelivery.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How long each step from a push to a verified release takes, read from
 * {@code src/test/resources/timings.json}: each figure with its basis (AWS documentation, a public
 * measurement, or an allowance where neither exists) and its source.
 */
public record Timings(String asOf, JsonNode figures) {

    static final String FILE = "src/test/resources/timings.json";
    /** The bases a figure may have; the first two need a source to check. */
    public static final List<String> BASES = List.of("AWS documentation", "public measurement", "allowance");

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Timings load() {
        try (InputStream in = Timings.class.getResourceAsStream("/timings.json")) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is not on the class path");
            }
            JsonNode all = JSON.readTree(in);
            return new Timings(all.path("asOf").asText(), all.path("figures"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A figure in seconds; fails if the file lacks it, so no step is timed at zero by accident. */
    public int seconds(String name) {
        JsonNode value = figures.path(name).path("seconds");
        if (!value.isInt()) {
            throw new IllegalStateException(FILE + " has no whole number of seconds for " + name);
        }
        return value.asInt();
    }

    /** What the figure rests on: one of {@link #BASES}. */
    public String basis(String name) {
        return figures.path(name).path("basis").asText();
    }

    public String source(String name) {
        return figures.path(name).path("source").asText();
    }

    /** Every figure's name, in the file's order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        figures.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
