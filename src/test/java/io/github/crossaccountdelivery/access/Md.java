package io.github.crossaccountdelivery.access;

import io.github.crossaccountdelivery.access.Statement.Condition;
import io.github.crossaccountdelivery.access.Statement.Kind;
import java.util.List;
import java.util.stream.Collectors;

/** Markdown pieces the page is made of. */
final class Md {

    private Md() {
    }

    /** A code span, whatever the text holds. */
    static String code(String text) {
        String flat = text.replace("\r", " ").replace("\n", " ");
        if (flat.isEmpty()) {
            return "` `";
        }
        if (!flat.contains("`")) {
            return "`" + flat + "`";
        }
        return "`` " + flat + " ``";
    }

    /** Code spans, separated. */
    static String codes(List<String> texts, String separator) {
        return texts.stream().map(Md::code).collect(Collectors.joining(separator));
    }

    /** Text for a table cell: pipes escaped (GitHub unescapes them before reading code spans), one line. */
    static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /** A statement's conditions, each as written, or an empty string. */
    static String conditions(Statement s, String separator) {
        return s.conditions().stream().map(Condition::toString).map(Md::code).collect(Collectors.joining(separator));
    }

    /** Where a statement is: {@code `Sid` in `PolicyId`}, or {@code statement 2 in the key policy of `ArtifactKey` (orders-build)}. */
    static String statement(AccessModel model, Statement s) {
        String label = s.sid() != null && !s.sid().isEmpty() ? code(s.sid()) : "statement " + s.index();
        var o = s.origin();
        if (o.kind() == Kind.IDENTITY) {
            String policy = o.policyName() != null && o.policyType().equals("inline")
                    ? "inline policy " + code(o.policyName())
                    : code(o.policyId()) + (o.policyName() != null ? " (" + code(o.policyName()) + ")" : "");
            return label + " in " + policy;
        }
        return label + " in the " + model.where(s, Md::code) + " (" + o.stack().name() + ")";
    }

    /** A statement's reference followed by its conditions: {@code `Sid` in `Policy` when `...`}. */
    static String statementWithConditions(AccessModel model, Statement s) {
        String conditions = conditions(s, " and ");
        return statement(model, s) + (conditions.isEmpty() ? "" : " when " + conditions);
    }

    /** A text safe inside a quoted Mermaid label. */
    static String mermaid(String text) {
        return text.replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
    }
}
