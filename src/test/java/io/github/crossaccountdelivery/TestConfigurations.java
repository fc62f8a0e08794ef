package io.github.crossaccountdelivery;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configurations tests start from. The app's own values are written here, so that editing
 * the example in {@code cdk.json} cannot change what the tests check; only CDK's feature flags
 * are taken from {@code cdk.json}, since they decide what CDK synthesizes and belong with the
 * pinned aws-cdk-lib.
 */
public final class TestConfigurations {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestConfigurations() {
    }

    /**
     * The example configuration: the two-account form with placeholder accounts, then
     * {@code cdk.json}'s feature flags. A fresh, mutable map each call, in a fixed order (the
     * order problems are reported in).
     */
    public static Map<String, Object> example() {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("appName", "orders");
        context.put("buildAccount", "111111111111");
        context.put("testAccount", "222222222222");
        context.put("region", "eu-west-1");
        context.put("availabilityZones", List.of("eu-west-1a", "eu-west-1b"));
        context.put("connectionArn",
                "arn:aws:codeconnections:eu-west-1:111111111111:connection/00000000-0000-0000-0000-000000000000");
        context.put("repositoryOwner", "example-org");
        context.put("repositoryName", "orders-service");
        context.put("branch", "main");
        context.put("containerName", "app");
        context.put("containerPort", 8080);
        context.put("healthCheckPath", "/health");
        cdkJsonContext().forEach((key, value) -> {
            if (key.startsWith("@aws-cdk/") || key.startsWith("@aws-cdk-containers/")) {
                context.put(key, value);
            }
        });
        return context;
    }

    /** The {@code context} block of the repository's {@code cdk.json}, in file order. */
    public static Map<String, Object> cdkJsonContext() {
        try {
            Map<String, Object> cdkJson = JSON.readValue(Path.of("cdk.json").toFile(), new TypeReference<>() { });
            @SuppressWarnings("unchecked")
            Map<String, Object> context = (Map<String, Object>) cdkJson.get("context");
            // Jackson reads a JSON object into a LinkedHashMap: the file's order is kept.
            return new LinkedHashMap<>(context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
