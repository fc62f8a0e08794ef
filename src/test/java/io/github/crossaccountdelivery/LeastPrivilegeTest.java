package io.github.crossaccountdelivery;

import static io.github.crossaccountdelivery.Policies.list;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.config.TargetConfig;
import io.github.crossaccountdelivery.naming.AppNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * No policy in any stack of the example and the three-target configurations reaches wider than a
 * role's job: what holds for every statement, whichever construct wrote it.
 */
@ReadsWholeApps
class LeastPrivilegeTest {

    /**
     * CDK's own custom-resource provider (it empties the VPC's default security group) comes
     * with an inline policy that this app does not write; it is the one exception, by name.
     */
    private static final String CDK_PROVIDER_ROLE = "CustomVpcRestrictDefaultSGCustomResourceProviderRole";

    private static List<Template> templates() {
        List<Template> templates = new ArrayList<>();
        for (Synthesized app : List.of(Synthesized.example(), Synthesized.threeTargets(), Synthesized.progressive())) {
            app.stackNames().forEach(stack -> templates.add(app.template(stack)));
        }
        return templates;
    }

    @Test
    void noPolicyAllowsEveryActionOrAWholeService() {
        for (Template template : templates()) {
            List<Map<String, Object>> allows = new ArrayList<>(Policies.identityStatements(template));
            allows.addAll(Policies.resourceStatements(template));
            allows.removeIf(s -> !"Allow".equals(s.get("Effect")));
            assertThat(allows).isNotEmpty().allSatisfy(statement -> assertThat(list(statement.get("Action")))
                    .noneMatch(action -> action.equals("*") || action.toString().endsWith(":*")));
        }
    }

    @Test
    void iamPassRoleIsNeverGrantedOnEveryResource() {
        for (Template template : templates()) {
            assertThat(Policies.identityStatements(template))
                    .filteredOn(s -> list(s.get("Action")).contains("iam:PassRole"))
                    .allSatisfy(s -> assertThat(list(s.get("Resource"))).doesNotContain("*"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyKeyPolicyStatementNamesItsPrincipalAndHowNarrowlyItMayUseTheKey() {
        for (Synthesized app : List.of(Synthesized.example(), Synthesized.threeTargets())) {
            AppNames names = app.config.names();
            Template build = app.build();
            var keyPolicy = Policies.statements(Policies.only(build, "AWS::KMS::Key").get("KeyPolicy"));
            Map<String, Object> onlyTheBuildRoles = Map.of("aws:PrincipalArn",
                    List.of(names.pipelineRoleArn(), names.buildRoleArn()));
            assertThat(keyPolicy).filteredOn(s -> "Deny".equals(s.get("Effect"))).singleElement()
                    .satisfies(deny -> assertThat(deny.get("Action")).isEqualTo("kms:CreateGrant"));
            assertThat(keyPolicy).filteredOn(s -> !"Deny".equals(s.get("Effect"))).isNotEmpty().allSatisfy(statement -> {
                var principal = (Map<String, Object>) statement.get("Principal");
                var actions = list(statement.get("Action"));
                var condition = (Map<String, Object>) statement.getOrDefault("Condition", Map.of());
                if (principal.equals(Map.of("AWS", "arn:aws:iam::" + names.buildAccount() + ":root"))
                        && condition.containsKey("ArnEquals")) {
                    // The pipeline and image-build roles, by ARN.
                    assertThat(condition.get("ArnEquals")).isEqualTo(onlyTheBuildRoles);
                } else if (principal.equals(Map.of("AWS", "arn:aws:iam::" + names.buildAccount() + ":root"))) {
                    // The account administers the key; using it takes a statement of its own.
                    assertThat(actions).doesNotContain("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:*",
                            "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:Create*");
                } else if (principal.equals(Map.of("Service", "logs." + names.region() + ".amazonaws.com"))) {
                    assertThat(condition).isEqualTo(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                            List.of(names.buildLogGroupArn(), names.commandsLogGroupArn(), names.metricsLogGroupArn()))));
                } else if (principal.containsKey("Service")) {
                    assertThat(principal).isEqualTo(Map.of("Service", "codestar-notifications.amazonaws.com"));
                    assertThat(condition).isEqualTo(Map.of("StringEquals",
                            Map.of("kms:ViaService", "sns." + names.region() + ".amazonaws.com")));
                } else if (principal.get("AWS") instanceof String account && account.endsWith(":root")) {
                    String targetAccount = account.split(":")[4];
                    TargetConfig target = app.config.targets().stream().filter(t -> t.account().equals(targetAccount))
                            .findFirst().orElseThrow(() -> new AssertionError("key admits account " + targetAccount));
                    assertThat(condition.get("ArnEquals")).isIn(
                            Map.of("aws:PrincipalArn", target.names(names).deploymentRoleArn()),
                            Map.of("aws:PrincipalArn", target.names(names).verifyRoleArn()));
                    assertThat(condition).containsEntry("StringEquals", Map.of(
                            "kms:ViaService", "s3." + names.region() + ".amazonaws.com",
                            "kms:CallerAccount", targetAccount));
                } else {
                    throw new AssertionError("the key admits " + principal);
                }
                if (actions.contains("kms:CreateGrant")) {
                    assertThat(condition).containsEntry("Bool", Map.of("kms:GrantIsForAWSResource", "true"));
                }
            });
        }
    }

    /**
     * KMS, S3 and ECR check a resource policy's principals when it is saved, and refuse a role that
     * IAM has not finished creating: no resource policy names a role of its own stack by reference.
     */
    @Test
    void noResourcePolicyNamesARoleByReference() {
        for (Template template : templates()) {
            assertThat(Policies.resourceStatements(template)).allSatisfy(statement -> assertThat(
                    String.valueOf(statement.get("Principal"))).doesNotContain("Fn::GetAtt").doesNotContain("Ref="));
        }
    }

    @Test
    void noTargetAccountMayWriteOrChangeAclsOnTheArtifactBucket() {
        for (Synthesized app : List.of(Synthesized.example(), Synthesized.threeTargets())) {
            for (TargetConfig target : app.config.targets()) {
                assertThat(Policies.resourceStatements(app.build()))
                        .filteredOn(s -> "Allow".equals(s.get("Effect"))
                                && String.valueOf(s.get("Principal")).contains(target.account()))
                        .isNotEmpty()
                        .allSatisfy(s -> assertThat(list(s.get("Action")))
                                .noneMatch(a -> a.toString().matches("s3:(Put|Delete|Restore|Replicate).*")));
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRoleThisAppDefinesHasAtMostOneCustomerManagedPolicyAndNoOtherPermissions() {
        for (Template template : templates()) {
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
        assertThat(Synthesized.example().test().findResources("AWS::IAM::Role").keySet())
                .filteredOn(id -> id.startsWith(CDK_PROVIDER_ROLE)).hasSize(1);
    }
}
