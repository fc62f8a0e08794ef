package io.github.crossaccountdelivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** Reads policy statements out of a synthesized template. */
public final class Policies {

    private Policies() {
    }

    /** The one resource of a type; fails if there is not exactly one. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> only(Template template, String type) {
        Map<String, Map<String, Object>> found = template.findResources(type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type + ", found " + found.keySet());
        }
        return (Map<String, Object>) found.values().iterator().next().get("Properties");
    }

    /** The policy document of the bucket policy attached to the bucket with this logical ID. */
    @SuppressWarnings("unchecked")
    public static Object bucketPolicyOf(Template template, String bucketLogicalId) {
        return template.findResources("AWS::S3::BucketPolicy").values().stream()
                .map(r -> (Map<String, Object>) r.get("Properties"))
                .filter(p -> Map.of("Ref", bucketLogicalId).equals(p.get("Bucket")))
                .map(p -> p.get("PolicyDocument"))
                .findFirst().orElseThrow(() -> new AssertionError("no bucket policy on " + bucketLogicalId));
    }

    /** The statements of a policy document, which may hold one statement or a list. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> statements(Object document) {
        Object statement = ((Map<String, Object>) document).get("Statement");
        return statement instanceof List<?> list ? (List<Map<String, Object>>) list
                : List.of((Map<String, Object>) statement);
    }

    /** The statement with this Sid; fails if there is none. */
    public static Map<String, Object> bySid(Object document, String sid) {
        return statements(document).stream().filter(s -> sid.equals(s.get("Sid"))).findFirst()
                .orElseThrow(() -> new AssertionError("no statement " + sid + " in " + document));
    }

    /** Every statement of every identity policy (inline, separate and managed) in a template. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> identityStatements(Template template) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
            template.findResources(type).values().forEach(r ->
                    all.addAll(statements(((Map<String, Object>) r.get("Properties")).get("PolicyDocument"))));
        }
        template.findResources("AWS::IAM::Role").values().forEach(r -> {
            Object inline = ((Map<String, Object>) r.get("Properties")).get("Policies");
            if (inline != null) {
                ((List<Map<String, Object>>) inline).forEach(p -> all.addAll(statements(p.get("PolicyDocument"))));
            }
        });
        return all;
    }

    /** Every statement of every resource policy (bucket, key, repository) in a template. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> resourceStatements(Template template) {
        List<Map<String, Object>> all = new ArrayList<>();
        Map<String, String> documents = Map.of(
                "AWS::S3::BucketPolicy", "PolicyDocument",
                "AWS::KMS::Key", "KeyPolicy",
                "AWS::ECR::Repository", "RepositoryPolicyText",
                "AWS::SNS::TopicPolicy", "PolicyDocument");
        documents.forEach((type, property) -> template.findResources(type).values().forEach(r -> {
            Object document = ((Map<String, Object>) r.get("Properties")).get(property);
            if (document != null) {
                all.addAll(statements(document));
            }
        }));
        return all;
    }

    /** A role found by its name: its logical ID and properties. */
    public record NamedRole(String logicalId, Map<String, Object> properties) {
        /** The statements of its trust policy. */
        public List<Map<String, Object>> trust() {
            return statements(properties.get("AssumeRolePolicyDocument"));
        }
    }

    /** The role with this {@code RoleName}; fails if there is none. */
    @SuppressWarnings("unchecked")
    public static NamedRole role(Template template, String roleName) {
        return template.findResources("AWS::IAM::Role").entrySet().stream()
                .filter(e -> roleName.equals(((Map<String, Object>) e.getValue().get("Properties")).get("RoleName")))
                .map(e -> new NamedRole(e.getKey(), (Map<String, Object>) e.getValue().get("Properties")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no role " + roleName));
    }

    /** The role with this logical ID, for roles without a fixed name. */
    @SuppressWarnings("unchecked")
    public static NamedRole roleById(Template template, String logicalId) {
        var role = template.findResources("AWS::IAM::Role").get(logicalId);
        if (role == null) {
            throw new AssertionError("no role " + logicalId);
        }
        return new NamedRole(logicalId, (Map<String, Object>) role.get("Properties"));
    }

    /** The statements of the one managed policy attached to the role with this name. */
    public static List<Map<String, Object>> managedPolicyOfRole(Template template, String roleName) {
        return managedPolicyOfRoleId(template, role(template, roleName).logicalId());
    }

    /** The statements of the one managed policy attached to the role with this logical ID. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> managedPolicyOfRoleId(Template template, String roleId) {
        var policies = template.findResources("AWS::IAM::ManagedPolicy").values().stream()
                .map(r -> (Map<String, Object>) r.get("Properties"))
                .filter(p -> list(p.get("Roles")).contains(Map.of("Ref", roleId)))
                .toList();
        if (policies.size() != 1) {
            throw new AssertionError("expected one managed policy on " + roleId + ", found " + policies.size());
        }
        return statements(policies.get(0).get("PolicyDocument"));
    }

    /** A statement's Action or Resource as a list, whether it was written as one or many. */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : value == null ? List.of() : List.of(value);
    }
}
