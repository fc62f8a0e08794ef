package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

/**
 * Reviewed JSON files that tests compare what they compute with. After a deliberate change,
 * regenerate them with {@code mvn test -Dsnapshots.update=true} and read the diff before
 * committing it.
 */
public final class Snapshots {

    /** The one switch that rewrites every snapshot instead of comparing with it. */
    public static final boolean UPDATE = Boolean.getBoolean("snapshots.update");
    public static final Path ROOT = Path.of("src", "test", "resources");
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Snapshots() {
    }

    /**
     * Compares {@code actual} with the reviewed file (object key order ignored, array order not),
     * or, with the switch on, writes it.
     */
    public static void matches(Path file, Object actual) {
        try {
            String json = JSON.writeValueAsString(actual);
            if (UPDATE) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, json + "\n");
                return;
            }
            assertThat(file).as("no snapshot %s: run mvn test -Dsnapshots.update=true and review it", file).exists();
            JSONAssert.assertEquals(file + " differs (if the change is intended: mvn test"
                    + " -Dsnapshots.update=true, then review the diff)", Files.readString(file), json,
                    JSONCompareMode.STRICT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (org.json.JSONException e) {
            throw new AssertionError("snapshot " + file + " is not valid JSON", e);
        }
    }
}
