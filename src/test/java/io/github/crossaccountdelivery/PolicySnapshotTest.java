package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

/**
 * Every IAM, bucket, key and repository policy of each stack, against a reviewed JSON file
 * under {@code src/test/resources/snapshots}. A change to who may do what shows up as a
 * readable diff here and, once accepted, as a diff of that file in review.
 *
 * <p>Regenerate after a deliberate change with {@code mvn test -Dsnapshots.update=true}, then
 * read the diff of the files before committing them.
 */
class PolicySnapshotTest {

    static final Path SNAPSHOTS = Path.of("src", "test", "resources", "snapshots");
    private static final boolean UPDATE = Boolean.getBoolean("snapshots.update");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** The properties of each resource type that hold a policy, and what they apply to. */
    private static final Map<String, List<String>> POLICY_PROPERTIES = Map.of(
            "AWS::IAM::Role", List.of("RoleName", "AssumeRolePolicyDocument", "Policies", "ManagedPolicyArns"),
            "AWS::IAM::Policy", List.of("Roles", "PolicyDocument"),
            "AWS::IAM::ManagedPolicy", List.of("Roles", "PolicyDocument"),
            "AWS::S3::BucketPolicy", List.of("Bucket", "PolicyDocument"),
            "AWS::KMS::Key", List.of("KeyPolicy"),
            "AWS::ECR::Repository", List.of("RepositoryName", "RepositoryPolicyText"),
            "AWS::SNS::TopicPolicy", List.of("Topics", "PolicyDocument"));

    static List<String> stacks() {
        return Synthesized.example().stackNames();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void policiesMatchTheReviewedSnapshot(String stack) throws Exception {
        String actual = JSON.writeValueAsString(policies(Synthesized.example().json(stack)));
        Path file = SNAPSHOTS.resolve(stack + ".policies.json");

        if (UPDATE) {
            Files.createDirectories(SNAPSHOTS);
            Files.writeString(file, actual + "\n");
            return;
        }
        assertThat(file).as("no snapshot for %s: run mvn test -Dsnapshots.update=true and review it", stack)
                .exists();
        JSONAssert.assertEquals("policies of " + stack + " differ from " + file
                        + " (if the change is intended: mvn test -Dsnapshots.update=true, then review the diff)",
                Files.readString(file), actual, JSONCompareMode.STRICT);
    }

    /** The policy-bearing properties of every resource, by logical ID, with asset hashes scrubbed. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> policies(Map<String, Object> template) throws IOException {
        Map<String, Object> result = new TreeMap<>();
        var resources = (Map<String, Map<String, Object>>) template.get("Resources");
        resources.forEach((logicalId, resource) -> {
            List<String> properties = POLICY_PROPERTIES.get((String) resource.get("Type"));
            var values = (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
            if (properties == null) {
                return;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("Type", resource.get("Type"));
            properties.stream().filter(values::containsKey).forEach(p -> entry.put(p, values.get(p)));
            if (entry.size() > 1) {
                result.put(logicalId, entry);
            }
        });
        String scrubbed = JSON.writeValueAsString(result).replaceAll("[0-9a-f]{64}", "<asset-hash>");
        return JSON.readValue(scrubbed, Map.class);
    }
}
