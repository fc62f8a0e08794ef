package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every IAM, bucket, key, repository and topic policy of each stack of each configuration,
 * against a reviewed JSON file under {@code src/test/resources/snapshots/<configuration>}. A
 * change to who may do what shows up as a readable diff here and, once accepted, as a diff of
 * that file in review.
 */
@ReadsWholeApps
class PolicySnapshotTest {

    static final Path SNAPSHOTS = Snapshots.ROOT.resolve("snapshots");

    /** The properties of each resource type that hold a policy, and what they apply to. */
    private static final Map<String, List<String>> POLICY_PROPERTIES = Map.of(
            "AWS::IAM::Role", List.of("RoleName", "AssumeRolePolicyDocument", "Policies", "ManagedPolicyArns"),
            "AWS::IAM::Policy", List.of("Roles", "PolicyDocument"),
            "AWS::IAM::ManagedPolicy", List.of("Roles", "PolicyDocument"),
            "AWS::S3::BucketPolicy", List.of("Bucket", "PolicyDocument"),
            "AWS::KMS::Key", List.of("KeyPolicy"),
            "AWS::ECR::Repository", List.of("RepositoryName", "RepositoryPolicyText"),
            "AWS::SNS::TopicPolicy", List.of("Topics", "PolicyDocument"));

    /** The configurations whose policies are snapshotted, by the folder their files are in. */
    static Map<String, Synthesized> configurations() {
        Map<String, Synthesized> configurations = new LinkedHashMap<>();
        configurations.put("example", Synthesized.example());
        configurations.put("switches-on", Synthesized.switchesOn());
        configurations.put("three-targets", Synthesized.threeTargets());
        configurations.put("progressive", Synthesized.progressive());
        return configurations;
    }

    static Stream<Arguments> stacks() {
        List<Arguments> stacks = new ArrayList<>();
        configurations().forEach((name, synthesized) ->
                synthesized.stackNames().forEach(stack -> stacks.add(Arguments.of(name, stack))));
        return stacks.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("stacks")
    void policiesMatchTheReviewedSnapshot(String configuration, String stack) {
        Map<String, Object> template = configurations().get(configuration).json(stack);
        Snapshots.matches(SNAPSHOTS.resolve(configuration).resolve(stack + ".policies.json"), policies(template));
    }

    @Test
    void everySnapshotFileBelongsToAStackThatIsStillSynthesized() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeFalse(Snapshots.UPDATE, "snapshots are being rewritten");
        List<String> expected = new ArrayList<>();
        configurations().forEach((name, synthesized) ->
                synthesized.stackNames().forEach(stack -> expected.add(name + "/" + stack + ".policies.json")));
        try (Stream<Path> files = Files.walk(SNAPSHOTS)) {
            List<String> present = files.filter(Files::isRegularFile)
                    .map(f -> SNAPSHOTS.relativize(f).toString().replace('\\', '/')).toList();
            assertThat(present).as("snapshot files; delete those whose stack is gone")
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /** The policy-bearing properties of every resource, by logical ID, with asset hashes scrubbed. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> policies(Map<String, Object> template) {
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
        try {
            String scrubbed = Snapshots.JSON.writeValueAsString(result).replaceAll("[0-9a-f]{64}", "<asset-hash>");
            return Snapshots.JSON.readValue(scrubbed, Map.class);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
