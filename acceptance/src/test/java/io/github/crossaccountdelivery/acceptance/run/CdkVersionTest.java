package io.github.crossaccountdelivery.acceptance.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CdkVersionTest {

    /** The app's pom.xml pins the CLI once (cdk.cli.version); the run deploys with that one. */
    @Test
    void theRunUsesTheCliVersionTheAppPins() throws IOException {
        Matcher pinned = Pattern.compile("<cdk.cli.version>([^<]+)</cdk.cli.version>")
                .matcher(Files.readString(Path.of("..", "pom.xml")));
        assertThat(pinned.find()).isTrue();
        assertThat(CdkVersion.PINNED).isEqualTo(pinned.group(1));
    }
}
