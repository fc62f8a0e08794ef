package io.github.crossaccountdelivery.acceptance.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.acceptance.fake.Fixtures;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void theProjectsCdkJsonReadsAndWritesBackToTheSameDocument() throws Exception {
        String original = Files.readString(Fixtures.repositoryRoot().resolve("cdk.json"));

        String written = Json.write(Json.parse(original));

        assertThat(Json.parse(written)).isEqualTo(Json.parse(original));
        assertThat(written).isEqualTo(original.endsWith("\n") ? original : original + "\n");
    }

    @Test
    void keepsKeyOrderNumbersAsWrittenAndEscapesStrings() {
        Object parsed = Json.parse("{\"b\": 1.50, \"a\": \"quote \\\" and \\\\ and\\nline\", \"c\": [true, null]}");

        assertThat(((Map<?, ?>) parsed).keySet()).extracting(Object::toString).containsExactly("b", "a", "c");
        assertThat(Json.write(parsed)).isEqualTo("""
                {
                  "b": 1.50,
                  "a": "quote \\" and \\\\ and\\nline",
                  "c": [
                    true,
                    null
                  ]
                }
                """);
    }
}
