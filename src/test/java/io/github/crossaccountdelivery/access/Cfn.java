package io.github.crossaccountdelivery.access;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CloudFormation values of one stack as readable text, the same text every time.
 *
 * <ul>
 *   <li>Pseudo parameters resolve to the stack's own account, region and partition, which the
 *       assembly fixes: {@code arn:${AWS::Partition}:iam::aws:policy/x} reads {@code arn:aws:iam::aws:policy/x}.</li>
 *   <li>{@code Ref} and {@code Fn::GetAtt} of a resource or parameter read {@code <LogicalId>} and
 *       {@code <LogicalId.Attribute>}; the referenced IDs are collected for the page's legend.</li>
 *   <li>{@code Fn::Join} and {@code Fn::Sub} read as the text they make; {@code Fn::Select} and
 *       {@code Fn::Split} are worked out when their input is literal.</li>
 *   <li>Anything else reads as its function and arguments, {@code Fn::If(...)}.</li>
 * </ul>
 */
final class Cfn {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final StackTemplate stack;
    private final SortedSet<String> referenced = new TreeSet<>();

    Cfn(StackTemplate stack) {
        this.stack = stack;
    }

    StackTemplate stack() {
        return stack;
    }

    /** The logical IDs (resources and parameters) that rendered values referred to so far. */
    SortedSet<String> referenced() {
        return referenced;
    }

    /** A value as text. */
    String text(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isValueNode()) {
            return value.toString();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(text(item)));
            return "[" + String.join(", ", items) + "]";
        }
        if (value.size() == 1) {
            String function = value.fieldNames().next();
            JsonNode argument = value.get(function);
            switch (function) {
                case "Ref":
                    return ref(argument.asText());
                case "Fn::GetAtt":
                    return getAtt(argument);
                case "Fn::Join":
                    if (argument.isArray() && argument.size() == 2 && argument.get(1).isArray()) {
                        List<String> parts = new ArrayList<>();
                        argument.get(1).forEach(part -> parts.add(text(part)));
                        return String.join(text(argument.get(0)), parts);
                    }
                    break;
                case "Fn::Sub":
                    return sub(argument);
                case "Fn::ImportValue":
                    return "<import " + text(argument) + ">";
                default:
                    break;
            }
            if (function.startsWith("Fn::")) {
                Optional<String> literal = literal(value);
                if (literal.isPresent()) {
                    return literal.get();
                }
                List<String> arguments = new ArrayList<>();
                if (argument.isArray()) {
                    argument.forEach(a -> arguments.add(quoted(a)));
                } else {
                    arguments.add(quoted(argument));
                }
                return function + "(" + String.join(", ", arguments) + ")";
            }
        }
        List<String> fields = new ArrayList<>();
        value.fields().forEachRemaining(e -> fields.add(e.getKey() + ": " + text(e.getValue())));
        return "{" + String.join(", ", fields) + "}";
    }

    /** A value's text when it needs no deploy-time value; empty otherwise. */
    Optional<String> literal(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (value.isValueNode()) {
            return Optional.of(value.isTextual() ? value.asText() : value.toString());
        }
        if (!value.isObject() || value.size() != 1) {
            return Optional.empty();
        }
        String function = value.fieldNames().next();
        JsonNode argument = value.get(function);
        switch (function) {
            case "Ref":
                return pseudo(argument.asText());
            case "Fn::Join": {
                if (!argument.isArray() || argument.size() != 2 || !argument.get(1).isArray()) {
                    return Optional.empty();
                }
                List<String> parts = new ArrayList<>();
                for (JsonNode part : argument.get(1)) {
                    Optional<String> literal = literal(part);
                    if (literal.isEmpty()) {
                        return Optional.empty();
                    }
                    parts.add(literal.get());
                }
                return literal(argument.get(0)).map(separator -> String.join(separator, parts));
            }
            case "Fn::Sub": {
                String rendered = text(value);
                return rendered.contains("<") ? Optional.empty() : Optional.of(rendered);
            }
            case "Fn::Select": {
                if (!argument.isArray() || argument.size() != 2) {
                    return Optional.empty();
                }
                Optional<String> index = literal(argument.get(0));
                Optional<List<String>> list = list(argument.get(1));
                if (index.isEmpty() || list.isEmpty() || !index.get().matches("\\d+")) {
                    return Optional.empty();
                }
                int i = Integer.parseInt(index.get());
                return i < list.get().size() ? Optional.of(list.get().get(i)) : Optional.empty();
            }
            default:
                return Optional.empty();
        }
    }

    private Optional<List<String>> list(JsonNode value) {
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                Optional<String> literal = literal(item);
                if (literal.isEmpty()) {
                    return Optional.empty();
                }
                items.add(literal.get());
            }
            return Optional.of(items);
        }
        JsonNode split = value.path("Fn::Split");
        if (value.size() == 1 && split.isArray() && split.size() == 2) {
            Optional<String> separator = literal(split.get(0));
            Optional<String> source = literal(split.get(1));
            if (separator.isPresent() && source.isPresent()) {
                return Optional.of(List.of(source.get().split(Pattern.quote(separator.get()), -1)));
            }
        }
        return Optional.empty();
    }

    private String quoted(JsonNode argument) {
        return argument.isTextual() ? "\"" + argument.asText() + "\"" : text(argument);
    }

    private String ref(String name) {
        return pseudo(name).orElseGet(() -> {
            referenced.add(name);
            return "<" + name + ">";
        });
    }

    private String getAtt(JsonNode argument) {
        String id;
        String attribute;
        if (argument.isArray() && argument.size() == 2) {
            id = argument.get(0).asText();
            attribute = text(argument.get(1));
        } else {
            String[] parts = argument.asText().split("\\.", 2);
            id = parts[0];
            attribute = parts.length > 1 ? parts[1] : "";
        }
        referenced.add(id);
        return "<" + id + "." + attribute + ">";
    }

    private String sub(JsonNode argument) {
        String template;
        Map<String, String> variables = new java.util.TreeMap<>();
        if (argument.isArray()) {
            template = argument.path(0).asText();
            Iterator<Map.Entry<String, JsonNode>> fields = argument.path(1).fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                variables.put(field.getKey(), text(field.getValue()));
            }
        } else {
            template = argument.asText();
        }
        Matcher m = SUB_VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (name.startsWith("!")) {
                replacement = "${" + name.substring(1) + "}";
            } else if (variables.containsKey(name)) {
                replacement = variables.get(name);
            } else if (name.contains(".")) {
                String[] parts = name.split("\\.", 2);
                referenced.add(parts[0]);
                replacement = "<" + name + ">";
            } else {
                replacement = ref(name);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private Optional<String> pseudo(String name) {
        switch (name) {
            case "AWS::AccountId":
                return stack.account().matches("\\d{12}") ? Optional.of(stack.account()) : Optional.empty();
            case "AWS::Region":
                return Optional.of(stack.region());
            case "AWS::Partition":
                return Optional.of(stack.partition());
            case "AWS::URLSuffix":
                return Optional.of(stack.partition().equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com");
            case "AWS::StackName":
                return Optional.of(stack.name());
            default:
                return Optional.empty();
        }
    }
}
