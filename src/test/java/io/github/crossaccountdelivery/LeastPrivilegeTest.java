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
        assertThat(statements).filteredOn(s -> list(s.get("Action")).stream().anyMatch(a -> a.toString().startsWith("ecr:")))
                .allSatisfy(s -> assertThat(s.get("Resource")).satisfiesAnyOf(
                        r -> assertThat(r).isEqualTo(Map.of("Fn::GetAtt", List.of("ImageRepository", "Arn"))),
                        r -> {
                            assertThat(r).isEqualTo("*");
                            assertThat(s.get("Action")).isEqualTo("ecr:GetAuthorizationToken");
                        }));
        var logs = statements.stream().filter(s -> list(s.get("Action")).contains("logs:PutLogEvents")).toList();
        assertThat(logs).singleElement().satisfies(s -> assertThat(s.get("Resource").toString()).contains("ImageBuildLogs"));
        build.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                "LogGroupName", "/aws/codebuild/" + names.buildProject(), "RetentionInDays", 90));
    }

    @Test
    void onlyTheBuildAndPipelineRolesMayUseTheArtifactKeyInTheBuildAccount() {
        assertThat(Policies.resourceStatements(build))
                .filteredOn(s -> s.containsKey("Principal") && "AccountAdministersTheKey".equals(s.get("Sid")))
                .singleElement()
                .satisfies(admin -> assertThat(list(admin.get("Action")))
                        .doesNotContain("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:*"));
    }

    @Test
    void keyPolicyStatementsForTheTestAccountRequireItsAccountAndS3() {
        var forTestAccount = Policies.resourceStatements(build).stream()
                .filter(s -> list(s.get("Action")).stream().anyMatch(a -> a.toString().startsWith("kms:")))
                .filter(s -> s.get("Principal").toString().contains(test.account()))
                .toList();
        assertThat(forTestAccount).hasSize(2).allSatisfy(s -> assertThat(((Map<?, ?>) s.get("Condition")).get("StringEquals"))
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
        assertThat(statements).extracting(s -> s.get("Sid"))
                .containsExactlyInAnyOrder("PullApplicationImages", "LogInToEcr", "WriteContainerLogs");
        assertThat(statements).filteredOn(s -> "WriteContainerLogs".equals(s.get("Sid")))
                .singleElement().satisfies(s -> assertThat(s.get("Resource").toString()).contains("WebLogs"));
        target.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
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

    @Test
    void rolesHoldNoInlinePolicies() {
        for (Template template : List.of(build, target)) {
            assertThat(template.findResources("AWS::IAM::Policy")).isEmpty();
        }
    }

    @SuppressWarnings("unchecked")
    private static Object trustCondition(Template template, String roleName) {
        var role = template.findResources("AWS::IAM::Role").values().stream()
                .map(r -> (Map<String, Object>) r.get("Properties"))
                .filter(p -> roleName.equals(p.get("RoleName"))).findFirst().orElseThrow();
        return Policies.statements(role.get("AssumeRolePolicyDocument")).get(0).get("Condition");
    }
}
