package io.github.crossaccountdelivery.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Dated list prices of one region, read from {@code src/test/resources/prices/<region>.json}.
 *
 * <p>Prices differ by region (an Application Load Balancer hour costs 0.0225 USD in us-east-1
 * and 0.0252 in eu-west-1), so the model refuses a region it has no file for rather than
 * quietly pricing it as another.
 */
public record Prices(String region, String asOf, JsonNode values) {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FOLDER = "src/test/resources/prices";

    /** The prices of a region; fails with what to do when there is no file for it. */
    public static Prices of(String region) {
        try (InputStream in = Prices.class.getResourceAsStream("/prices/" + region + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("No prices for region " + region + ": add " + FOLDER + "/"
                        + region + ".json (copy eu-west-1.json, put in that region's list prices and the date"
                        + " you read them)");
            }
            JsonNode values = JSON.readTree(in);
            if (!region.equals(values.path("region").asText())) {
                throw new IllegalStateException(FOLDER + "/" + region + ".json says it is for "
                        + values.path("region").asText());
            }
            return new Prices(region, values.path("asOf").asText(), values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A price or count; fails if the file lacks it, so a model never prices an item at zero by accident. */
    public double get(String name) {
        JsonNode value = values.path(name);
        if (!value.isNumber()) {
            throw new IllegalStateException(FOLDER + "/" + region + ".json has no number " + name);
        }
        return value.asDouble();
    }

    /** A price per CPU architecture, such as {@code fargatePerVcpuHour.ARM64}. */
    public double get(String name, String architecture) {
        JsonNode value = values.path(name).path(architecture);
        if (!value.isNumber()) {
            throw new IllegalStateException(FOLDER + "/" + region + ".json has no number " + name + "." + architecture);
        }
        return value.asDouble();
    }

    /** Where the prices come from, for a report's first line. */
    public String source() {
        return region + " list prices as of " + asOf + " (" + FOLDER + "/" + region + ".json)";
    }
}
