package io.github.crossaccountdelivery.targetaccount;

import static io.github.crossaccountdelivery.BareStack.TEST;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.BareStack;
import io.github.crossaccountdelivery.Policies;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The key of a target account's log groups. */
class LogKeyTest {

    @Test
    void onlyCloudWatchLogsOfThisAccountAndRegionMayUseItAndItRotates() {
        Stack stack = BareStack.inTestAccount();
        new LogKey(stack, "LogKey", new LogKey.Props(TEST));
        Template template = Template.fromStack(stack);

        assertThat(template.findResources("AWS::KMS::Key")).containsOnlyKeys(LogKey.LOGICAL_ID);
        template.hasResource("AWS::KMS::Key", Match.objectLike(Map.of(
                "DeletionPolicy", "Delete",
                "Properties", Match.objectLike(Map.of("EnableKeyRotation", true, "PendingWindowInDays", 7)))));
        template.hasResourceProperties("AWS::KMS::Alias", Match.objectLike(Map.of("AliasName", "alias/orders-test-logs")));
        var statements = Policies.statements(Policies.only(template, "AWS::KMS::Key").get("KeyPolicy"));
        assertThat(statements).extracting(s -> s.get("Sid")).containsExactly(
                "AccountAdministersTheKey", "DenyGrantsNotForAwsResources", "CloudWatchLogsEncryptsLogGroups");
        assertThat(statements.get(2)).containsEntry("Principal", Map.of("Service", "logs.eu-west-1.amazonaws.com"))
                .containsEntry("Condition", Map.of("ArnLike", Map.of(
                        "kms:EncryptionContext:aws:logs:arn", "arn:aws:logs:eu-west-1:222222222222:log-group:*")));
    }
}
