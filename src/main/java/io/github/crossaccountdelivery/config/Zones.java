package io.github.crossaccountdelivery.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountdelivery.common.ClasspathText;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The availability zones of each region, as {@code regions/availability-zones.json} lists them
 * (its first entry names its source): a zone a region does not have passes every pattern, and
 * fails only at deploy.
 */
final class Zones {

    private static Map<String, String> lettersByRegion;

    private Zones() {
    }

    /** The zone letters of the region, such as {@code abc}, or null for a region the table does not list. */
    static synchronized String letters(String region) {
        if (lettersByRegion == null) {
            try {
                Map<String, String> table = new LinkedHashMap<>();
                new ObjectMapper().readTree(ClasspathText.read("/regions/availability-zones.json")).fields()
                        .forEachRemaining(entry -> table.put(entry.getKey(), entry.getValue().asText()));
                lettersByRegion = table;
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("regions/availability-zones.json is not JSON", e);
            }
        }
        return region.startsWith("//") ? null : lettersByRegion.get(region);
    }
}
