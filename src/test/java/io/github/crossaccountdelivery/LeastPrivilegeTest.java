package io.github.crossaccountdelivery;

import static io.github.crossaccountdelivery.Policies.list;
import static io.github.crossaccountdelivery.Policies.managedPolicyOfRole;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.config.DeliveryConfig;
import io.github.crossaccountdelivery.config.ResourceNames;
import io.github.crossaccountdelivery.config.ResourceNames.TargetNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** Each role is granted what its job needs; no policy in either stack reaches wider. */
class LeastPrivilegeTest {

    private static Template build;
    private static Template target;
    private static DeliveryConfig config;
    private static ResourceNames names;
    private static TargetNames test;

    @BeforeAll
    static void synthesize() {
        Synthesized app = Synthesized.example();
        build = app.build();
        target = app.test();
        config = app.config;
        names = config.names();
        test = names.target(config.targets().get(0));
    }

    @Test
    void noPolicyAllowsEveryActionOrAWholeService() {
        for (Template template : List.of(build, target)) {
            List<Map<String, Object>> allows = new ArrayList<>(Policies.identityStatements(template));
            allows.addAll(Policies.resourceStatements(template));
            allows.removeIf(s -> !"Allow".equals(s.get("Effect")));
            assertThat(allows).isNotEmpty().allSatisfy(statement -> assertThat(list(statement.get("Action")))
                    .noneMatch(action -> action.equals("*") || action.toString().endsWith(":*")));
        }
    }

    @Test
    void iamPassRoleIsNeverGrantedOnEveryResource() {
        for (Template template : List.of(build, target)) {
            assertThat(Policies.identityStatements(template))
                    .filteredOn(s -> list(s.get("Action")).contains("iam:PassRole"))
                    .allSatisfy(s -> assertThat(list(s.get("Resource"))).doesNotContain("*"));
        }
    }

    @Test
    void imageBuildPushesToItsRepositoryOnlyAndWritesItsOwnLogGroupOnly() {
        var statements = managedPolicyOfRole(build, names.buildRole());
        List<Object> ownRepositories = List.of(Map.of("Fn::GetAtt", List.of("ImageRepository", "Arn")),
                Map.of("Fn::GetAtt", List.of("BuildCacheRepository", "Arn")));
        assertThat(statements).filteredOn(s -> list(s.get("Action")).stream().anyMatch(a -> a.toString().startsWith("ecr:")))
                .allSatisfy(s -> {
                    if ("*".equals(s.get("Resource"))) {
                        assertThat(s.get("Action")).isEqualTo("ecr:GetAuthorizationToken");
                    } else {
                        assertThat(ownRepositories).containsAll(list(s.get("Resource")));
                    }
                });
        var logs = statements.stream().filter(s -> list(s.get("Action")).contains("logs:PutLogEvents")).toList();
        assertThat(logs).singleElement().satisfies(s -> assertThat(s.get("Resource").toString()).contains("ImageBuildLogs"));
        build.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                "LogGroupName", "/aws/codebuild/" + names.buildProject(), "RetentionInDays", 365,
                "KmsKeyId", Map.of("Fn::GetAtt", List.of("ArtifactKey", "Arn"))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyKeyPolicyStatementNamesItsPrincipalAndHowNarrowlyItMayUseTheKey() {
        var keyPolicy = Policies.statements(Policies.only(build, "AWS::KMS::Key").get("KeyPolicy"));
        List<Object> namedBuildRoles = List.of(
                Map.of("Fn::GetAtt", List.of(Policies.role(build, names.pipelineRole()).logicalId(), "Arn")),
                Map.of("Fn::GetAtt", List.of(Policies.role(build, names.buildRole()).logicalId(), "Arn")));
        assertThat(keyPolicy).filteredOn(s -> "Deny".equals(s.get("Effect"))).singleElement()
                .satisfies(deny -> assertThat(deny.get("Action")).isEqualTo("kms:CreateGrant"));
        assertThat(keyPolicy).filteredOn(s -> !"Deny".equals(s.get("Effect"))).isNotEmpty().allSatisfy(statement -> {
            assertThat(statement).containsEntry("Effect", "Allow");
            var principal = (Map<String, Object>) statement.get("Principal");
            var actions = list(statement.get("Action"));
            var condition = (Map<String, Object>) statement.getOrDefault("Condition", Map.of());
            if (principal.equals(Map.of("AWS", "arn:aws:iam::" + config.buildAccount() + ":root"))) {
                // The account administers the key; using it takes a statement of its own below.
                assertThat(actions).doesNotContain("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:*",
                        "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:Create*");
            } else if (principal.equals(Map.of("Service", "logs." + names.region() + ".amazonaws.com"))) {
                // CloudWatch Logs, for the image build's log group and no other.
                assertThat(condition).isEqualTo(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                        "arn:aws:logs:" + names.region() + ":" + config.buildAccount() + ":log-group:"
                                + names.buildLogGroup())));
            } else if (principal.containsKey("Service")) {
                assertThat(principal).isEqualTo(Map.of("Service", "codestar-notifications.amazonaws.com"));
                assertThat(condition).isEqualTo(Map.of("StringEquals",
                        Map.of("kms:ViaService", "sns." + names.region() + ".amazonaws.com")));
            } else if (principal.get("AWS") instanceof String account && account.endsWith(":root")) {
                String targetAccount = account.split(":")[4];
                var target = config.targets().stream().filter(t -> t.account().equals(targetAccount))
                        .findFirst().orElseThrow(() -> new AssertionError("key admits account " + targetAccount));
                assertThat(condition.get("ArnEquals")).isIn(
                        Map.of("aws:PrincipalArn", names.target(target).deploymentRoleArn()),
                        Map.of("aws:PrincipalArn", names.target(target).verifyRoleArn()));
                assertThat(condition).containsEntry("StringEquals", Map.of(
                        "kms:ViaService", "s3." + names.region() + ".amazonaws.com",
                        "kms:CallerAccount", targetAccount));
            } else {
                assertThat(list(principal.get("AWS"))).containsExactlyInAnyOrderElementsOf(namedBuildRoles);
            }
            if (actions.contains("kms:CreateGrant")) {
                assertThat(condition).containsEntry("Bool", Map.of("kms:GrantIsForAWSResource", "true"));
            }
        });
    }

    @Test
    void keyPolicyStatementsForTheTestAccountRequireItsAccountAndS3() {
        var forTestAccount = Policies.resourceStatements(build).stream()
                .filter(s -> list(s.get("Action")).stream().anyMatch(a -> a.toString().startsWith("kms:")))
                .filter(s -> s.get("Principal").toString().contains(test.account()))
                .toList();
        // Decrypt for the deployment and the verification roles; grants for the deployment role.
        assertThat(forTestAccount).hasSize(3).allSatisfy(s -> assertThat(((Map<?, ?>) s.get("Condition")).get("StringEquals"))
                .isEqualTo(Map.of(
                        "kms:ViaService", "s3." + names.region() + ".amazonaws.com",
                        "kms:CallerAccount", test.account())));
    }

    @Test
    void theTestAccountMayNeverWriteOrChangeAclsOnTheArtifactBucket() {
        assertThat(Policies.resourceStatements(build))
                .filteredOn(s -> "Allow".equals(s.get("Effect")) && String.valueOf(s.get("Principal")).contains(test.account()))
                .allSatisfy(s -> assertThat(list(s.get("Action")))
                        .noneMatch(a -> a.toString().matches("s3:(Put|Delete|Restore|Replicate).*")));
    }

    @Test
    void executionRolePullsFromTheRepositoryOnlyAndWritesItsOwnLogGroupOnly() {
        var statements = managedPolicyOfRole(target, test.executionRole());
        String logGroup = only(target.findResources("AWS::Logs::LogGroup").keySet().stream()
                .filter(id -> id.startsWith("WebLogs")).collect(java.util.stream.Collectors.toSet()));
        assertThat(statements).allSatisfy(s -> assertThat(s).containsEntry("Effect", "Allow"))
                .extracting(s -> List.of(list(s.get("Action")), s.get("Resource")))
                .containsExactlyInAnyOrder(
                        List.of(List.of("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage",
                                "ecr:GetDownloadUrlForLayer"), names.imageRepositoryArn()),
                        List.of(List.of("ecr:GetAuthorizationToken"), "*"),
                        List.of(List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                Map.of("Fn::GetAtt", List.of(logGroup, "Arn"))));
    }

    @Test
    void serviceAssumedRolesCarryConfusedDeputyConditions() {
        assertThat(trustCondition(build, names.buildRole())).isEqualTo(Map.of(
                "StringEquals", Map.of("aws:SourceAccount", config.buildAccount()),
                "ArnEquals", Map.of("aws:SourceArn", "arn:aws:codebuild:" + names.region() + ":"
                        + config.buildAccount() + ":project/" + names.buildProject())));
        assertThat(trustCondition(target, test.taskRole())).isEqualTo(Map.of(
                "StringEquals", Map.of("aws:SourceAccount", test.account()),
                "ArnLike", Map.of("aws:SourceArn", "arn:aws:ecs:" + names.region() + ":" + test.account() + ":*")));
    }

    /**
     * CDK's own custom-resource provider (it empties the VPC's default security group) comes
     * with an inline policy that this app does not write; it is the one exception, by name.
     */
    private static final String CDK_PROVIDER_ROLE = "CustomVpcRestrictDefaultSGCustomResourceProviderRole";

    @Test
    @SuppressWarnings("unchecked")
    void everyRoleThisAppDefinesHasAtMostOneCustomerManagedPolicyAndNoOtherPermissions() {
        for (Template template : List.of(build, target)) {
            assertThat(template.findResources("AWS::IAM::Policy")).as("inline policies").isEmpty();
            var managedPolicies = template.findResources("AWS::IAM::ManagedPolicy").values();
            template.findResources("AWS::IAM::Role").forEach((logicalId, role) -> {
                var properties = (Map<String, Object>) role.get("Properties");
                if (logicalId.startsWith(CDK_PROVIDER_ROLE)) {
                    return;
                }
                assertThat(properties).as(logicalId).doesNotContainKeys("Policies", "ManagedPolicyArns");
                long attached = managedPolicies.stream().filter(p -> list(((Map<String, Object>) p.get("Properties"))
                        .get("Roles")).contains(Map.of("Ref", logicalId))).count();
                assertThat(attached).as("customer-managed policies of %s", logicalId).isLessThanOrEqualTo(1);
            });
        }
        assertThat(target.findResources("AWS::IAM::Role").keySet())
                .filteredOn(id -> id.startsWith(CDK_PROVIDER_ROLE)).hasSize(1);
    }

    private static String only(java.util.Set<String> ids) {
        assertThat(ids).hasSize(1);
        return ids.iterator().next();
    }

    private static Object trustCondition(Template template, String roleName) {
        return Policies.role(template, roleName).trust().get(0).get("Condition");
    }
}
