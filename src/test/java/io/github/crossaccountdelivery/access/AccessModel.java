package io.github.crossaccountdelivery.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountdelivery.access.Statement.Condition;
import io.github.crossaccountdelivery.access.Statement.Kind;
import io.github.crossaccountdelivery.access.Statement.Origin;
import io.github.crossaccountdelivery.access.Statement.Principal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every role of a set of templates and every statement that governs it: its own policies, its
 * trust policy, and the statements of key, bucket, repository, topic, queue and trust policies,
 * in any of the stacks, that name it, by ARN or as its account narrowed by {@code aws:PrincipalArn}.
 * Also answers whether a role may call an action on a resource, from those statements.
 */
final class AccessModel {

    /**
     * A resource type whose property holds a resource policy: the property, the property naming
     * what the policy is on (null: the resource itself), and the type of what it governs.
     */
    private record Holder(String type, String document, String on, Kind kind, String label, String governs) {
    }

    private static final List<Holder> HOLDERS = List.of(
            new Holder("AWS::IAM::Role", "AssumeRolePolicyDocument", null, Kind.TRUST, "trust policy", "AWS::IAM::Role"),
            new Holder("AWS::KMS::Key", "KeyPolicy", null, Kind.RESOURCE, "key policy", "AWS::KMS::Key"),
            new Holder("AWS::S3::BucketPolicy", "PolicyDocument", "Bucket", Kind.RESOURCE, "bucket policy", "AWS::S3::Bucket"),
            new Holder("AWS::ECR::Repository", "RepositoryPolicyText", null, Kind.RESOURCE, "repository policy",
                    "AWS::ECR::Repository"),
            new Holder("AWS::SNS::TopicPolicy", "PolicyDocument", "Topics", Kind.RESOURCE, "topic policy", "AWS::SNS::Topic"),
            new Holder("AWS::SQS::QueuePolicy", "PolicyDocument", "Queues", Kind.RESOURCE, "queue policy", "AWS::SQS::Queue"),
            new Holder("AWS::Lambda::Permission", null, "FunctionName", Kind.RESOURCE, "function permission",
                    "AWS::Lambda::Function"));

    /** Resource types that carry a resource policy this map does not read; named on the page when present. */
    static final List<String> NOT_READ = List.of("AWS::ApiGateway::RestApi", "AWS::ECR::RegistryPolicy",
            "AWS::Events::EventBusPolicy", "AWS::IAM::Group", "AWS::IAM::User", "AWS::Lambda::LayerVersionPermission",
            "AWS::Logs::ResourcePolicy", "AWS::S3::AccessPoint",
            "AWS::SecretsManager::ResourcePolicy");

    /** The name property of each type whose ARN the model can write. */
    private static final Map<String, String> NAME_PROPERTIES = names();

    private static Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("AWS::S3::Bucket", "BucketName");
        names.put("AWS::ECR::Repository", "RepositoryName");
        names.put("AWS::IAM::Role", "RoleName");
        names.put("AWS::SNS::Topic", "TopicName");
        names.put("AWS::SQS::Queue", "QueueName");
        names.put("AWS::Logs::LogGroup", "LogGroupName");
        names.put("AWS::CodeBuild::Project", "Name");
        names.put("AWS::CodePipeline::Pipeline", "Name");
        names.put("AWS::ECS::Cluster", "ClusterName");
        names.put("AWS::ECS::Service", "ServiceName");
        names.put("AWS::ECS::TaskDefinition", "Family");
        names.put("AWS::SSM::Parameter", "Name");
        names.put("AWS::Lambda::Function", "FunctionName");
        names.put("AWS::IAM::ManagedPolicy", "ManagedPolicyName");
        names.put("AWS::KMS::Alias", "AliasName");
        return names;
    }

    /** A role of one of the templates. */
    record Role(StackTemplate stack, String id, String name, String arn) {
        /** The heading it goes by: its name, or its logical ID and stack when it has none. */
        String title() {
            return name != null ? name : id + " in " + stack.name();
        }

        /** How a statement in the given stack may name this role. */
        List<String> names(StackTemplate from) {
            List<String> names = new ArrayList<>();
            if (arn != null) {
                names.add(arn);
            }
            if (from.name().equals(stack.name())) {
                names.add("<" + id + ".Arn>");
            }
            return names;
        }

        String account() {
            return stack.account();
        }

        // A role is its stack and logical ID; the template itself need not be compared or hashed.
        @Override
        public boolean equals(Object other) {
            return other instanceof Role r && r.stack.name().equals(stack.name()) && r.id.equals(id);
        }

        @Override
        public int hashCode() {
            return stack.name().hashCode() * 31 + id.hashCode();
        }
    }

    /** What a resource-policy statement's principals say about one role. */
    enum Reach {
        NONE,
        /** The role's account (root), possibly narrowed to the role by aws:PrincipalArn: IAM must allow too. */
        ACCOUNT,
        /** The role itself, by ARN, or every principal ({@code *}). */
        DIRECT
    }

    /**
     * Something a principal may act on, by every name a statement may give it.
     *
     * @param literalNames names valid in any stack (ARNs, with {@code <Id>} for an unknown key ID)
     * @param localNames   names valid only in the resource's own stack ({@code <Id.Arn>})
     * @param policyOn     the logical ID whose resource policy governs it, or null
     * @param needsPolicy  whether its own policy must allow too, even in its own account (keys, roles)
     */
    record Target(String display, String account, StackTemplate stack, List<String> literalNames,
                  List<String> localNames, String policyOn, boolean needsPolicy) {
        List<String> names(StackTemplate from) {
            List<String> names = new ArrayList<>(literalNames);
            if (stack != null && from.name().equals(stack.name())) {
                names.addAll(localNames);
            }
            return names;
        }
    }

    /** Whether and why a role may do something. */
    record Verdict(boolean allowed, List<Statement> identity, List<Statement> resource, List<Statement> denies,
                   String missing) {
    }

    final List<StackTemplate> stacks;
    private final Map<String, Cfn> cfn = new TreeMap<>();
    final List<Role> roles = new ArrayList<>();
    private final Map<Role, List<Statement>> identity = new LinkedHashMap<>();
    private final Map<Role, List<String>> managedPolicyArns = new LinkedHashMap<>();
    /** Resource and trust statements, in stack, policy and statement order. */
    final List<Statement> resourceStatements = new ArrayList<>();

    AccessModel(List<StackTemplate> stacks) {
        this.stacks = stacks.stream().sorted(Comparator.comparing(StackTemplate::name)).toList();
        for (StackTemplate stack : this.stacks) {
            cfn.put(stack.name(), new Cfn(stack));
        }
        for (StackTemplate stack : this.stacks) {
            forEachResource(stack, "AWS::IAM::Role", (id, props) -> {
                Optional<String> name = cfn(stack).literal(props.path("RoleName"));
                String path = cfn(stack).literal(props.path("Path")).orElse("/");
                String arn = name.map(n -> "arn:" + stack.partition() + ":iam::" + stack.account() + ":role" + path + n)
                        .orElse(null);
                // Not the construct path: the CLI writes aws:cdk:path metadata, a synthesis in the tests does not.
                roles.add(new Role(stack, id, name.orElse(null), arn));
            });
        }
        roles.sort(Comparator.comparing((Role r) -> r.stack().name()).thenComparing(Role::title));
        roles.forEach(role -> {
            identity.put(role, new ArrayList<>());
            managedPolicyArns.put(role, new ArrayList<>());
        });
        for (StackTemplate stack : this.stacks) {
            readIdentityPolicies(stack);
            readResourcePolicies(stack);
        }
        identity.values().forEach(list -> list.sort(Statement.ORDER));
        resourceStatements.sort(Statement.ORDER);
    }

    Cfn cfn(StackTemplate stack) {
        return cfn.get(stack.name());
    }

    interface ResourceVisitor {
        void visit(String logicalId, JsonNode properties);
    }

    /** Each resource of a type in a stack, in template order. */
    static void forEachResource(StackTemplate stack, String type, ResourceVisitor visitor) {
        stack.template().path("Resources").fields().forEachRemaining(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                visitor.visit(e.getKey(), e.getValue().path("Properties"));
            }
        });
    }

    // ---- reading ----

    private void readIdentityPolicies(StackTemplate stack) {
        Cfn c = cfn(stack);
        for (Role role : roles) {
            if (role.stack() != stack) {
                continue;
            }
            JsonNode props = stack.properties(role.id());
            for (JsonNode inline : props.path("Policies")) {
                String name = c.text(inline.path("PolicyName"));
                identity.get(role).addAll(Statement.of(inline.path("PolicyDocument"),
                        new Origin(Kind.IDENTITY, stack, role.id(), "inline", name, null, null), c));
            }
            for (JsonNode arn : props.path("ManagedPolicyArns")) {
                String ref = arn.path("Ref").asText(null);
                if (ref != null && "AWS::IAM::ManagedPolicy".equals(stack.type(ref))) {
                    continue; // read with the policy, below
                }
                managedPolicyArns.get(role).add(c.text(arn));
            }
        }
        for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
            forEachResource(stack, type, (id, props) -> {
                TreeSet<Role> attached = new TreeSet<>(Comparator.comparing(Role::title));
                for (JsonNode roleRef : props.path("Roles")) {
                    findRole(stack, roleRef).ifPresent(attached::add);
                }
                if (type.equals("AWS::IAM::ManagedPolicy")) {
                    for (Role role : roles) {
                        if (role.stack() == stack) {
                            for (JsonNode arn : stack.properties(role.id()).path("ManagedPolicyArns")) {
                                if (id.equals(arn.path("Ref").asText(null))) {
                                    attached.add(role);
                                }
                            }
                        }
                    }
                }
                String name = cfn(stack).literal(props.path(type.equals("AWS::IAM::Policy") ? "PolicyName" : "ManagedPolicyName"))
                        .orElse(null);
                for (Role role : attached) {
                    identity.get(role).addAll(Statement.of(props.path("PolicyDocument"),
                            new Origin(Kind.IDENTITY, stack, id, type, name, null, null), cfn(stack)));
                }
            });
        }
        forEachResource(stack, "AWS::IAM::RolePolicy", (id, props) -> findRole(stack, props.path("RoleName"))
                .ifPresent(role -> identity.get(role).addAll(Statement.of(props.path("PolicyDocument"),
                        new Origin(Kind.IDENTITY, stack, id, "AWS::IAM::RolePolicy",
                                cfn(stack).text(props.path("PolicyName")), null, null), cfn(stack)))));
    }

    /** The role a policy's {@code Roles} entry names: a Ref in the same stack, or a name in the same account. */
    private Optional<Role> findRole(StackTemplate stack, JsonNode reference) {
        String ref = reference.path("Ref").asText(null);
        if (ref != null) {
            return roles.stream().filter(r -> r.stack() == stack && r.id().equals(ref)).findFirst();
        }
        Optional<String> name = cfn(stack).literal(reference);
        return name.flatMap(n -> roles.stream()
                .filter(r -> r.account().equals(stack.account()) && n.equals(r.name())).findFirst());
    }

    private void readResourcePolicies(StackTemplate stack) {
        Cfn c = cfn(stack);
        for (Holder holder : HOLDERS) {
            forEachResource(stack, holder.type(), (id, props) -> {
                JsonNode document = holder.document() == null ? lambdaPermission(props) : props.path(holder.document());
                if (document.isMissingNode()) {
                    return;
                }
                List<JsonNode> targets = new ArrayList<>();
                if (holder.on() == null) {
                    targets.add(null);
                } else if (props.path(holder.on()).isArray()) {
                    props.path(holder.on()).forEach(targets::add);
                } else {
                    targets.add(props.path(holder.on()));
                }
                for (JsonNode target : targets) {
                    String on = target == null ? id : onId(stack, target);
                    String onText = target == null ? id : on != null ? on : c.text(target);
                    resourceStatements.addAll(Statement.of(document,
                            new Origin(holder.kind(), stack, id, holder.type(), null, on, onText), c));
                }
            });
        }
    }

    /**
     * An AWS::Lambda::Permission as the statement Lambda adds to the function's policy for it:
     * its principal, action and function, {@code SourceArn} as {@code ArnLike aws:SourceArn},
     * {@code SourceAccount} and {@code PrincipalOrgID} as {@code StringEquals}, and
     * {@code FunctionUrlAuthType} as {@code StringEquals lambda:FunctionUrlAuthType}.
     */
    private static JsonNode lambdaPermission(JsonNode props) {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var statement = json.createObjectNode();
        statement.put("Effect", "Allow");
        JsonNode principal = props.path("Principal");
        String text = principal.isTextual() ? principal.asText() : "";
        if (text.equals("*")) {
            statement.put("Principal", "*");
        } else {
            statement.putObject("Principal").set(text.endsWith(".amazonaws.com") || text.endsWith(".amazonaws.com.cn")
                    ? "Service" : "AWS", principal);
        }
        statement.set("Action", props.path("Action"));
        statement.set("Resource", props.path("FunctionName"));
        var condition = json.createObjectNode();
        if (props.has("SourceArn")) {
            condition.putObject("ArnLike").set("aws:SourceArn", props.path("SourceArn"));
        }
        for (String[] key : new String[][] {{"SourceAccount", "aws:SourceAccount"}, {"PrincipalOrgID", "aws:PrincipalOrgID"},
                {"FunctionUrlAuthType", "lambda:FunctionUrlAuthType"}}) {
            if (props.has(key[0])) {
                var equals = condition.has("StringEquals") ? (com.fasterxml.jackson.databind.node.ObjectNode) condition.get("StringEquals")
                        : condition.putObject("StringEquals");
                equals.set(key[1], props.path(key[0]));
            }
        }
        if (!condition.isEmpty()) {
            statement.set("Condition", condition);
        }
        var document = json.createObjectNode();
        document.putArray("Statement").add(statement);
        return document;
    }

    /** The logical ID a policy's target names (a Ref, a GetAtt, or a literal name in the same stack). */
    private String onId(StackTemplate stack, JsonNode target) {
        String ref = target.path("Ref").asText(null);
        if (ref != null) {
            return ref;
        }
        if (target.has("Fn::GetAtt")) {
            JsonNode getAtt = target.get("Fn::GetAtt");
            return getAtt.isArray() ? getAtt.get(0).asText() : getAtt.asText().split("\\.")[0];
        }
        Optional<String> literal = cfn(stack).literal(target);
        if (literal.isEmpty()) {
            return null;
        }
        List<String> found = new ArrayList<>();
        stack.template().path("Resources").fields().forEachRemaining(e -> {
            String property = NAME_PROPERTIES.get(e.getValue().path("Type").asText());
            if (property != null && literal.get().equals(e.getValue().path("Properties").path(property).asText(null))) {
                found.add(e.getKey());
            }
        });
        return found.size() == 1 ? found.get(0) : null;
    }

    // ---- what governs a role ----

    List<Statement> identityStatements(Role role) {
        return identity.get(role);
    }

    List<String> managedPolicyArns(Role role) {
        return managedPolicyArns.get(role);
    }

    /** The role's own trust policy. */
    List<Statement> trust(Role role) {
        return resourceStatements.stream().filter(s -> s.origin().kind() == Kind.TRUST
                && s.origin().stack() == role.stack() && role.id().equals(s.origin().on())).toList();
    }

    /** Resource and trust statements, in any stack, that name this role (by ARN, or narrowed to it). */
    List<Statement> namingStatements(Role role) {
        return resourceStatements.stream().filter(s -> names(s, role)).toList();
    }

    /** Whether a statement names the role: by ARN, or as its account or {@code *} narrowed to it. */
    boolean names(Statement s, Role role) {
        if (s.notPrincipal()) {
            return false;
        }
        for (Principal p : s.principals()) {
            if (p.type().equals("AWS") && role.names(s.origin().stack()).contains(p.value())) {
                return true;
            }
            if ((p.everyone() || isRoot(p, role.account())) && narrowedTo(s, role)) {
                return true;
            }
        }
        return false;
    }

    /** How far a statement's principals reach a role. */
    Reach reach(Statement s, Role role) {
        if (s.notPrincipal()) {
            boolean excluded = s.principals().stream().anyMatch(p -> p.type().equals("AWS")
                    && (role.names(s.origin().stack()).contains(p.value()) || isRoot(p, role.account())));
            return excluded ? Reach.NONE : Reach.DIRECT;
        }
        Reach best = Reach.NONE;
        for (Principal p : s.principals()) {
            Reach reach = Reach.NONE;
            if (p.type().equals("AWS") && role.names(s.origin().stack()).contains(p.value())) {
                reach = Reach.DIRECT;
            } else if (p.everyone()) {
                reach = principalArnConditions(s).isEmpty() || narrowedTo(s, role) ? Reach.DIRECT : Reach.NONE;
            } else if (isRoot(p, role.account())) {
                reach = principalArnConditions(s).isEmpty() || narrowedTo(s, role) ? Reach.ACCOUNT : Reach.NONE;
            }
            if (reach.compareTo(best) > 0) {
                best = reach;
            }
        }
        return best;
    }

    static boolean isRoot(Principal p, String account) {
        return p.type().equals("AWS") && (p.value().equals(account) || p.value().matches("arn:[a-z-]+:iam::" + account + ":root"));
    }

    /** The account a root principal names, or null. */
    static String rootAccount(Principal p) {
        if (!p.type().equals("AWS")) {
            return null;
        }
        if (p.value().matches("\\d{12}")) {
            return p.value();
        }
        var m = java.util.regex.Pattern.compile("arn:[a-z-]+:iam::(\\d{12}):root").matcher(p.value());
        return m.matches() ? m.group(1) : null;
    }

    /** The statement's positive conditions on aws:PrincipalArn (which all must hold). */
    static List<Condition> principalArnConditions(Statement s) {
        return s.conditionsOn("aws:PrincipalArn").stream().filter(c -> {
            String operator = c.operator().replaceFirst("^For(Any|All)Values?:", "").replaceFirst("IfExists$", "");
            return List.of("ArnEquals", "ArnLike", "StringEquals", "StringLike", "StringEqualsIgnoreCase").contains(operator);
        }).toList();
    }

    /** Whether the statement's aws:PrincipalArn conditions are there and all admit this role. */
    boolean narrowedTo(Statement s, Role role) {
        List<Condition> conditions = principalArnConditions(s);
        if (conditions.isEmpty()) {
            return false;
        }
        List<String> names = role.names(s.origin().stack());
        return conditions.stream().allMatch(c -> c.texts().stream().anyMatch(v -> names.stream()
                .anyMatch(n -> admits(c.operator(), v, n))));
    }

    /** Whether a PrincipalArn condition value admits a name. */
    static boolean admits(String operator, String value, String name) {
        String base = operator.replaceFirst("^For(Any|All)Values?:", "").replaceFirst("IfExists$", "");
        return switch (base) {
            case "StringEquals" -> value.equals(name);
            case "StringEqualsIgnoreCase" -> value.equalsIgnoreCase(name);
            default -> Glob.matches(value, name, false); // ArnEquals, ArnLike and StringLike take wildcards
        };
    }

    /** The roles of these templates that a principal's ARN or condition value names. */
    List<Role> rolesNamedBy(Statement s, String value) {
        return roles.stream().filter(r -> r.names(s.origin().stack()).stream()
                .anyMatch(n -> Glob.matches(value, n, false))).toList();
    }

    /** The role a value (an ARN or {@code <Id.Arn>} in this stack) names, if any. */
    Optional<Role> role(StackTemplate from, String value) {
        return roles.stream().filter(r -> r.names(from).contains(value)).findFirst();
    }

    // ---- targets ----

    /** A resource of a template, by every name a statement may give it. */
    Target target(StackTemplate stack, String id) {
        String type = stack.type(id);
        JsonNode props = stack.properties(id);
        Cfn c = cfn(stack);
        String p = stack.partition();
        String r = stack.region();
        String a = stack.account();
        String name = Optional.ofNullable(NAME_PROPERTIES.get(type)).flatMap(n -> c.literal(props.path(n))).orElse(null);
        List<String> literal = new ArrayList<>();
        List<String> local = new ArrayList<>(List.of("<" + id + ".Arn>", "<" + id + ">"));
        String policyOn = null;
        boolean needsPolicy = false;
        switch (type == null ? "" : type) {
            case "AWS::S3::Bucket" -> {
                if (name != null) {
                    literal.add("arn:" + p + ":s3:::" + name);
                }
                policyOn = id;
            }
            case "AWS::ECR::Repository" -> {
                if (name != null) {
                    literal.add("arn:" + p + ":ecr:" + r + ":" + a + ":repository/" + name);
                }
                policyOn = id;
            }
            case "AWS::KMS::Key" -> {
                literal.add("arn:" + p + ":kms:" + r + ":" + a + ":key/<" + id + ">");
                policyOn = id;
                needsPolicy = true;
            }
            case "AWS::IAM::Role" -> {
                if (name != null) {
                    roles.stream().filter(role -> role.stack() == stack && role.id().equals(id))
                            .findFirst().ifPresent(role -> literal.add(role.arn()));
                }
                policyOn = id;
                needsPolicy = true;
            }
            case "AWS::ECS::Service" -> {
                clusterName(stack, props.path("Cluster")).ifPresent(cluster -> {
                    if (name != null) {
                        literal.add("arn:" + p + ":ecs:" + r + ":" + a + ":service/" + cluster + "/" + name);
                    }
                });
                local.add("<" + id + ".ServiceArn>");
            }
            case "AWS::ECS::TaskDefinition" -> {
                if (name != null) {
                    literal.add("arn:" + p + ":ecs:" + r + ":" + a + ":task-definition/" + name + ":<revision>");
                }
            }
            case "AWS::CodeBuild::Project" -> {
                if (name != null) {
                    literal.add("arn:" + p + ":codebuild:" + r + ":" + a + ":project/" + name);
                }
            }
            case "AWS::Logs::LogGroup" -> {
                if (name != null) {
                    literal.add("arn:" + p + ":logs:" + r + ":" + a + ":log-group:" + name);
                }
            }
            case "AWS::Lambda::Function" -> {
                if (name != null) {
                    literal.add("arn:" + p + ":lambda:" + r + ":" + a + ":function:" + name);
                }
                policyOn = id;
            }
            case "AWS::SSM::Parameter" -> {
                if (name != null) {
                    literal.add("arn:" + p + ":ssm:" + r + ":" + a + ":parameter/" + name.replaceFirst("^/", ""));
                }
            }
            default -> {
            }
        }
        String display = !literal.isEmpty() ? literal.get(0)
                : List.of("AWS::Logs::LogGroup", "AWS::S3::Bucket", "AWS::ECR::Repository", "AWS::CodeBuild::Project",
                "AWS::IAM::Role").contains(type) ? "<" + id + ".Arn>" : "<" + id + ">";
        return new Target(display, a, stack, literal, local, policyOn, needsPolicy);
    }

    /** Objects of a bucket (any key), or streams of a log group: the resource's names with a suffix. */
    static Target within(Target parent, String literalSuffix, String localSuffix, String display) {
        List<String> literal = parent.literalNames().stream().filter(n -> !n.contains("<")).map(n -> n + literalSuffix).toList();
        List<String> local = parent.localNames().stream().filter(n -> n.endsWith(".Arn>"))
                .map(n -> n + localSuffix).toList();
        return new Target(display, parent.account(), parent.stack(), literal, local, parent.policyOn(), parent.needsPolicy());
    }

    /** A resource outside the templates (or not worth a logical ID), by ARN. */
    static Target arn(String arn) {
        String[] parts = arn.split(":", 6);
        String account = parts.length > 4 ? parts[4] : "";
        return new Target(arn, account, null, List.of(arn), List.of(), null, false);
    }

    /** An action that takes no resource: IAM wants {@code "Resource": "*"}. */
    static Target anyResource(String account) {
        return new Target("*", account, null, List.of("*"), List.of(), null, false);
    }

    /** A target for a role of the templates. */
    Target target(Role role) {
        return target(role.stack(), role.id());
    }

    private Optional<String> clusterName(StackTemplate stack, JsonNode cluster) {
        String ref = cluster.path("Ref").asText(null);
        if (ref != null) {
            return cfn(stack).literal(stack.properties(ref).path("ClusterName"));
        }
        return cfn(stack).literal(cluster).map(c -> c.replaceFirst("^arn:.*:cluster/", ""));
    }

    // ---- decisions ----

    /**
     * Whether the role may call the action on the target, from the statements of these templates:
     * across accounts its own policies and the resource's policy must both allow; in its own account
     * either does, except for keys and (for {@code sts:} actions) roles, whose policy must allow: the
     * role itself, or its account with the role's own policy allowing too. A trust policy governs
     * only {@code sts:} actions on its role ({@code iam:PassRole} is the caller's own policy's
     * business). An unconditional Deny that covers it wins.
     * Conditions are not evaluated: the statements found are returned so that they can be shown.
     */
    Verdict may(Role role, String action, Target target) {
        List<Statement> allowedByIdentity = new ArrayList<>();
        List<Statement> denies = new ArrayList<>();
        for (Statement s : identity.get(role)) {
            if (s.covers(action) && s.coversResource(target.names(s.origin().stack()))) {
                (s.allow() ? allowedByIdentity : denies).add(s);
            }
        }
        List<Statement> direct = new ArrayList<>();
        List<Statement> viaAccount = new ArrayList<>();
        boolean trustOnly = target.stack() != null && "AWS::IAM::Role".equals(target.stack().type(target.policyOn()));
        boolean policyApplies = target.policyOn() != null
                && (!trustOnly || action.toLowerCase(java.util.Locale.ROOT).startsWith("sts:"));
        boolean needsPolicy = target.needsPolicy() && policyApplies;
        if (policyApplies) {
            for (Statement s : resourceStatements) {
                if (s.origin().stack() != target.stack() || !target.policyOn().equals(s.origin().on())
                        || !s.covers(action) || !s.coversResource(target.names(s.origin().stack()))) {
                    continue;
                }
                Reach reach = reach(s, role);
                if (reach == Reach.NONE) {
                    continue;
                }
                if (s.deny()) {
                    denies.add(s);
                } else if (s.allow()) {
                    (reach == Reach.DIRECT ? direct : viaAccount).add(s);
                }
            }
        }
        boolean crossAccount = !role.account().equals(target.account());
        boolean identityAllows = !allowedByIdentity.isEmpty();
        boolean policyAllows = !direct.isEmpty() || !viaAccount.isEmpty();
        boolean allowed;
        String missing = null;
        if (crossAccount) {
            allowed = identityAllows && policyAllows;
            if (!identityAllows) {
                missing = "no statement of its own policies allows it";
            } else if (!policyAllows) {
                missing = !policyApplies ? "the resource is in account " + target.account()
                        + " and has no policy in these templates" : "no statement of the " + kindOf(target)
                        + " names it or its account";
            }
        } else if (needsPolicy) {
            allowed = !direct.isEmpty() || !viaAccount.isEmpty() && identityAllows;
            if (!allowed) {
                missing = direct.isEmpty() && viaAccount.isEmpty() ? "no statement of the " + kindOf(target) + " admits it"
                        : "the " + kindOf(target) + " admits its account, but no statement of its own policies allows it";
            }
        } else {
            allowed = identityAllows || !direct.isEmpty();
            if (!allowed) {
                missing = "no statement of its own policies allows it";
            }
        }
        if (denies.stream().anyMatch(d -> d.conditions().isEmpty())) {
            allowed = false;
            missing = "an unconditional Deny covers it";
        }
        List<Statement> resource = new ArrayList<>(direct);
        resource.addAll(viaAccount);
        resource.sort(Statement.ORDER);
        denies.sort(Statement.ORDER);
        return new Verdict(allowed, allowedByIdentity, resource, denies, allowed ? null : missing);
    }

    /** The trust statements of a role that let an AWS service assume it (conditions shown, not evaluated). */
    List<Statement> serviceMayAssume(String service, Role role) {
        return trust(role).stream().filter(s -> s.allow() && s.covers("sts:AssumeRole") && !s.notPrincipal()
                && s.principals().stream().anyMatch(p -> p.type().equals("Service") && p.value().equals(service))).toList();
    }

    private String kindOf(Target target) {
        String type = target.stack() == null ? null : target.stack().type(target.policyOn());
        return HOLDERS.stream().filter(h -> h.governs().equals(type)).map(Holder::label).findFirst().orElse("resource policy");
    }

    /**
     * What a resource-policy statement is on, as a short phrase ({@code key policy of ArtifactKey}),
     * with names passed through {@code name} (to format them).
     */
    String where(Statement s, java.util.function.UnaryOperator<String> name) {
        Origin o = s.origin();
        String holder = HOLDERS.stream().filter(h -> h.type().equals(o.policyType())).map(Holder::label)
                .findFirst().orElse("policy");
        if (o.kind() == Kind.TRUST) {
            return holder + " of " + name.apply(roles.stream().filter(r -> r.stack() == o.stack() && r.id().equals(o.on()))
                    .map(Role::title).findFirst().orElse(o.on()));
        }
        return o.policyId().equals(o.on()) ? holder + " of " + name.apply(o.on())
                : holder + " " + name.apply(o.policyId()) + " on " + name.apply(o.onText());
    }

    /** The literal name a resource has, for the legend (a key's alias, a bucket's name, ...), or null. */
    String physicalName(StackTemplate stack, String id) {
        String type = stack.type(id);
        if ("AWS::KMS::Key".equals(type)) {
            List<String> aliases = new ArrayList<>();
            forEachResource(stack, "AWS::KMS::Alias", (alias, props) -> {
                JsonNode target = props.path("TargetKeyId");
                if (id.equals(target.path("Ref").asText(null))
                        || target.path("Fn::GetAtt").isArray() && id.equals(target.path("Fn::GetAtt").get(0).asText())) {
                    cfn(stack).literal(props.path("AliasName")).ifPresent(aliases::add);
                }
            });
            return aliases.isEmpty() ? null : String.join(", ", aliases);
        }
        String property = NAME_PROPERTIES.get(type);
        return property == null ? null : cfn(stack).literal(stack.properties(id).path(property)).orElse(null);
    }
}
