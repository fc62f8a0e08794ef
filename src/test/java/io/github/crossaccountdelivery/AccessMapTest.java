package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountdelivery.access.AccessMap;
import io.github.crossaccountdelivery.access.LineDiff;
import io.github.crossaccountdelivery.access.StackTemplate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access map ({@code docs/access.md}): generated from the example configuration's templates,
 * committed, and kept current; what it shows changes with the templates; and IAM's semantics
 * (NotAction, NotResource, Deny, conditions, wildcards) are shown as written.
 */
@ReadsWholeApps
class AccessMapTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path DOC = Path.of("docs", "access.md");
    static final String REGENERATE = "./mvnw -q -B test -Dtest=AccessMapTest -Dsnapshots.update=true";

    /** The stacks of a synthesis, each a copy of its template that a test may change. */
    static List<StackTemplate> stacks(Synthesized synthesized) {
        return synthesized.stackNames().stream().map(name -> StackTemplate.of(name, synthesized.environment(name),
                JSON.valueToTree(synthesized.json(name)))).toList();
    }

    static String exampleMap() {
        return new AccessMap(stacks(Synthesized.example())).markdown();
    }

    @Test
    void theCommittedMapIsTheExampleConfigurationsMap() throws IOException {
        String generated = exampleMap();
        if (Snapshots.UPDATE) {
            Files.writeString(DOC, generated);
            return;
        }
        assertThat(DOC).as("no %s: run %s and review it", DOC, REGENERATE).exists();
        String committed = Files.readString(DOC);
        if (!committed.equals(generated)) {
            throw new AssertionError(DOC + " is not what the example's templates give (- committed, + generated)."
                    + " If the change is intended, run " + REGENERATE + " and review the diff.\n"
                    + LineDiff.unified(committed, generated, 2));
        }
    }

    @Test
    void theMapIsTheSameBytesWhateverTheOrderTheStacksComeIn() {
        List<StackTemplate> stacks = stacks(Synthesized.example());
        List<StackTemplate> reversed = new ArrayList<>(stacks);
        java.util.Collections.reverse(reversed);
        assertThat(new AccessMap(reversed).markdown()).isEqualTo(new AccessMap(stacks).markdown()).isEqualTo(exampleMap());
    }

    @Test
    void everyRoleOfEveryTemplateHasItsOwnSectionWithItsAccount() {
        String map = exampleMap();
        Synthesized example = Synthesized.example();
        int roles = 0;
        for (String stack : example.stackNames()) {
            @SuppressWarnings("unchecked")
            var resources = (Map<String, Map<String, Object>>) example.json(stack).get("Resources");
            for (var resource : resources.entrySet()) {
                if (!"AWS::IAM::Role".equals(resource.getValue().get("Type"))) {
                    continue;
                }
                roles++;
                @SuppressWarnings("unchecked")
                Object name = ((Map<String, Object>) resource.getValue().get("Properties")).get("RoleName");
                String heading = name != null ? "### " + name : "### " + resource.getKey() + " in " + stack;
                assertThat(section(map, heading)).as(heading)
                        .contains("logical ID `" + resource.getKey() + "`")
                        .contains("In stack `" + stack + "`, account " + example.environment(stack).split("/")[2]);
            }
        }
        String rolesPart = map.substring(map.indexOf("\n## Roles\n"), map.indexOf("\n## Other principals\n"));
        assertThat(rolesPart.lines().filter(l -> l.startsWith("### "))).hasSize(roles);
        assertThat(roles).isGreaterThanOrEqualTo(8);
    }

    /** Each step from the commit to the running task is allowed, and says by which statement. */
    @Test
    void everyStepOfTheExamplesPathIsAllowedByANamedStatement() {
        List<StackTemplate> stacks = stacks(Synthesized.example());
        assertThat(new AccessMap(stacks).pathsNotAllowed()).isZero();
        String paths = part(exampleMap(), "## Paths");
        assertThat(paths).doesNotContain("NOT ALLOWED")
                .contains("`codestar-connections:UseConnection` or `codeconnections:UseConnection` on"
                        + " `arn:aws:codeconnections:eu-west-1:111111111111:connection/00000000-0000-0000-0000-000000000000`"
                        + " allowed by `UseTheGitHubConnection`")
                .contains("`orders-pipeline` assumes it: `sts:AssumeRole` on `arn:aws:iam::222222222222:role/orders-test-deploy`"
                        + " allowed by `AssumeTheDeploymentRoles`")
                .contains("and `ReadArtifactsOrdersTestDeploy` in the bucket policy")
                .contains("and `DecryptArtifactsOrdersTestDeploy` in the key policy of `ArtifactKey`")
                .contains("`iam:PassRole` on `arn:aws:iam::222222222222:role/orders-test-task-execution` allowed by"
                        + " `PassOnlyTheServiceRoles`")
                .contains("and `PullFromOrdersTestTaskExecution` in the repository policy of `ImageRepository`")
                .contains("- may not pull from `arn:aws:ecr:eu-west-1:111111111111:repository/orders-buildcache`")
                .contains("`ecs:DescribeServices` on `arn:aws:ecs:eu-west-1:222222222222:service/orders-test/orders`"
                        + " allowed by `SeeTheRollout`");
    }

    /** With more targets: a deploy and a verification per account, and approvals that no role of the templates can give. */
    @Test
    void theThreeTargetExamplesPathsReachEveryTargetAndEveryStepIsAllowed() {
        AccessMap map = new AccessMap(stacks(Synthesized.threeTargets()));
        assertThat(map.pathsNotAllowed()).isZero();
        String paths = part(map.markdown(), "## Paths");
        for (String target : List.of("test", "staging", "prod")) {
            assertThat(paths).contains("(Deploy, ECS, service `orders` of cluster `orders-" + target + "`), as `orders-"
                    + target + "-deploy`").contains("as `orders-" + target + "-verify`")
                    .contains("`ReadArtifactsOrders" + Character.toUpperCase(target.charAt(0)) + target.substring(1) + "Deploy`");
        }
        assertThat(paths).contains("(Approval, Manual): a person approves").contains("roles of these templates that may approve: none");
    }

    /** A statement the path needs goes missing: the step says so, and the count the CI could check rises. */
    @Test
    void aGrantRemovedFromTheBucketPolicyShowsAsNotAllowedOnThePath() {
        List<StackTemplate> stacks = stacks(Synthesized.example());
        ObjectNode build = (ObjectNode) template(stacks, "orders-build");
        for (JsonNode resource : build.path("Resources")) {
            if (resource.path("Type").asText().equals("AWS::S3::BucketPolicy")) {
                ArrayNode statements = (ArrayNode) resource.path("Properties").path("PolicyDocument").path("Statement");
                for (Iterator<JsonNode> it = statements.iterator(); it.hasNext(); ) {
                    if (it.next().path("Sid").asText().equals("ReadArtifactsOrdersTestDeploy")) {
                        it.remove();
                    }
                }
            }
        }
        AccessMap map = new AccessMap(stacks);
        assertThat(map.pathsNotAllowed()).isEqualTo(1);
        assertThat(part(map.markdown(), "## Paths")).contains("- reads artifact `ImageDefinitions`: `s3:GetObject` on"
                + " `arn:aws:s3:::orders-artifacts-111111111111-eu-west-1/<object>` **NOT ALLOWED**: no statement of the"
                + " bucket policy names it or its account");
    }

    @Test
    void anActionAddedToARolesPolicyAppearsInThatRolesTableAndNowhereElse() {
        List<StackTemplate> stacks = stacks(Synthesized.example());
        String before = new AccessMap(stacks).markdown();
        ObjectNode test = (ObjectNode) template(stacks, "orders-test");
        String policy = policyOfRole(test, "orders-test-deploy");
        ArrayNode statements = (ArrayNode) test.path("Resources").path(policy).path("Properties")
                .path("PolicyDocument").path("Statement");
        statements.addObject().put("Sid", "AddedByTheTest").put("Effect", "Allow")
                .put("Action", "ecs:DeleteService").put("Resource", "*");
        String after = new AccessMap(stacks).markdown();

        assertThat(section(before, "### orders-test-deploy")).doesNotContain("ecs:DeleteService");
        assertThat(section(after, "### orders-test-deploy"))
                .contains("| ecs | Allow | `ecs:DeleteService` | `*` |  | `AddedByTheTest` in `" + policy + "` |");
        assertThat(after.replace("| ecs | Allow | `ecs:DeleteService` | `*` |  | `AddedByTheTest` in `" + policy + "` |\n", ""))
                .as("the rest of the map").isEqualTo(before);
    }

    /**
     * A made-up pair of accounts: a role whose policies use NotAction, NotResource, Deny, conditions
     * and wildcards, and resource policies in the other account that name it by ARN string and by
     * its account narrowed with aws:PrincipalArn. Each shows up as written, in the role's table.
     */
    @Test
    void notActionNotResourceDenyConditionsAndCrossAccountGrantsAreShownAsWritten() throws IOException {
        JsonNode app = JSON.readTree("""
                {"Resources": {
                  "AppRole": {"Type": "AWS::IAM::Role", "Properties": {
                    "RoleName": "app",
                    "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                      "Principal": {"AWS": "arn:aws:iam::999999999999:root"},
                      "Condition": {"StringEquals": {"sts:ExternalId": "x-1"}}}]},
                    "Policies": [{"PolicyName": "Guard", "PolicyDocument": {"Statement": [
                      {"Sid": "OnlyReads", "Effect": "Deny", "NotAction": ["s3:Get*", "s3:List*"], "NotResource": "arn:aws:s3:::keep/*",
                       "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}, "Bool": {"aws:MultiFactorAuthPresent": false}}},
                      {"Effect": "Allow", "Action": "s3:Get*", "Resource": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":s3:::", {"Ref": "Data"}, "/*"]]}}
                    ]}}]}},
                  "Data": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "data"}}
                }}""");
        JsonNode shared = JSON.readTree("""
                {"Resources": {
                  "Shared": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "shared"}},
                  "SharedPolicy": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": {"Ref": "Shared"},
                    "PolicyDocument": {"Statement": [
                      {"Sid": "ByArn", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:role/app"},
                       "Action": "s3:GetObject", "Resource": {"Fn::Sub": "${Shared.Arn}/reports/*"}},
                      {"Sid": "ByAccount", "Effect": "Allow", "Principal": {"AWS": "222222222222"}, "Action": ["s3:PutObject", "s3:ListBucket"],
                       "Resource": [{"Fn::GetAtt": ["Shared", "Arn"]}, {"Fn::Sub": "arn:${AWS::Partition}:s3:::shared/in/*"}],
                       "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::222222222222:role/ap*"}}},
                      {"Sid": "WholeAccount", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"},
                       "Action": "s3:GetBucketLocation", "Resource": {"Fn::GetAtt": ["Shared", "Arn"]}}
                    ]}}}
                }}""");
        String map = new AccessMap(List.of(StackTemplate.of("app", "aws://222222222222/eu-west-1", app),
                StackTemplate.of("shared", "aws://333333333333/eu-west-1", shared))).markdown();
        String role = section(map, "### app");

        assertThat(role).contains("- Who may assume it (its trust policy):\n  - statement 1: Allow `sts:AssumeRole` to"
                + " `AWS: arn:aws:iam::999999999999:root` when `StringEquals sts:ExternalId \"x-1\"`\n");
        assertThat(role).contains("| * | **Deny** | NotAction: `s3:Get*`<br>`s3:List*` | NotResource: `arn:aws:s3:::keep/*`"
                + " | `Bool aws:MultiFactorAuthPresent false`<br>`StringNotEquals aws:RequestedRegion"
                + " [\"eu-west-1\", \"eu-central-1\"]` | `OnlyReads` in inline policy `Guard` |");
        assertThat(role).contains("| s3 | Allow | `s3:Get*` | `arn:aws:s3:::<Data>/*` |  | statement 2 in inline policy `Guard` |");
        assertThat(role).contains("| s3 | Allow | `s3:GetObject` | on `Shared`: `<Shared.Arn>/reports/*` |  | `ByArn` in the"
                + " bucket policy `SharedPolicy` on `Shared` (shared), to `AWS: arn:aws:iam::222222222222:role/app`<br>*No effect for"
                + " `s3:GetObject`: the role's own policies do not allow it here.* |");
        assertThat(role).contains("| s3 | Allow | `s3:ListBucket`<br>`s3:PutObject` | on `Shared`: `<Shared.Arn>`<br>"
                + "`arn:aws:s3:::shared/in/*` | `ArnLike aws:PrincipalArn \"arn:aws:iam::222222222222:role/ap*\"` | `ByAccount`");
        assertThat(role).doesNotContain("WholeAccount");
        assertThat(section(map, "### Account 222222222222 (app): `AWS: arn:aws:iam::222222222222:root`"))
                .contains("`WholeAccount` in the bucket policy `SharedPolicy` on `Shared` (shared)");
        assertThat(part(map, "## Diagram"))
                .contains("role_app_AppRole ==>|\"s3:GetObject / s3:ListBucket, PutObject\"| res_shared_Shared")
                .contains("root_222222222222 ==>|\"s3:GetBucketLocation\"| res_shared_Shared")
                .contains("root_999999999999 ==>|\"sts:AssumeRole\"| role_app_AppRole");
    }

    /**
     * Every way a template attaches a policy to a role is read (inline, AWS::IAM::Policy by Ref and
     * by name, a managed policy by Ref in ManagedPolicyArns), an AWS managed policy and a permissions
     * boundary are named rather than guessed at, a NotPrincipal statement is listed for everyone
     * it leaves in, and a Lambda permission reads as the statement Lambda writes from it.
     */
    @Test
    void everyAttachmentIsReadAndWhatTheTemplatesDoNotHoldIsNamedNotGuessed() throws IOException {
        JsonNode template = JSON.readTree("""
                {"Resources": {
                  "Worker": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "worker",
                    "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Action": ["sts:AssumeRole", "sts:TagSession"],
                      "Principal": {"Service": "lambda.amazonaws.com"}}]},
                    "PermissionsBoundary": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/boundary"},
                    "ManagedPolicyArns": [{"Ref": "Shared"}, "arn:aws:iam::aws:policy/ReadOnlyAccess"]}},
                  "ByRef": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "by-ref", "Roles": [{"Ref": "Worker"}],
                    "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": {"Fn::Select": [1, {"Fn::Split": [",", "a,arn:aws:sqs:eu-west-1:222222222222:q"]}]}}]}}},
                  "ByName": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "by-name", "Roles": ["worker"],
                    "PolicyDocument": {"Statement": {"Effect": "Allow", "Action": "sns:Publish", "Resource": "*"}}}},
                  "Shared": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {
                    "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": {"Fn::GetAtt": ["Table", "Arn"]}}]}}},
                  "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {}},
                  "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {}},
                  "Handler": {"Type": "AWS::Lambda::Function", "Properties": {"Role": {"Fn::GetAtt": ["Worker", "Arn"]}}},
                  "Invoke": {"Type": "AWS::Lambda::Permission", "Properties": {"Action": "lambda:InvokeFunction",
                    "FunctionName": {"Fn::GetAtt": ["Handler", "Arn"]}, "Principal": "events.amazonaws.com",
                    "SourceArn": "arn:aws:events:eu-west-1:222222222222:rule/nightly"}},
                  "BucketPolicy": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": {"Ref": "Bucket"},
                    "PolicyDocument": {"Statement": [{"Sid": "OnlyTheWorker", "Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::222222222222:role/worker"},
                      "Action": "s3:*", "Resource": "*"}]}}}
                }}""");
        String map = new AccessMap(List.of(StackTemplate.of("solo", "aws://222222222222/eu-west-1", template))).markdown();
        String role = section(map, "### worker");
        assertThat(role)
                .contains("  - statement 1: Allow `sts:AssumeRole`, `sts:TagSession` to `Service: lambda.amazonaws.com`\n")
                .contains("- Permissions boundary: `arn:aws:iam::222222222222:policy/boundary`")
                .contains("| ? | ? | what the managed policy allows |  |  | managed policy `arn:aws:iam::aws:policy/ReadOnlyAccess`:"
                        + " its statements are not in the templates |")
                .contains("| dynamodb | Allow | `dynamodb:GetItem` | `<Table.Arn>` |  | statement 1 in `Shared` |")
                .contains("| sqs | Allow | `sqs:SendMessage` | `arn:aws:sqs:eu-west-1:222222222222:q` |  | statement 1 in `ByRef` (`by-ref`) |")
                .contains("| sns | Allow | `sns:Publish` | `*` |  | statement 1 in `ByName` (`by-name`) |")
                .doesNotContain("OnlyTheWorker");
        assertThat(role).contains("- Used by: `Handler` (AWS::Lambda::Function) at `Role`.");
        assertThat(section(map, "### Service `events.amazonaws.com`")).contains("| lambda | Allow | `lambda:InvokeFunction` |"
                + " on `Handler`: `<Handler.Arn>` | `ArnLike aws:SourceArn \"arn:aws:events:eu-west-1:222222222222:rule/nightly\"`"
                + " | statement 1 in the function permission `Invoke` on `Handler` (solo), to `Service: events.amazonaws.com` |");
        assertThat(map).doesNotContain("## Not read");
        assertThat(section(map, "### Every principal except `AWS: arn:aws:iam::222222222222:role/worker`"))
                .contains("| s3 | **Deny** | `s3:*` | on `Bucket`: `*` |  | `OnlyTheWorker` in the bucket policy `BucketPolicy` on"
                        + " `Bucket` (solo), to every principal except `AWS: arn:aws:iam::222222222222:role/worker` |");
    }

    @Test
    void theScriptsEntryPointReadsACloudAssemblyLikeTheTestsDo(@TempDir Path assembly) throws IOException {
        Synthesized example = Synthesized.example();
        ObjectNode manifest = JSON.createObjectNode();
        ObjectNode artifacts = manifest.putObject("artifacts");
        for (String stack : example.stackNames()) {
            Files.write(assembly.resolve(stack + ".template.json"), example.templateFile(stack));
            ObjectNode artifact = artifacts.putObject(stack);
            artifact.put("type", "aws:cloudformation:stack").put("environment", example.environment(stack));
            artifact.putObject("properties").put("templateFile", stack + ".template.json");
        }
        artifacts.putObject("Tree").put("type", "cdk:tree");
        JSON.writeValue(assembly.resolve("manifest.json").toFile(), manifest);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(AccessMap.print(assembly, new PrintStream(out), new PrintStream(err))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(exampleMap());
        assertThat(AccessMap.print(assembly.resolve("missing"), new PrintStream(out), new PrintStream(err))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("run cdk synth first");
    }

    private static JsonNode template(List<StackTemplate> stacks, String name) {
        return stacks.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().template();
    }

    /** The logical ID of the managed policy attached to the role with this name. */
    private static String policyOfRole(JsonNode template, String roleName) {
        String role = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = template.path("Resources").fields(); it.hasNext(); ) {
            var e = it.next();
            if (roleName.equals(e.getValue().path("Properties").path("RoleName").asText())) {
                role = e.getKey();
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = template.path("Resources").fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().path("Type").asText().equals("AWS::IAM::ManagedPolicy")) {
                for (JsonNode ref : e.getValue().path("Properties").path("Roles")) {
                    if (ref.path("Ref").asText().equals(role)) {
                        return e.getKey();
                    }
                }
            }
        }
        throw new AssertionError("no managed policy on " + roleName);
    }

    /** From a heading to the next heading of the same or a higher level. */
    static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading + "\n");
        assertThat(start).as("heading %s", heading).isNotNegative();
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        int end = markdown.length();
        for (String stop = "#"; stop.length() <= level.length() - 1; stop += "#") {
            int next = markdown.indexOf("\n" + stop + " ", start + 1);
            if (next > 0 && next < end) {
                end = next;
            }
        }
        return markdown.substring(start + 1, end + 1);
    }

    /** A level-2 part of the page, to the next one. */
    static String part(String markdown, String heading) {
        return section(markdown, heading);
    }
}
