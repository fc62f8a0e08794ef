package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.targetaccount.LogKey;
import io.github.crossaccountdelivery.targetaccount.ServiceTask;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * What AWS Control Tower's proactive controls ask of the templates, by default: every log group
 * encrypted with a customer-managed key and kept a year; containers that run as a non-root user,
 * on a read-only root file system, under a memory limit. The opt-out keys turn the container
 * rules off, and the Control Tower check (scripts/control-tower-check.sh) lists them as
 * exceptions.
 */
class GovernedAccountTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyLogGroupIsEncryptedWithAKeyOfItsAccountAndKeptAtLeastAYear() {
        for (Synthesized app : List.of(Synthesized.example(), Synthesized.switchesOn(), Synthesized.threeTargets())) {
            for (String stack : app.stackNames()) {
                Template template = app.template(stack);
                var keys = template.findResources("AWS::KMS::Key").keySet();
                assertThat(template.findResources("AWS::Logs::LogGroup")).as(stack).isNotEmpty()
                        .allSatisfy((id, logGroup) -> {
                            var properties = (Map<String, Object>) logGroup.get("Properties");
                            assertThat(((Number) properties.get("RetentionInDays")).intValue()).isGreaterThanOrEqualTo(365);
                            var key = (Map<String, Object>) properties.get("KmsKeyId");
                            assertThat(key).as("%s %s", stack, id).isNotNull();
                            assertThat(keys).contains((String) ((List<Object>) key.get("Fn::GetAtt")).get(0));
                        });
            }
        }
    }

    @Test
    void eachTargetHasOneLogKeyThatOnlyCloudWatchLogsOfThatAccountMayUse() {
        var app = Synthesized.threeTargets();
        for (var target : app.config.targets()) {
            Template template = app.target(target.name());
            var statements = Policies.statements(Policies.only(template, "AWS::KMS::Key").get("KeyPolicy"));
            assertThat(template.findResources("AWS::KMS::Key")).containsOnlyKeys(LogKey.LOGICAL_ID);
            assertThat(statements).extracting(s -> s.get("Sid")).containsExactly(
                    "AccountAdministersTheKey", "DenyGrantsNotForAwsResources", "CloudWatchLogsEncryptsLogGroups");
            assertThat(statements.get(2)).containsEntry("Condition", Map.of("ArnLike", Map.of(
                    "kms:EncryptionContext:aws:logs:arn",
                    "arn:aws:logs:" + app.config.region() + ":" + target.account() + ":log-group:*")));
            template.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of("EnableKeyRotation", true)));
        }
    }

    @Test
    void byDefaultTheContainerRunsAsANonRootUserOnAReadOnlyRootWithAWritableTmpAndAMemoryLimit() {
        var app = Synthesized.example();
        var container = container(app.test());
        assertThat(container)
                .containsEntry("User", app.config.containerUser())
                .containsEntry("ReadonlyRootFilesystem", true)
                .containsEntry("Memory", app.config.firstTarget().service().taskMemoryMiB())
                .containsEntry("MountPoints", List.of(Map.of(
                        "ContainerPath", "/tmp", "ReadOnly", false, "SourceVolume", ServiceTask.SCRATCH_VOLUME)));
        assertThat(app.config.containerUser()).isEqualTo("1000:1000");
        app.test().hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "Volumes", List.of(Map.of("Name", ServiceTask.SCRATCH_VOLUME)))));
    }

    @Test
    void thePlaceholderComesUpUnderTheseDefaults() {
        // traefik/whoami is one static binary that writes no file and listens where its variable
        // says: an unprivileged port (1024 or above) needs no root, and nothing needs a writable root.
        var app = Synthesized.example();
        var container = container(app.test());
        assertThat(app.config.containerPort()).isGreaterThanOrEqualTo(1024);
        assertThat(container).containsEntry("Environment", List.of(Map.of(
                        "Name", ServiceTask.PLACEHOLDER_PORT_VARIABLE, "Value", String.valueOf(app.config.containerPort()))))
                .doesNotContainKeys("Command", "EntryPoint");
    }

    @Test
    void theOptOutKeysTurnTheUserAndTheReadOnlyRootOff() {
        var app = Synthesized.switchesOn();
        var container = container(app.test());
        assertThat(container).doesNotContainKeys("User", "MountPoints")
                .containsEntry("ReadonlyRootFilesystem", false)
                .containsEntry("Memory", app.config.firstTarget().service().taskMemoryMiB());
        app.test().hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "Volumes", Match.absent())));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Template template) {
        Capture containers = new Capture();
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "ContainerDefinitions", containers)));
        assertThat(containers.asArray()).hasSize(1);
        return (Map<String, Object>) containers.asArray().get(0);
    }
}
