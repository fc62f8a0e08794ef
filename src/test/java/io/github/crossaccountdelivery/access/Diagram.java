package io.github.crossaccountdelivery.access;

import io.github.crossaccountdelivery.access.AccessModel.Reach;
import io.github.crossaccountdelivery.access.AccessModel.Role;
import io.github.crossaccountdelivery.access.Statement.Kind;
import io.github.crossaccountdelivery.access.Statement.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The access graph as a Mermaid flowchart: accounts as subgraphs, roles as nodes, who may assume
 * whom (from trust policies), and what crosses an account boundary (resource-policy grants to a
 * principal of another account). Same-account resource access stays in the tables.
 */
final class Diagram {

    private record Edge(String from, String to, String arrow) implements Comparable<Edge> {
        @Override
        public int compareTo(Edge other) {
            return (from + " " + to + " " + arrow).compareTo(other.from + " " + other.to + " " + other.arrow);
        }
    }

    private final AccessModel model;
    /** Node ID to its declaration, by subgraph (account, or "services"). */
    private final Map<String, Map<String, String>> nodes = new TreeMap<>();
    private final Map<String, String> subgraphs = new TreeMap<>();
    private final Map<Edge, TreeSet<String>> edges = new TreeMap<>();

    Diagram(AccessModel model) {
        this.model = model;
    }

    List<String> lines() {
        TreeMap<String, TreeSet<String>> stacksByAccount = new TreeMap<>();
        model.stacks.forEach(s -> stacksByAccount.computeIfAbsent(s.account(), a -> new TreeSet<>()).add(s.name()));
        stacksByAccount.forEach((account, stacks) ->
                subgraphs.put(accountId(account), "Account " + account + ": " + String.join(", ", stacks)));
        for (Role role : model.roles) {
            node(accountId(role.account()), roleId(role), "[\"" + Md.mermaid(role.title()) + "\"]");
        }
        for (Statement s : model.resourceStatements) {
            if (!s.allow() || s.notPrincipal()) {
                continue;
            }
            if (s.origin().kind() == Kind.TRUST) {
                trustEdges(s);
            } else {
                crossingEdges(s);
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("```mermaid");
        lines.add("flowchart LR");
        subgraphs.forEach((id, label) -> {
            lines.add("  subgraph " + id + "[\"" + Md.mermaid(label) + "\"]");
            nodes.getOrDefault(id, Map.of()).forEach((node, shape) -> lines.add("    " + node + shape));
            lines.add("  end");
        });
        edges.forEach((edge, labels) -> lines.add("  " + edge.from() + " " + edge.arrow() + "|\""
                + Md.mermaid(String.join(" / ", labels)) + "\"| " + edge.to()));
        lines.add("```");
        return lines;
    }

    private void trustEdges(Statement s) {
        Role target = model.roles.stream().filter(r -> r.stack() == s.origin().stack() && r.id().equals(s.origin().on()))
                .findFirst().orElse(null);
        if (target == null) {
            return;
        }
        String label = actionsLabel(s);
        for (Principal p : s.principals()) {
            if (p.type().equals("Service")) {
                subgraphs.put("services", "AWS services");
                String id = "svc_" + safe(p.value());
                node("services", id, "([\"" + Md.mermaid(p.value()) + "\"])");
                edge(id, roleId(target), "-->", label);
                continue;
            }
            for (Role from : model.roles) {
                Reach reach = model.reach(s, from);
                boolean named = model.names(s, from);
                if (reach == Reach.NONE || !named && !(reach == Reach.ACCOUNT && identityAllowsAssume(from, target))) {
                    continue;
                }
                boolean crossing = !from.account().equals(target.account());
                boolean needsIdentity = crossing || reach == Reach.ACCOUNT;
                if (needsIdentity && !identityAllowsAssume(from, target)) {
                    edge(roleId(from), roleId(target), "-.->", "trusted, but its policies lack sts:AssumeRole");
                } else {
                    edge(roleId(from), roleId(target), crossing ? "==>" : "-->", label);
                }
            }
            outsiders(s, p, roleId(target), target.account(), label);
        }
    }

    private boolean identityAllowsAssume(Role from, Role target) {
        return model.identityStatements(from).stream().anyMatch(st -> st.allow() && st.covers("sts:AssumeRole")
                && st.coversResource(model.target(target).names(st.origin().stack())));
    }

    /** Resource-policy grants to a principal of another account than the resource's. */
    private void crossingEdges(Statement s) {
        StackTemplate stack = s.origin().stack();
        if (s.origin().on() == null || stack.type(s.origin().on()) == null) {
            return;
        }
        String resource = "res_" + safe(stack.name()) + "_" + safe(s.origin().on());
        String label = actionsLabel(s);
        boolean drawn = false;
        for (Role from : model.roles) {
            if (!from.account().equals(stack.account()) && model.names(s, from)) {
                edge(roleId(from), resource, "==>", label);
                drawn = true;
            }
        }
        for (Principal p : s.principals()) {
            drawn |= outsiders(s, p, resource, stack.account(), label);
        }
        if (drawn) {
            String name = model.physicalName(stack, s.origin().on());
            node(accountId(stack.account()), resource, "[(\"" + Md.mermaid(s.origin().on())
                    + (name == null ? "" : "<br/>" + Md.mermaid(name)) + "\")]");
        }
    }

    /**
     * An edge from a principal that is not a role of the templates, when it is in another account
     * than the thing it reaches: an account's root (its IAM policies decide), or anyone.
     */
    private boolean outsiders(Statement s, Principal p, String to, String toAccount, String label) {
        if (p.type().equals("Service")) {
            return false;
        }
        String account = AccessModel.rootAccount(p);
        boolean narrowed = !AccessModel.principalArnConditions(s).isEmpty();
        if (p.everyone() && !narrowed) {
            subgraphs.put("anyone", "Anyone");
            node("anyone", "anyone", "[\"* (every principal)\"]");
            edge("anyone", to, "==>", label);
            return true;
        }
        if (account == null || account.equals(toAccount) || narrowed) {
            return false;
        }
        boolean known = model.stacks.stream().anyMatch(st -> st.account().equals(account));
        if (!known) {
            subgraphs.put(accountId(account), "Account " + account + ", not in these templates");
        }
        String id = "root_" + account;
        node(accountId(account), id, "[\"" + Md.mermaid("account " + account + " (root: its IAM policies decide)") + "\"]");
        edge(id, to, "==>", label);
        return true;
    }

    private static String actionsLabel(Statement s) {
        if (s.notAction()) {
            return "all but " + String.join(", ", s.actions());
        }
        Map<String, List<String>> byService = new TreeMap<>();
        for (String action : s.actions()) {
            byService.computeIfAbsent(Statement.service(action), k -> new ArrayList<>())
                    .add(action.contains(":") ? action.substring(action.indexOf(':') + 1) : action);
        }
        return byService.entrySet().stream().map(e -> e.getKey() + ":" + String.join(", ", e.getValue()))
                .collect(Collectors.joining(" "));
    }

    private void node(String subgraph, String id, String shape) {
        nodes.computeIfAbsent(subgraph, k -> new TreeMap<>()).put(id, shape);
    }

    private void edge(String from, String to, String arrow, String label) {
        edges.computeIfAbsent(new Edge(from, to, arrow), k -> new TreeSet<>()).add(label);
    }

    private static String roleId(Role role) {
        return "role_" + safe(role.stack().name()) + "_" + safe(role.id());
    }

    private static String accountId(String account) {
        return "account_" + safe(account);
    }

    private static String safe(String text) {
        return text.replaceAll("[^A-Za-z0-9]", "_");
    }
}
