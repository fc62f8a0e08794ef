package io.github.crossaccountdelivery.buildaccount;

import static io.github.crossaccountdelivery.BareStack.NAMES;
import static io.github.crossaccountdelivery.Policies.statements;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.BareStack;
import io.github.crossaccountdelivery.Policies;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.codepipeline.Artifact;
import software.amazon.awscdk.services.codepipeline.Pipeline;
import software.amazon.awscdk.services.codepipeline.StageProps;
import software.amazon.awscdk.services.codepipeline.actions.CodeStarConnectionsSourceAction;
import software.amazon.awscdk.services.codepipeline.actions.ManualApprovalAction;
import software.amazon.awscdk.services.kms.Key;

/** Failed executions and pending approvals, to an encrypted topic. */
class PipelineNotificationsTest {

    private static Template quiet;
    private static Template withEmail;

    @BeforeAll
    static void synthesize() {
        quiet = notify(Optional.empty());
        withEmail = notify(Optional.of("team@example.com"));
    }

    private static Template notify(Optional<String> email) {
        Stack stack = BareStack.inBuildAccount();
        Pipeline pipeline = Pipeline.Builder.create(stack, "Pipeline").stages(List.of(
                StageProps.builder().stageName("Source").actions(List.of(CodeStarConnectionsSourceAction.Builder
                        .create().actionName("GitHub").owner("o").repo("r").branch("main").output(new Artifact())
                        .connectionArn("arn:aws:codeconnections:eu-west-1:111111111111:connection/x").build())).build(),
                StageProps.builder().stageName("Wait").actions(List.of(ManualApprovalAction.Builder.create()
                        .actionName("Approve").build())).build())).build();
        new PipelineNotifications(stack, "Notifications", new PipelineNotifications.Props(NAMES.notificationTopic(),
                pipeline, Key.Builder.create(stack, "Key").build(), email));
        return Template.fromStack(stack);
    }

    @Test
    void failuresAndPendingApprovalsReachTheTopicThroughARule() {
        quiet.hasResourceProperties("AWS::CodeStarNotifications::NotificationRule", Match.objectLike(Map.of(
                "Name", NAMES.notificationTopic() + "-failures-and-approvals",
                "EventTypeIds", List.of("codepipeline-pipeline-pipeline-execution-failed",
                        "codepipeline-pipeline-manual-approval-needed"))));
    }

    @Test
    void theTopicIsEncryptedWithTheGivenKeyAndAcceptsTlsOnly() {
        quiet.hasResourceProperties("AWS::SNS::Topic", Match.objectLike(Map.of(
                "TopicName", NAMES.notificationTopic(),
                "KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(
                        quiet.findResources("AWS::KMS::Key").keySet().iterator().next(), "Arn")))));
        var policy = statements(Policies.only(quiet, "AWS::SNS::TopicPolicy").get("PolicyDocument"));
        assertThat(policy).anySatisfy(s -> assertThat(s).containsEntry("Effect", "Deny")
                .containsEntry("Action", "sns:Publish")
                .containsEntry("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))));
    }

    @Test
    void onlyNotificationRulesOfThisAccountPublish() {
        var publish = Policies.bySid(Policies.only(quiet, "AWS::SNS::TopicPolicy").get("PolicyDocument"),
                "NotificationRulesOfThisAccountPublish");
        assertThat(publish.get("Principal")).isEqualTo(Map.of("Service", "codestar-notifications.amazonaws.com"));
        assertThat(publish.get("Condition")).isEqualTo(Map.of("StringEquals",
                Map.of("aws:SourceAccount", NAMES.buildAccount())));
    }

    @Test
    void anAddressIsSubscribedOnlyWhenOneIsGiven() {
        quiet.resourceCountIs("AWS::SNS::Subscription", 0);
        withEmail.hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "email", "Endpoint", "team@example.com", "TopicArn", Match.anyValue()));
    }
}
