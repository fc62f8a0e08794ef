package io.github.crossaccountdelivery.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Text files the app ships on its class path: handler code and pipeline commands. */
public final class ClasspathText {

    private ClasspathText() {
    }

    /**
     * The file's text, read as UTF-8.
     *
     * @param resource an absolute class-path resource, e.g. {@code /handlers/current-image.js}
     * @throws IllegalStateException when it is not on the class path
     */
    public static String read(String resource) {
        try (InputStream in = ClasspathText.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
