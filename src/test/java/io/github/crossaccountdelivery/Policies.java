package io.github.crossaccountdelivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** Reads policy statements out of a synthesized template. */
final class Policies {

    private Policies() {
    }

    /** The one resource of a type; fails if there is not exactly one. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> only(Template template, String type) {
        Map<String, Map<String, Object>> found = template.findResources(type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type + ", found " + found.keySet());
        }
        return (Map<String, Object>) found.values().iterator().next().get("Properties");
    }

    /** The statements of a policy document, which may hold one statement or a list. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statements(Object document) {
        Object statement = ((Map<String, Object>) document).get("Statement");
        return statement instanceof List<?> list ? (List<Map<String, Object>>) list
                : List.of((Map<String, Object>) statement);
    }

    /** The statement with this Sid; fails if there is none. */
    static Map<String, Object> bySid(Object document, String sid) {
        return statements(document).stream().filter(s -> sid.equals(s.get("Sid"))).findFirst()
                .orElseThrow(() -> new AssertionError("no statement " + sid + " in " + document));
    }

    /** Every statement of every identity policy (inline and separate) in a template. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> identityStatements(Template template) {
        List<Map<String, Object>> all = new ArrayList<>();
        template.findResources("AWS::IAM::Policy").values().forEach(r ->
                all.addAll(statements(((Map<String, Object>) r.get("Properties")).get("PolicyDocument"))));
        template.findResources("AWS::IAM::Role").values().forEach(r -> {
            Object inline = ((Map<String, Object>) r.get("Properties")).get("Policies");
            if (inline != null) {
                ((List<Map<String, Object>>) inline).forEach(p -> all.addAll(statements(p.get("PolicyDocument"))));
            }
        });
        return all;
    }

    /** A statement's Action or Resource as a list, whether it was written as one or many. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : value == null ? List.of() : List.of(value);
    }
}
