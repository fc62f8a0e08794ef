package io.github.crossaccountdelivery.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One statement of a policy, as written, with its values rendered ({@link Cfn}) and where it
 * comes from. Nothing is widened or dropped: {@code NotAction}, {@code NotResource},
 * {@code NotPrincipal}, {@code Deny} and every condition are kept as such.
 */
record Statement(
        Origin origin,
        int index,
        String sid,
        String effect,
        boolean notAction,
        List<String> actions,
        ResourceForm resourceForm,
        List<String> resources,
        boolean notPrincipal,
        List<Principal> principals,
        List<Condition> conditions) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a statement names its resources. */
    enum ResourceForm {
        RESOURCE, NOT_RESOURCE,
        /** Neither: a resource policy's statement about its own resource (ECR, trust policies). */
        NONE
    }

    /** What kind of policy a statement is in. */
    enum Kind {
        /** A role's own policies: inline, AWS::IAM::Policy, AWS::IAM::ManagedPolicy, AWS::IAM::RolePolicy. */
        IDENTITY,
        /** A resource's policy: key, bucket, repository, topic, queue. */
        RESOURCE,
        /** A role's trust policy, the resource policy of the role. */
        TRUST
    }

    /**
     * Where a statement is written.
     *
     * @param policyId   the logical ID of the resource that holds the document
     * @param policyType its resource type
     * @param policyName the inline policy's name, or null
     * @param on         for resource and trust policies, the logical ID of the resource they are on
     *                   (null when the policy names a resource outside the template)
     * @param onText     that resource as text (a logical ID, or what the policy names)
     */
    record Origin(Kind kind, StackTemplate stack, String policyId, String policyType, String policyName, String on,
                  String onText) {
    }

    /** A principal of a resource or trust policy: {@code AWS}, {@code Service}, ... or {@code *} for "*". */
    record Principal(String type, String value) implements Comparable<Principal> {
        boolean everyone() {
            return value.equals("*") && (type.equals("*") || type.equals("AWS"));
        }

        @Override
        public String toString() {
            return type.equals("*") ? "*" : type + ": " + value;
        }

        @Override
        public int compareTo(Principal other) {
            return toString().compareTo(other.toString());
        }
    }

    /**
     * One condition: operator, key and value(s), each value as JSON text (strings quoted) after
     * rendering. {@code list} keeps whether the template wrote a list.
     */
    record Condition(String operator, String key, List<String> values, boolean list) {
        @Override
        public String toString() {
            return operator + " " + key + " " + (list ? "[" + String.join(", ", values) + "]" : values.get(0));
        }

        /** The values as plain text, quotes removed. */
        List<String> texts() {
            return values.stream().map(v -> v.startsWith("\"") ? unquote(v) : v).toList();
        }
    }

    /** Every statement of a policy document. */
    static List<Statement> of(JsonNode document, Origin origin, Cfn cfn) {
        JsonNode statement = document.path("Statement");
        List<Statement> statements = new ArrayList<>();
        if (statement.isArray()) {
            for (int i = 0; i < statement.size(); i++) {
                statements.add(parse(statement.get(i), origin, i + 1, cfn));
            }
        } else if (statement.isObject()) {
            statements.add(parse(statement, origin, 1, cfn));
        } else if (!document.isMissingNode() && !document.isObject()) {
            // A document that is not an object (an intrinsic, a JSON string): shown, not read.
            statements.add(new Statement(origin, 1, null, "?", false, List.of("(policy document not readable: "
                    + cfn.text(document) + ")"), ResourceForm.NONE, List.of(), false, List.of(), List.of()));
        }
        return statements;
    }

    private static Statement parse(JsonNode s, Origin origin, int index, Cfn cfn) {
        boolean notAction = !s.has("Action") && s.has("NotAction");
        List<String> actions = sorted(strings(s.path(notAction ? "NotAction" : "Action"), cfn));
        ResourceForm form = s.has("Resource") ? ResourceForm.RESOURCE
                : s.has("NotResource") ? ResourceForm.NOT_RESOURCE : ResourceForm.NONE;
        List<String> resources = form == ResourceForm.NONE ? List.of()
                : sorted(strings(s.path(form == ResourceForm.RESOURCE ? "Resource" : "NotResource"), cfn));
        boolean notPrincipal = !s.has("Principal") && s.has("NotPrincipal");
        JsonNode principal = s.path(notPrincipal ? "NotPrincipal" : "Principal");
        TreeSet<Principal> principals = new TreeSet<>();
        if (principal.isTextual()) {
            principals.add(new Principal("*", principal.asText()));
        } else if (principal.isObject()) {
            principal.fields().forEachRemaining(e ->
                    strings(e.getValue(), cfn).forEach(v -> principals.add(new Principal(e.getKey(), v))));
        }
        List<Condition> conditions = new ArrayList<>();
        TreeMap<String, JsonNode> operators = new TreeMap<>();
        s.path("Condition").fields().forEachRemaining(e -> operators.put(e.getKey(), e.getValue()));
        operators.forEach((operator, keys) -> {
            TreeMap<String, JsonNode> byKey = new TreeMap<>();
            keys.fields().forEachRemaining(e -> byKey.put(e.getKey(), e.getValue()));
            byKey.forEach((key, value) -> {
                List<String> values = new ArrayList<>();
                if (value.isArray()) {
                    value.forEach(v -> values.add(json(v, cfn)));
                } else {
                    values.add(json(value, cfn));
                }
                conditions.add(new Condition(operator, key, values, value.isArray()));
            });
        });
        String sid = s.path("Sid").isMissingNode() ? null : cfn.text(s.get("Sid"));
        return new Statement(origin, index, sid, cfn.text(s.path("Effect")), notAction, actions, form, resources,
                notPrincipal, List.copyOf(principals), List.copyOf(conditions));
    }

    boolean allow() {
        return effect.equals("Allow");
    }

    boolean deny() {
        return effect.equals("Deny");
    }

    /** The statement's name in its policy: its Sid, or its position. */
    String label() {
        return sid != null && !sid.isEmpty() ? sid : "statement " + index;
    }

    /** The service prefixes of the actions (lower case), or {@code *} for NotAction and {@code *}. */
    TreeSet<String> services() {
        TreeSet<String> services = new TreeSet<>();
        if (notAction) {
            services.add("*");
            return services;
        }
        for (String action : actions) {
            services.add(service(action));
        }
        return services;
    }

    /** The statement's actions of one service, in order. */
    List<String> actionsOf(String service) {
        return notAction ? actions : actions.stream().filter(a -> service(a).equals(service)).toList();
    }

    static String service(String action) {
        int colon = action.indexOf(':');
        return colon < 0 ? "*" : action.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    /** Whether the statement's Action (or NotAction) covers this action. */
    boolean covers(String action) {
        boolean listed = actions.stream().anyMatch(pattern -> Glob.matches(pattern, action, true));
        return notAction != listed;
    }

    /** Whether its Resource (or NotResource) covers any of these names of one resource. */
    boolean coversResource(List<String> names) {
        if (resourceForm == ResourceForm.NONE) {
            return true;
        }
        boolean listed = resources.stream().anyMatch(p -> names.stream().anyMatch(n -> Glob.matches(p, n, false)));
        return (resourceForm == ResourceForm.RESOURCE) == listed;
    }

    /** The values of the conditions on this key, by operator. */
    List<Condition> conditionsOn(String key) {
        return conditions.stream().filter(c -> c.key().equalsIgnoreCase(key)).toList();
    }

    static final Comparator<Statement> ORDER = Comparator
            .comparing((Statement s) -> s.origin().kind())
            .thenComparing(s -> s.origin().stack().name())
            .thenComparing(s -> s.origin().policyId())
            .thenComparing(s -> s.origin().policyName() == null ? "" : s.origin().policyName())
            .thenComparing(s -> s.origin().on() == null ? "" : s.origin().on())
            .thenComparingInt(Statement::index);

    private static List<String> strings(JsonNode value, Cfn cfn) {
        List<String> strings = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> strings.add(cfn.text(v)));
        } else if (!value.isMissingNode() && !value.isNull()) {
            strings.add(cfn.text(value));
        }
        return strings;
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().distinct().toList();
    }

    private static String json(JsonNode value, Cfn cfn) {
        if (value.isValueNode() && !value.isTextual()) {
            return value.toString();
        }
        try {
            return JSON.writeValueAsString(cfn.text(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unquote(String json) {
        try {
            return JSON.readValue(json, String.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
