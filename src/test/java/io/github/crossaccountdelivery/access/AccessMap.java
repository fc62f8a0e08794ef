package io.github.crossaccountdelivery.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountdelivery.access.AccessModel.Reach;
import io.github.crossaccountdelivery.access.AccessModel.Role;
import io.github.crossaccountdelivery.access.AccessModel.Target;
import io.github.crossaccountdelivery.access.Statement.Kind;
import io.github.crossaccountdelivery.access.Statement.Principal;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The access map of a cloud assembly, as a Markdown page: for every IAM role of its templates,
 * where it lives, who may assume it and what it may do (its own policies and every resource or
 * trust policy that names it, as written); the other principals those policies name; the way a
 * commit's image takes through each pipeline, with the statement behind each step; and the graph
 * as a Mermaid diagram. Same input, same bytes.
 *
 * <p>Test tooling, not part of the deployed app: {@code scripts/access-map.sh [cdk.out]} prints it
 * for a cloud assembly, and {@code AccessMapTest} keeps {@code docs/access.md}, the example
 * configuration's map, up to date.
 */
public final class AccessMap {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the Markdown says about where it comes from; the same whatever the input. */
    static final String REGENERATE = "It is generated from the synthesized templates by"
            + " `src/test/java/io/github/crossaccountdelivery/access/AccessMap.java`: do not edit it by hand."
            + " The copy in `docs/access.md` is the tests' example configuration (`TestConfigurations`);"
            + " `AccessMapTest` fails when it is stale, and"
            + " `./mvnw -q -B test -Dtest=AccessMapTest -Dsnapshots.update=true` rewrites it. For your own"
            + " `cdk.json`, synthesize and run `scripts/access-map.sh cdk.out > access.md`.";

    private final AccessModel model;

    public AccessMap(List<StackTemplate> stacks) {
        this.model = new AccessModel(stacks);
    }

    public static void main(String[] args) throws IOException {
        Path assembly = Path.of(args.length > 0 ? args[0] : "cdk.out");
        System.exit(print(assembly, System.out, System.err));
    }

    /** Prints the map of an assembly; returns the exit status (2 when there is no assembly). */
    public static int print(Path assembly, PrintStream out, PrintStream err) throws IOException {
        if (!Files.isRegularFile(assembly.resolve("manifest.json"))) {
            err.println("No cloud assembly in " + assembly + ": run cdk synth first (the README's synth command).");
            return 2;
        }
        PrintStream utf8 = new PrintStream(out, true, StandardCharsets.UTF_8);
        utf8.print(new AccessMap(stacks(assembly)).markdown());
        utf8.flush();
        return 0;
    }

    /** The CloudFormation stacks of an assembly's manifest, nested assemblies (stages) included. */
    public static List<StackTemplate> stacks(Path assembly) throws IOException {
        List<StackTemplate> stacks = new ArrayList<>();
        JsonNode artifacts = JSON.readTree(assembly.resolve("manifest.json").toFile()).path("artifacts");
        Iterator<Map.Entry<String, JsonNode>> entries = artifacts.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            JsonNode artifact = entry.getValue();
            JsonNode properties = artifact.path("properties");
            switch (artifact.path("type").asText()) {
                case "aws:cloudformation:stack" -> stacks.add(StackTemplate.of(
                        properties.path("stackName").asText(entry.getKey()), artifact.path("environment").asText(),
                        JSON.readTree(assembly.resolve(properties.path("templateFile").asText()).toFile())));
                case "cdk:cloud-assembly" -> stacks.addAll(stacks(assembly.resolve(properties.path("directoryName").asText())));
                default -> {
                }
            }
        }
        return stacks;
    }

    /** The whole page. */
    public String markdown() {
        List<String> md = new ArrayList<>();
        md.add("# Access map");
        md.add("");
        md.add("Who may do what in the accounts these templates deploy to: every IAM role, where it lives, who may"
                + " assume it and what it may do, from its own policies and from every key, bucket, repository,"
                + " topic, queue and trust policy that names it; the other principals those policies name; the"
                + " way a commit's image takes to a running task; and the graph of it. " + REGENERATE);
        md.add("");
        md.add("How to read it:");
        md.add("");
        md.add("- Statements are shown as written: `Deny`, `NotAction`, `NotResource`, `NotPrincipal`, wildcards and"
                + " every condition verbatim. Conditions are not evaluated.");
        md.add("- `<Id>` and `<Id.Attribute>` are a `Ref` and an `Fn::GetAtt` of a resource of the statement's"
                + " stack (see [Resources referred to](#resources-referred-to)); pseudo parameters read as the"
                + " stack's account, region and partition; `Fn::Join` and `Fn::Sub` read as the text they make.");
        md.add("- A role's table holds its own policies' statements and the resource and trust policies' statements,"
                + " in any stack, that name it: by ARN, or as its account or `*` with an `aws:PrincipalArn`"
                + " condition that admits it. A statement that names an account without narrowing it, a service"
                + " or everyone is under [Other principals](#other-principals). Actions are grouped by service: a"
                + " statement with actions of two services has a row for each.");
        md.add("- A resource policy that names a role's account (rather than the role) or sits in another account"
                + " takes effect only where the role's own policies allow the same: such rows say which of their"
                + " actions the role's own policies do not allow.");
        md.add("");
        accounts(md);
        md.add("## Diagram");
        md.add("");
        md.add("An arrow into a role: its trust policy lets that AWS service or role assume it. A thick arrow"
                + " crosses an account boundary: a role assuming a role of another account, or a resource policy"
                + " granting a principal of another account (labelled with the actions it allows; across accounts"
                + " the principal's own policies must allow them too, and the role tables mark what they do not)."
                + " A dotted arrow: trusted, but the role's own policies lack `sts:AssumeRole` on it.");
        md.add("");
        md.addAll(new Diagram(model).lines());
        md.add("");
        md.add("## Paths");
        md.add("");
        md.addAll(new PathChecks(model).lines());
        md.add("## Roles");
        md.add("");
        for (Role role : model.roles) {
            role(md, role);
        }
        others(md);
        legend(md);
        notRead(md);
        while (md.get(md.size() - 1).isEmpty()) {
            md.remove(md.size() - 1);
        }
        return String.join("\n", md) + "\n";
    }

    /** How many permissions the paths found not allowed. */
    public int pathsNotAllowed() {
        PathChecks paths = new PathChecks(model);
        paths.lines();
        return paths.notAllowed();
    }

    private void accounts(List<String> md) {
        md.add("## Accounts");
        md.add("");
        md.add("| Account | Region | Stack | Roles |");
        md.add("|---|---|---|---|");
        for (StackTemplate stack : model.stacks) {
            String roles = model.roles.stream().filter(r -> r.stack() == stack).map(r -> Md.code(r.title()))
                    .collect(Collectors.joining(", "));
            md.add("| " + stack.account() + " | " + stack.region() + " | " + Md.code(stack.name()) + " | "
                    + (roles.isEmpty() ? "none" : roles) + " |");
        }
        md.add("");
    }

    private void role(List<String> md, Role role) {
        md.add("### " + role.title());
        md.add("");
        md.add("- In stack " + Md.code(role.stack().name()) + ", account " + role.account() + "; logical ID "
                + Md.code(role.id()) + (role.arn() != null ? "; ARN " + Md.code(role.arn())
                : "; no `RoleName`, so CloudFormation names it and its ARN is known only after deploy") + ".");
        List<String> usedBy = usedBy(role);
        md.add("- Used by: " + (usedBy.isEmpty() ? "nothing in these templates" : String.join("; ", usedBy)) + ".");
        md.add("- Who may assume it (its trust policy):");
        List<Statement> trust = model.trust(role);
        if (trust.isEmpty()) {
            md.add("  - no statement");
        }
        for (Statement s : trust) {
            md.add("  - " + s.label() + ": " + (s.deny() ? "**Deny** " : s.effect() + " ") + actionsText(s) + " "
                    + (s.notPrincipal() ? "to every principal except " : "to ")
                    + s.principals().stream().map(p -> Md.code(p.toString())).collect(Collectors.joining(", "))
                    + conditionsSuffix(s) + assumers(s));
        }
        JsonNode boundary = role.stack().properties(role.id()).path("PermissionsBoundary");
        if (!boundary.isMissingNode()) {
            md.add("- Permissions boundary: " + Md.code(model.cfn(role.stack()).text(boundary))
                    + " (its statements are not in the templates; it caps everything below)");
        }
        md.add("");
        List<String[]> rows = new ArrayList<>();
        for (Statement s : model.identityStatements(role)) {
            rows.addAll(rows(s, null));
        }
        for (String arn : model.managedPolicyArns(role)) {
            rows.add(new String[] {"?", "?", "what the managed policy allows", "", "", "managed policy " + Md.code(arn)
                    + ": its statements are not in the templates", "0"});
        }
        for (Statement s : model.namingStatements(role)) {
            rows.addAll(rows(s, role));
        }
        table(md, rows);
    }

    /** Roles of the templates a trust statement's principals name: read-out of who that is. */
    private String assumers(Statement s) {
        TreeSet<String> names = new TreeSet<>();
        for (Role r : model.roles) {
            if (model.names(s, r)) {
                names.add(Md.code(r.title()) + " (" + r.stack().name() + ")");
            }
        }
        return names.isEmpty() ? "" : ": that is, " + String.join(", ", names);
    }

    private static String actionsText(Statement s) {
        return (s.notAction() ? "every action except " : "") + Md.codes(s.actions(), ", ");
    }

    private static String conditionsSuffix(Statement s) {
        String conditions = Md.conditions(s, " and ");
        return conditions.isEmpty() ? "" : " when " + conditions;
    }

    /**
     * A statement's rows, one per service: service, effect, actions, resources, conditions,
     * where it is written, and a sort key. {@code named} is the role a resource statement is shown
     * for (null for identity statements and for other principals).
     */
    private List<String[]> rows(Statement s, Role named) {
        List<String[]> rows = new ArrayList<>();
        String resources = resourcesText(s);
        String conditions = Md.conditions(s, "<br>");
        String where = Md.statement(model, s);
        if (s.origin().kind() != Kind.IDENTITY) {
            where += ", to " + (s.notPrincipal() ? "every principal except " : "")
                    + s.principals().stream().map(p -> Md.code(p.toString())).collect(Collectors.joining(", "));
        }
        for (String service : s.services()) {
            List<String> actions = s.actionsOf(service);
            String note = named == null || !s.allow() ? "" : ineffective(s, named, actions);
            String effect = s.deny() ? "**Deny**" : s.effect();
            String actionText = (s.notAction() ? "NotAction: " : "") + Md.codes(actions, "<br>");
            rows.add(new String[] {service, effect, actionText, resources, conditions, where + note,
                    String.valueOf(s.origin().kind().ordinal())});
        }
        return rows;
    }

    /** For a resource statement that needs the role's own Allow too: the actions it lacks. */
    private String ineffective(Statement s, Role role, List<String> actions) {
        if (s.notAction() || s.origin().on() == null || s.origin().stack().type(s.origin().on()) == null) {
            return "";
        }
        boolean needsIdentity = !role.account().equals(s.origin().stack().account()) || model.reach(s, role) == Reach.ACCOUNT;
        if (!needsIdentity) {
            return "";
        }
        Target target = model.target(s.origin().stack(), s.origin().on());
        List<String> lacking = new ArrayList<>();
        for (String action : actions) {
            if (action.contains("*") || action.contains("?")) {
                continue;
            }
            boolean allowed = model.identityStatements(role).stream().anyMatch(i -> i.allow() && i.covers(action)
                    && (i.coversResource(target.names(i.origin().stack()))
                    || i.coversResource(AccessModel.within(target, "/<object>", "/<object>", "").names(i.origin().stack()))));
            if (!allowed) {
                lacking.add(action);
            }
        }
        if (lacking.isEmpty()) {
            return "";
        }
        return "<br>*No effect for " + Md.codes(lacking, ", ") + ": the role's own policies do not allow "
                + (lacking.size() == 1 ? "it" : "them") + " here.*";
    }

    private String resourcesText(Statement s) {
        var o = s.origin();
        String on = switch (o.kind()) {
            case IDENTITY -> "";
            case TRUST -> "on role " + model.roles.stream().filter(r -> r.stack() == o.stack() && r.id().equals(o.on()))
                    .map(r -> Md.code(r.title())).findFirst().orElse(Md.code(o.onText()));
            case RESOURCE -> "on " + Md.code(o.onText());
        };
        String written = switch (s.resourceForm()) {
            case RESOURCE -> Md.codes(s.resources(), "<br>");
            case NOT_RESOURCE -> "NotResource: " + Md.codes(s.resources(), "<br>");
            case NONE -> "";
        };
        return on.isEmpty() ? written : written.isEmpty() ? on : on + ": " + written;
    }

    private static void table(List<String> md, List<String[]> rows) {
        if (rows.isEmpty()) {
            md.add("No statement allows or denies it anything.");
            md.add("");
            return;
        }
        rows.sort((a, b) -> {
            for (int i : new int[] {0, 1, 6, 5, 2}) {
                int c = a[i].compareTo(b[i]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        md.add("| Service | Effect | Actions | Resources | Conditions | Statement |");
        md.add("|---|---|---|---|---|---|");
        for (String[] row : rows) {
            md.add("| " + Md.cell(row[0]) + " | " + Md.cell(row[1]) + " | " + Md.cell(row[2]) + " | " + Md.cell(row[3])
                    + " | " + Md.cell(row[4]) + " | " + Md.cell(row[5]) + " |");
        }
        md.add("");
    }

    /** Resource and trust statements whose principals are not (only) roles of the templates. */
    private void others(List<String> md) {
        md.add("## Other principals");
        md.add("");
        md.add("Principals that resource and trust policies name and that are not a role of these templates:"
                + " accounts (their IAM policies decide which of their principals get it), AWS services, and"
                + " everyone. Statements for every principal apply to each role above as well.");
        md.add("");
        Map<String, List<String[]>> groups = new TreeMap<>();
        for (Statement s : model.resourceStatements) {
            if (s.notPrincipal()) {
                String heading = "Every principal except " + s.principals().stream().map(p -> Md.code(p.toString()))
                        .collect(Collectors.joining(", "));
                groups.computeIfAbsent(heading, k -> new ArrayList<>()).addAll(rows(s, null));
                continue;
            }
            for (Principal p : s.principals()) {
                if (p.type().equals("AWS") && model.role(s.origin().stack(), p.value()).isPresent()) {
                    continue;
                }
                boolean everyoneOrAccount = p.everyone() || AccessModel.rootAccount(p) != null;
                var narrowing = AccessModel.principalArnConditions(s);
                String account = AccessModel.rootAccount(p);
                if (everyoneOrAccount && !narrowing.isEmpty() && narrowing.stream().allMatch(c -> c.texts().stream()
                        .allMatch(v -> model.rolesNamedBy(s, v).stream()
                                .anyMatch(r -> account == null || r.account().equals(account))))) {
                    continue; // every principal it admits is a role above
                }
                groups.computeIfAbsent(heading(p), k -> new ArrayList<>()).addAll(rows(s, null));
            }
        }
        if (groups.isEmpty()) {
            md.add("None.");
            md.add("");
        }
        groups.forEach((heading, rows) -> {
            md.add("### " + heading);
            md.add("");
            table(md, rows);
        });
    }

    private String heading(Principal p) {
        String account = AccessModel.rootAccount(p);
        if (account != null) {
            List<String> stacks = model.stacks.stream().filter(s -> s.account().equals(account)).map(StackTemplate::name).toList();
            return "Account " + account + (stacks.isEmpty() ? ", not in these templates"
                    : " (" + String.join(", ", stacks) + ")") + ": " + Md.code(p.toString());
        }
        if (p.everyone()) {
            return "Every principal (`*`)";
        }
        if (p.type().equals("Service")) {
            return "Service " + Md.code(p.value());
        }
        return Md.code(p.toString());
    }

    /** Where the templates refer to the role outside IAM policies: the resources that run as it. */
    private List<String> usedBy(Role role) {
        TreeSet<String> uses = new TreeSet<>();
        for (StackTemplate stack : model.stacks) {
            Cfn quiet = new Cfn(stack); // renders without adding to the legend
            stack.template().path("Resources").fields().forEachRemaining(e -> {
                String type = e.getValue().path("Type").asText();
                if (type.startsWith("AWS::IAM::") || e.getKey().equals(role.id()) && stack == role.stack()) {
                    return;
                }
                List<String> found = new ArrayList<>();
                scan(e.getValue().path("Properties"), "", stack, quiet, role, found);
                for (String path : found) {
                    if (isPolicyDocument(type, path)) {
                        continue;
                    }
                    uses.add(Md.code(e.getKey()) + " (" + type + (stack == role.stack() ? "" : " in " + stack.name())
                            + ") at " + Md.code(path));
                }
            });
        }
        return List.copyOf(uses);
    }

    private static boolean isPolicyDocument(String type, String path) {
        return type.equals("AWS::KMS::Key") && path.startsWith("KeyPolicy")
                || type.equals("AWS::ECR::Repository") && path.startsWith("RepositoryPolicyText")
                || type.endsWith("Policy") && path.startsWith("PolicyDocument");
    }

    private static void scan(JsonNode node, String path, StackTemplate stack, Cfn cfn, Role role, List<String> found) {
        if (node.isObject() && node.size() == 1) {
            String function = node.fieldNames().next();
            JsonNode argument = node.get(function);
            boolean sameStack = stack == role.stack();
            if (function.equals("Ref") && sameStack && argument.asText().equals(role.id())
                    || function.equals("Fn::GetAtt") && sameStack && (argument.isArray()
                    ? argument.get(0).asText().equals(role.id()) : argument.asText().startsWith(role.id() + "."))) {
                found.add(path);
                return;
            }
            if (function.equals("Fn::Join") || function.equals("Fn::Sub")) {
                if (role.arn() != null && cfn.text(node).equals(role.arn())) {
                    found.add(path);
                }
                return;
            }
        }
        if (node.isTextual() && role.arn() != null && node.asText().equals(role.arn())) {
            found.add(path);
            return;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                scan(node.get(i), path + "[" + i + "]", stack, cfn, role, found);
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> scan(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
                    stack, cfn, role, found));
        }
    }

    private void legend(List<String> md) {
        md.add("## Resources referred to");
        md.add("");
        md.add("What `<Id>` and `<Id.Attribute>` above stand for, stack by stack.");
        md.add("");
        md.add("| Stack | Logical ID | Type | Name |");
        md.add("|---|---|---|---|");
        for (StackTemplate stack : model.stacks) {
            for (String id : model.cfn(stack).referenced()) {
                String type = stack.type(id);
                if (type == null && stack.template().path("Parameters").has(id)) {
                    type = "parameter";
                }
                if (type == null) {
                    continue;
                }
                String name = model.physicalName(stack, id);
                md.add("| " + Md.code(stack.name()) + " | " + Md.code(id) + " | " + type + " | "
                        + (name == null ? "" : Md.cell(Md.code(name))) + " |");
            }
        }
        md.add("");
    }

    private void notRead(List<String> md) {
        List<String> found = new ArrayList<>();
        for (StackTemplate stack : model.stacks) {
            stack.template().path("Resources").fields().forEachRemaining(e -> {
                if (AccessModel.NOT_READ.contains(e.getValue().path("Type").asText())) {
                    found.add(Md.code(e.getKey()) + " (" + e.getValue().path("Type").asText() + ", " + stack.name() + ")");
                }
            });
        }
        if (!found.isEmpty()) {
            md.add("## Not read");
            md.add("");
            md.add("These resources carry policies or identities this map does not read: " + String.join(", ", found) + ".");
            md.add("");
        }
    }
}
