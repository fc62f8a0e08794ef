package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.targetaccount.LogKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * What AWS Control Tower's proactive controls ask of every stack of every configuration: each
 * log group encrypted with a customer-managed key of its own account and kept a year or more.
 * (The container's hardening is ServiceTaskTest's; the Control Tower check in CI runs the
 * controls themselves.)
 */
@ReadsWholeApps
class GovernedAccountTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyLogGroupIsEncryptedWithAKeyOfItsStackAndKeptAtLeastAYear() {
        for (Synthesized app : List.of(Synthesized.example(), Synthesized.switchesOn(), Synthesized.threeTargets(),
                Synthesized.progressive())) {
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
    void eachTargetStackHasOneKeyItsLogKey() {
        var app = Synthesized.threeTargets();
        for (var target : app.config.targets()) {
            assertThat(app.target(target.name()).findResources("AWS::KMS::Key")).containsOnlyKeys(LogKey.LOGICAL_ID);
        }
    }

    @Test
    void theExamplesContainerIsNonRootOnAnUnprivilegedPort() {
        // traefik/whoami, the placeholder, is one static binary that writes no file and listens where its
        // variable says: a port of 1024 or above needs no root, and nothing needs a writable root.
        var app = Synthesized.example();
        assertThat(app.config.get(io.github.crossaccountdelivery.config.Settings.CONTAINER_PORT))
                .isGreaterThanOrEqualTo(1024);
        assertThat(app.config.get(io.github.crossaccountdelivery.config.Settings.CONTAINER_USER)).isEqualTo("1000:1000");
    }
}
