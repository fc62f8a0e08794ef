package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.Extension;
import org.junit.platform.launcher.TestExecutionListener;

/**
 * The early jsii start is safe only while every class outside {@link WithoutCdk} waits for it: its
 * listener and its extension must both be registered, the extension through auto-detection.
 */
class EarlyJsiiTest {

    @Test
    void theStartAndTheWaitAreBothRegisteredForEveryTestClass() throws IOException {
        assertThat(ServiceLoader.load(TestExecutionListener.class).stream().map(ServiceLoader.Provider::type))
                .contains(EarlyJsii.class);
        assertThat(ServiceLoader.load(Extension.class).stream().map(ServiceLoader.Provider::type))
                .contains(WaitForEarlyJsii.class);
        Properties junit = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/junit-platform.properties")) {
            junit.load(in);
        }
        assertThat(junit.getProperty("junit.jupiter.extensions.autodetection.enabled")).isEqualTo("true");
    }
}
