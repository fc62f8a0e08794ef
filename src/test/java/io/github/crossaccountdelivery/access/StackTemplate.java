package io.github.crossaccountdelivery.access;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One stack of a cloud assembly: its name, the account and region it deploys to, and its
 * template as CloudFormation receives it.
 */
public record StackTemplate(String name, String account, String region, JsonNode template) {

    public StackTemplate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(template, "template");
    }

    /** A stack from its environment as the assembly writes it, {@code aws://account/region}. */
    public static StackTemplate of(String name, String environment, JsonNode template) {
        String[] parts = environment.replaceFirst("^aws://", "").split("/", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("stack " + name + " has no aws://account/region environment: " + environment);
        }
        return new StackTemplate(name, parts[0], parts[1], template);
    }

    /** The partition of the stack's region, as {@code AWS::Partition} resolves there. */
    public String partition() {
        return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    /** The account's root principal ARN, the way policies name "the account". */
    public String rootArn() {
        return "arn:" + partition() + ":iam::" + account + ":root";
    }

    /** The resource with this logical ID, or a missing node. */
    public JsonNode resource(String logicalId) {
        return template.path("Resources").path(logicalId);
    }

    /** The resource's type, or null when the template has no such resource. */
    public String type(String logicalId) {
        JsonNode type = resource(logicalId).path("Type");
        return type.isTextual() ? type.asText() : null;
    }

    /** The resource's properties (a missing node when it has none). */
    public JsonNode properties(String logicalId) {
        return resource(logicalId).path("Properties");
    }

    @Override
    public String toString() {
        return name + " (" + account + ", " + region + ")";
    }
}
