package io.github.crossaccountdelivery.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountdelivery.access.AccessModel.Role;
import io.github.crossaccountdelivery.access.AccessModel.Target;
import io.github.crossaccountdelivery.access.AccessModel.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The way from a commit to a running task, read from each pipeline of the templates: its stages
 * and actions in order, who runs each, and for every permission a step uses, the statements of
 * the templates that allow it. What each kind of action uses is AWS's documentation, written
 * here; whether it is allowed is read from the templates, so a permission that goes missing
 * shows as NOT ALLOWED.
 */
final class PathChecks {

    /** Marks a step whose permission no statement allows; the tests look for it. */
    static final String NOT_ALLOWED = "**NOT ALLOWED**";

    private static final List<String> PUSH = List.of("ecr:BatchCheckLayerAvailability", "ecr:CompleteLayerUpload",
            "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart");
    private static final List<String> PULL = List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer");
    private static final List<String> ECS_DEPLOY = List.of("ecs:DescribeServices", "ecs:UpdateService");
    private static final List<String> ECS_TASK_DEFINITIONS = List.of("ecs:DescribeTaskDefinition",
            "ecs:RegisterTaskDefinition");
    private static final List<String> ECS_WATCH = List.of("ecs:DescribeTasks", "ecs:ListTasks");
    private static final Pattern CLI_CALL = Pattern.compile("\\baws\\s+([a-z0-9-]+)\\s+([a-z][a-z0-9-]*)");

    private final AccessModel model;
    private final List<String> out = new ArrayList<>();
    private int notAllowed;

    PathChecks(AccessModel model) {
        this.model = model;
    }

    /** The section's lines, one list per pipeline. */
    List<String> lines() {
        out.clear();
        notAllowed = 0;
        boolean any = false;
        for (StackTemplate stack : model.stacks) {
            List<String> ids = new ArrayList<>();
            AccessModel.forEachResource(stack, "AWS::CodePipeline::Pipeline", (id, props) -> ids.add(id));
            for (String id : ids) {
                pipeline(stack, id);
                any = true;
            }
        }
        if (!any) {
            out.add("These templates hold no AWS::CodePipeline::Pipeline.");
            out.add("");
        }
        return out;
    }

    /** How many permissions the last rendering found not allowed. */
    int notAllowed() {
        return notAllowed;
    }

    private record Store(Target objects, Target key, String keyText) {
    }

    private void pipeline(StackTemplate stack, String id) {
        Cfn cfn = model.cfn(stack);
        JsonNode props = stack.properties(id);
        String name = cfn.literal(props.path("Name")).orElse(id);
        Optional<Role> pipelineRole = model.role(stack, cfn.text(props.path("RoleArn")));
        String roleText = pipelineRole.map(r -> Md.code(r.title())).orElse(Md.code(cfn.text(props.path("RoleArn"))));
        JsonNode storeJson = props.path("ArtifactStore");
        if (storeJson.isMissingNode()) {
            for (JsonNode candidate : props.path("ArtifactStores")) {
                if (stack.region().equals(candidate.path("Region").asText())) {
                    storeJson = candidate.path("ArtifactStore");
                }
            }
        }
        Store store = store(stack, storeJson);
        out.add("### Pipeline " + Md.code(name) + " (" + stack.name() + ", account " + stack.account() + ")");
        out.add("");
        out.add("Runs as " + roleText + "; keeps its artifacts in " + Md.code(store.objects().display()) + ", encrypted with "
                + store.keyText() + ". Each numbered step is an action, in stage order; each bullet a permission"
                + " it uses, with the statements that allow it (conditions as written, not evaluated). Which"
                + " permissions each kind of action uses is written in the generator, from AWS's documentation of"
                + " the action; whether the templates allow them, and by which statement, is read from the templates,"
                + " and a permission they do not allow is marked, in bold capitals, as not allowed.");
        out.add("");
        List<Target> imageRepositories = imageRepositories(stack, props);
        int step = 0;
        for (JsonNode stage : props.path("Stages")) {
            List<JsonNode> actions = new ArrayList<>();
            stage.path("Actions").forEach(actions::add);
            actions.sort(Comparator.comparingInt((JsonNode a) -> a.path("RunOrder").asInt(1))
                    .thenComparing(a -> a.path("Name").asText()));
            for (JsonNode action : actions) {
                step++;
                action(step, stack, name, stage.path("Name").asText(), action, pipelineRole, store, imageRepositories);
            }
        }
        out.add("");
    }

    private Store store(StackTemplate stack, JsonNode json) {
        Cfn cfn = model.cfn(stack);
        Target bucket = AccessModel.arn("arn:" + stack.partition() + ":s3:::" + cfn.text(json.path("Location")));
        String ref = json.path("Location").path("Ref").asText(null);
        if (ref != null && "AWS::S3::Bucket".equals(stack.type(ref))) {
            bucket = model.target(stack, ref);
        }
        String display = bucket.literalNames().isEmpty() ? "<" + ref + ".Arn>/<object>" : bucket.literalNames().get(0) + "/<object>";
        Target objects = AccessModel.within(bucket, "/<object>", "/<object>", display);
        JsonNode keyId = json.path("EncryptionKey").path("Id");
        if (keyId.isMissingNode()) {
            return new Store(objects, null, "S3's default encryption (no EncryptionKey: the AWS managed key, which"
                    + " other accounts cannot use)");
        }
        return key(stack, keyId).map(k -> new Store(objects, k, keyText(stack, k)))
                .orElseGet(() -> new Store(objects, AccessModel.arn(cfn.text(keyId)), "key " + Md.code(cfn.text(keyId))));
    }

    private Optional<Target> key(StackTemplate stack, JsonNode keyId) {
        String id = keyId.path("Ref").asText(null);
        if (id == null && keyId.path("Fn::GetAtt").isArray()) {
            id = keyId.path("Fn::GetAtt").get(0).asText();
        }
        if (id != null && "AWS::KMS::Key".equals(stack.type(id))) {
            return Optional.of(model.target(stack, id));
        }
        return Optional.empty();
    }

    private String keyText(StackTemplate stack, Target key) {
        String id = key.localNames().get(0).replaceAll("^<|\\.Arn>$", "");
        String alias = model.physicalName(stack, id);
        return "key " + Md.code(key.display()) + (alias == null ? "" : " (" + Md.code(alias) + ")");
    }

    /** The ECR repositories the pipeline's CodeBuild projects name in their environment: where images go. */
    private List<Target> imageRepositories(StackTemplate stack, JsonNode pipeline) {
        TreeSet<String> ids = new TreeSet<>();
        for (JsonNode stage : pipeline.path("Stages")) {
            for (JsonNode action : stage.path("Actions")) {
                String project = action.path("Configuration").path("ProjectName").path("Ref").asText(null);
                if (project != null && "AWS::CodeBuild::Project".equals(stack.type(project))) {
                    collectReferences(stack.properties(project).path("Environment"), stack, "AWS::ECR::Repository", ids);
                }
            }
        }
        return ids.stream().map(id -> model.target(stack, id)).toList();
    }

    private static void collectReferences(JsonNode node, StackTemplate stack, String type, TreeSet<String> ids) {
        if (node.isObject()) {
            String ref = node.path("Ref").asText(null);
            if (ref != null && type.equals(stack.type(ref))) {
                ids.add(ref);
            }
            JsonNode getAtt = node.path("Fn::GetAtt");
            if (getAtt.isArray() && type.equals(stack.type(getAtt.get(0).asText()))) {
                ids.add(getAtt.get(0).asText());
            }
        }
        node.forEach(child -> collectReferences(child, stack, type, ids));
    }

    private void action(int step, StackTemplate stack, String pipelineName, String stageName, JsonNode action,
                        Optional<Role> pipelineRole, Store store, List<Target> repositories) {
        Cfn cfn = model.cfn(stack);
        String category = action.path("ActionTypeId").path("Category").asText();
        String provider = action.path("ActionTypeId").path("Provider").asText();
        JsonNode config = action.path("Configuration");
        Optional<Role> runner = action.has("RoleArn") ? model.role(stack, cfn.text(action.path("RoleArn"))) : pipelineRole;
        String runnerText = runner.map(r -> Md.code(r.title()) + (r.account().equals(stack.account()) ? ""
                : " (account " + r.account() + ")")).orElse(Md.code(cfn.text(action.path("RoleArn"))) + " (not in these templates)");
        String head = step + ". **" + stageName + ": " + action.path("Name").asText() + "** (" + category + ", " + provider;
        switch (provider) {
            case "CodeStarSourceConnection" -> {
                out.add(head + ", " + Md.code(cfn.text(config.path("FullRepositoryId"))) + " branch "
                        + Md.code(cfn.text(config.path("BranchName"))) + "), as " + runnerText);
                runner.ifPresent(r -> {
                    check("fetches the commit through the connection", r,
                            List.of("codestar-connections:UseConnection", "codeconnections:UseConnection"), true,
                            AccessModel.arn(cfn.text(config.path("ConnectionArn"))));
                    writeArtifacts(r, action, store);
                });
            }
            case "CodeBuild" -> {
                String projectId = config.path("ProjectName").path("Ref").asText(null);
                out.add(head + ", project " + Md.code(projectId == null ? cfn.text(config.path("ProjectName"))
                        : Optional.ofNullable(model.physicalName(stack, projectId)).orElse(projectId)) + "), started by " + runnerText);
                if (projectId == null || !"AWS::CodeBuild::Project".equals(stack.type(projectId))) {
                    out.add("   - the project is not in these templates");
                    break;
                }
                Target project = model.target(stack, projectId);
                runner.ifPresent(r -> check("starts and watches the build", r,
                        List.of("codebuild:BatchGetBuilds", "codebuild:StartBuild"), false, project));
                JsonNode projectProps = stack.properties(projectId);
                Optional<Role> service = model.role(stack, cfn.text(projectProps.path("ServiceRole")));
                if (service.isEmpty()) {
                    out.add("   - its service role " + Md.code(cfn.text(projectProps.path("ServiceRole"))) + " is not in these templates");
                    break;
                }
                Role build = service.get();
                assumedByService("CodeBuild", "codebuild.amazonaws.com", build);
                readArtifacts(build, action, store);
                check("logs in to ECR", build, List.of("ecr:GetAuthorizationToken"), false,
                        AccessModel.anyResource(build.account()));
                for (Target repository : repositories) {
                    check("pushes the image", build, PUSH, false, repository);
                }
                Store output = projectProps.has("EncryptionKey") ? key(stack, projectProps.path("EncryptionKey"))
                        .map(k -> new Store(store.objects(), k, keyText(stack, k)))
                        .orElse(store) : store;
                if (output.key() != null && store.key() != null && !output.key().display().equals(store.key().display())) {
                    out.add("   - the project encrypts its output with " + output.keyText());
                }
                writeArtifacts(build, action, output);
                JsonNode group = projectProps.path("LogsConfig").path("CloudWatchLogs").path("GroupName");
                String groupId = group.path("Ref").asText(null);
                if (groupId != null && "AWS::Logs::LogGroup".equals(stack.type(groupId))) {
                    check("writes its build log", build, List.of("logs:CreateLogStream", "logs:PutLogEvents"), false,
                            streams(model.target(stack, groupId)));
                }
            }
            case "Manual" -> {
                out.add(head + "): a person approves. It takes " + Md.code("codepipeline:PutApprovalResult")
                        + " on the action, granted outside these templates");
                Target target = AccessModel.arn("arn:" + stack.partition() + ":codepipeline:" + stack.region() + ":"
                        + stack.account() + ":" + pipelineName + "/" + stageName + "/" + action.path("Name").asText());
                List<String> approvers = model.roles.stream()
                        .filter(r -> model.may(r, "codepipeline:PutApprovalResult", target).allowed())
                        .map(r -> Md.code(r.title())).toList();
                out.add("   - roles of these templates that may approve: " + (approvers.isEmpty() ? "none" : String.join(", ", approvers)));
            }
            case "ECS" -> {
                String cluster = cfn.text(config.path("ClusterName"));
                String serviceName = cfn.text(config.path("ServiceName"));
                out.add(head + ", service " + Md.code(serviceName) + " of cluster " + Md.code(cluster) + "), as " + runnerText);
                if (runner.isEmpty()) {
                    break;
                }
                Role deployer = runner.get();
                assumedBy(pipelineRole, deployer);
                readArtifacts(deployer, action, store);
                Optional<Service> service = service(deployer.account(), cluster, serviceName);
                if (service.isEmpty()) {
                    out.add("   - the service is not in the templates of account " + deployer.account());
                    notAllowed++;
                    break;
                }
                Service s = service.get();
                check("reads and updates the service", deployer, ECS_DEPLOY, false, s.target());
                check("registers the new task definition revision", deployer, ECS_TASK_DEFINITIONS, false, s.taskDefinition());
                check("tags it", deployer, List.of("ecs:TagResource"), false, s.taskDefinition());
                check("watches the rollout's tasks", deployer, ECS_WATCH, false, AccessModel.arn("arn:" + s.stack().partition()
                        + ":ecs:" + s.stack().region() + ":" + s.stack().account() + ":task/" + cluster + "/<task>"));
                for (Role passed : s.roles()) {
                    check("passes " + Md.code(passed.title()) + " to the task definition", deployer,
                            List.of("iam:PassRole"), false, model.target(passed));
                }
                taskStart(s, repositories);
            }
            case "Commands" -> {
                out.add(head + "), as " + runnerText);
                if (runner.isEmpty()) {
                    break;
                }
                Role commands = runner.get();
                assumedBy(pipelineRole, commands);
                readArtifacts(commands, action, store);
                Target group = logGroup(commands.account(), commands.stack(), "/aws/codepipeline/" + pipelineName);
                check("creates its log group", commands, List.of("logs:CreateLogGroup"), false, group);
                check("writes its log", commands, List.of("logs:CreateLogStream", "logs:PutLogEvents"), false, streams(group));
                cliCalls(commands, action);
            }
            default -> {
                out.add(head + "), as " + runnerText + ": no checks for this kind of action");
                runner.ifPresent(r -> {
                    readArtifacts(r, action, store);
                    writeArtifacts(r, action, store);
                });
            }
        }
    }

    private record Service(StackTemplate stack, String id, Target target, Target taskDefinition, String taskDefinitionId,
                           List<Role> roles) {
    }

    /** The ECS service with this cluster and name in a stack of the account. */
    private Optional<Service> service(String account, String cluster, String name) {
        for (StackTemplate stack : model.stacks) {
            if (!stack.account().equals(account)) {
                continue;
            }
            List<Service> found = new ArrayList<>();
            AccessModel.forEachResource(stack, "AWS::ECS::Service", (id, props) -> {
                Target target = model.target(stack, id);
                if (target.literalNames().stream().anyMatch(n -> n.endsWith(":service/" + cluster + "/" + name))) {
                    String taskDefinition = props.path("TaskDefinition").path("Ref").asText(null);
                    List<Role> roles = new ArrayList<>();
                    if (taskDefinition != null) {
                        JsonNode td = stack.properties(taskDefinition);
                        for (String property : List.of("ExecutionRoleArn", "TaskRoleArn")) {
                            if (td.has(property)) {
                                model.role(stack, model.cfn(stack).text(td.path(property))).ifPresent(roles::add);
                            }
                        }
                    }
                    roles.sort(Comparator.comparing(Role::title));
                    found.add(new Service(stack, id, target, taskDefinition == null
                            ? AccessModel.anyResource(account) : model.target(stack, taskDefinition), taskDefinition, roles));
                }
            });
            if (!found.isEmpty()) {
                return Optional.of(found.get(0));
            }
        }
        return Optional.empty();
    }

    /** ECS starting the deployed task: the execution role pulls the image and writes logs, the task gets its role. */
    private void taskStart(Service service, List<Target> repositories) {
        if (service.taskDefinitionId() == null) {
            return;
        }
        StackTemplate stack = service.stack();
        JsonNode td = stack.properties(service.taskDefinitionId());
        out.add("   - then ECS starts the new task in " + stack.name() + ":");
        Optional<Role> execution = model.role(stack, model.cfn(stack).text(td.path("ExecutionRoleArn")));
        Optional<Role> task = model.role(stack, model.cfn(stack).text(td.path("TaskRoleArn")));
        execution.ifPresent(role -> {
            assumedByService("ECS", "ecs-tasks.amazonaws.com", role, "      ");
            check("logs in to ECR", role, List.of("ecr:GetAuthorizationToken"), false,
                    AccessModel.anyResource(role.account()), "      ");
            List<String> refused = new ArrayList<>();
            int pullable = 0;
            for (Target repository : repositories) {
                if (PULL.stream().allMatch(a -> model.may(role, a, repository).allowed())) {
                    check("pulls the image", role, PULL, false, repository, "      ");
                    pullable++;
                } else {
                    refused.add(Md.code(repository.display()));
                }
            }
            if (!refused.isEmpty()) {
                out.add("      - may not pull from " + String.join(", ", refused)
                        + (pullable > 0 ? "" : ": " + NOT_ALLOWED + " from any repository the build pushes to"));
            }
            if (pullable == 0) {
                notAllowed++;
            }
            for (JsonNode container : td.path("ContainerDefinitions")) {
                JsonNode group = container.path("LogConfiguration").path("Options").path("awslogs-group");
                String groupId = group.path("Ref").asText(null);
                if (groupId != null && "AWS::Logs::LogGroup".equals(stack.type(groupId))) {
                    check("writes container " + Md.code(container.path("Name").asText()) + "'s log", role,
                            List.of("logs:CreateLogStream", "logs:PutLogEvents"), false,
                            streams(model.target(stack, groupId)), "      ");
                }
            }
        });
        task.ifPresent(role -> assumedByService("ECS", "ecs-tasks.amazonaws.com", role, "      "));
    }

    private Target logGroup(String account, StackTemplate preferred, String name) {
        for (StackTemplate stack : model.stacks) {
            if (!stack.account().equals(account)) {
                continue;
            }
            List<String> ids = new ArrayList<>();
            AccessModel.forEachResource(stack, "AWS::Logs::LogGroup", (id, props) -> {
                if (name.equals(model.cfn(stack).literal(props.path("LogGroupName")).orElse(null))) {
                    ids.add(id);
                }
            });
            if (!ids.isEmpty()) {
                return model.target(stack, ids.get(0));
            }
        }
        return AccessModel.arn("arn:" + preferred.partition() + ":logs:" + preferred.region() + ":" + account
                + ":log-group:" + name);
    }

    private static Target streams(Target group) {
        String display = group.literalNames().isEmpty() ? group.display() : group.literalNames().get(0) + ":log-stream:<stream>";
        Target streams = AccessModel.within(group, ":log-stream:<stream>", "", display);
        return new Target(display, group.account(), group.stack(), streams.literalNames(),
                group.localNames().stream().filter(n -> n.endsWith(".Arn>")).toList(), null, false);
    }

    /** The AWS CLI calls of a Commands action, each checked as the IAM action of the same name. */
    private void cliCalls(Role role, JsonNode action) {
        String commands = joined(action.path("Commands"));
        Map<String, String> calls = new java.util.TreeMap<>();
        Matcher m = CLI_CALL.matcher(commands);
        while (m.find()) {
            String service = m.group(1).equals("s3api") ? "s3" : m.group(1);
            if (m.group(1).equals("s3") || m.group(1).equals("configure")) {
                continue;
            }
            String operation = java.util.Arrays.stream(m.group(2).split("-"))
                    .map(w -> w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1)).collect(Collectors.joining());
            calls.put(service + ":" + operation, "aws " + m.group(1) + " " + m.group(2));
        }
        for (var call : calls.entrySet()) {
            List<Target> targets = named(role.account(), commands, call.getKey());
            if (targets.isEmpty()) {
                List<Statement> allowing = model.identityStatements(role).stream()
                        .filter(s -> s.allow() && s.covers(call.getKey())).toList();
                String found = allowing.stream().map(s -> Md.statementWithConditions(model, s) + " on "
                        + Md.codes(s.resources(), ", ")).collect(Collectors.joining("; "));
                if (allowing.isEmpty()) {
                    notAllowed++;
                }
                out.add("   - its commands run " + Md.code(call.getValue()) + ": " + Md.code(call.getKey()) + " "
                        + (allowing.isEmpty() ? NOT_ALLOWED + ": no statement of its own policies allows it"
                        : "allowed by " + found));
            } else {
                for (Target target : targets) {
                    check("its commands run " + Md.code(call.getValue()), role, List.of(call.getKey()), false, target);
                }
            }
        }
    }

    /** Resources of the account that the commands name by their literal name, for an action of their service. */
    private List<Target> named(String account, String commands, String action) {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("ecs:DescribeServices", "AWS::ECS::Service");
        types.put("ecs:UpdateService", "AWS::ECS::Service");
        types.put("ssm:GetParameter", "AWS::SSM::Parameter");
        types.put("ssm:GetParameters", "AWS::SSM::Parameter");
        String type = types.get(action);
        List<Target> targets = new ArrayList<>();
        if (type == null) {
            return targets;
        }
        for (StackTemplate stack : model.stacks) {
            if (!stack.account().equals(account)) {
                continue;
            }
            AccessModel.forEachResource(stack, type, (id, props) -> {
                String name = model.physicalName(stack, id);
                Target target = model.target(stack, id);
                boolean named = name != null && commands.contains("'" + name + "'")
                        && (!type.equals("AWS::ECS::Service") || target.literalNames().stream()
                        .anyMatch(n -> commands.contains("'" + n.replaceFirst(".*:service/([^/]+)/.*", "$1") + "'")));
                if (named) {
                    targets.add(target);
                }
            });
        }
        return targets;
    }

    private void assumedBy(Optional<Role> pipelineRole, Role role) {
        if (pipelineRole.isPresent() && !pipelineRole.get().equals(role)) {
            check(Md.code(pipelineRole.get().title()) + " assumes it", pipelineRole.get(), List.of("sts:AssumeRole"),
                    false, model.target(role));
        }
    }

    private void assumedByService(String name, String service, Role role) {
        assumedByService(name, service, role, "   ");
    }

    private void assumedByService(String name, String service, Role role, String indent) {
        List<Statement> trust = model.serviceMayAssume(service, role);
        if (trust.isEmpty()) {
            notAllowed++;
        }
        out.add(indent + "- " + name + " (" + Md.code(service) + ") assumes " + Md.code(role.title()) + ": "
                + (trust.isEmpty() ? NOT_ALLOWED + ": its trust policy does not admit the service"
                : "allowed by " + trust.stream().map(s -> Md.statementWithConditions(model, s)).collect(Collectors.joining("; "))));
    }

    private void readArtifacts(Role role, JsonNode action, Store store) {
        for (JsonNode artifact : action.path("InputArtifacts")) {
            String name = artifact.path("Name").asText();
            check("reads artifact " + Md.code(name), role, List.of("s3:GetObject"), false, store.objects());
            if (store.key() != null) {
                check("decrypts it", role, List.of("kms:Decrypt"), false, store.key());
            }
        }
    }

    private void writeArtifacts(Role role, JsonNode action, Store store) {
        for (JsonNode artifact : action.path("OutputArtifacts")) {
            String name = artifact.path("Name").asText();
            check("stores artifact " + Md.code(name), role, List.of("s3:PutObject"), false, store.objects());
            if (store.key() != null) {
                check("encrypts it", role, List.of("kms:GenerateDataKey"), false, store.key());
            }
        }
    }

    private void check(String purpose, Role role, List<String> actions, boolean anyOf, Target target) {
        check(purpose, role, actions, anyOf, target, "   ");
    }

    /**
     * One bullet per group of actions with the same answer: the actions, the target, and the
     * statements that allow them or what is missing. With {@code anyOf}, one allowed action is enough.
     */
    private void check(String purpose, Role role, List<String> actions, boolean anyOf, Target target, String indent) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        boolean anyAllowed = false;
        for (String action : actions) {
            Verdict verdict = model.may(role, action, target);
            anyAllowed |= verdict.allowed();
            String key = describe(verdict);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(action);
            verdicts.putIfAbsent(key, verdict);
        }
        for (var group : groups.entrySet()) {
            Verdict verdict = verdicts.get(group.getKey());
            if (!verdict.allowed() && anyOf && anyAllowed) {
                continue;
            }
            if (!verdict.allowed()) {
                notAllowed++;
            }
            out.add(indent + "- " + purpose + ": " + Md.codes(group.getValue(), anyOf ? " or " : ", ") + " on "
                    + Md.code(target.display()) + " " + group.getKey());
        }
    }

    private String describe(Verdict verdict) {
        StringBuilder text = new StringBuilder();
        if (verdict.allowed()) {
            List<Statement> allowing = new ArrayList<>(verdict.identity());
            allowing.addAll(verdict.resource());
            text.append("allowed by ").append(allowing.stream().map(s -> Md.statementWithConditions(model, s))
                    .collect(Collectors.joining("; and ")));
        } else {
            text.append(NOT_ALLOWED).append(": ").append(verdict.missing());
        }
        if (!verdict.denies().isEmpty()) {
            text.append("; denied by ").append(verdict.denies().stream().map(s -> Md.statementWithConditions(model, s))
                    .collect(Collectors.joining("; and ")));
        }
        return text.toString();
    }

    /** A Commands action's commands as one text. */
    private static String joined(JsonNode commands) {
        List<String> lines = new ArrayList<>();
        commands.forEach(c -> lines.add(c.asText()));
        return String.join("\n", lines);
    }
}
