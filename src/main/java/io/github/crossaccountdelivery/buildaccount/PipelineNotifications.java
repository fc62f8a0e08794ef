package io.github.crossaccountdelivery.buildaccount;

import io.github.crossaccountdelivery.common.Ordered;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.codepipeline.Pipeline;
import software.amazon.awscdk.services.codepipeline.PipelineNotificationEvents;
import software.amazon.awscdk.services.codepipeline.PipelineNotifyOnOptions;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Tells people when the pipeline needs them: an SNS topic that receives failed executions
 * and pending manual approvals, through a CodeStar Notifications rule on the pipeline.
 *
 * <p>Creates the topic (encrypted with the given key, publishing over TLS only), the
 * notification rule, and an e-mail subscription when an address is configured (AWS e-mails a
 * confirmation link first).
 *
 * <p>Exposes {@link #topic()}. The key's policy must let CodeStar Notifications use it through
 * SNS; {@link ArtifactAccess} does that.
 */
public final class PipelineNotifications extends Construct {

    /**
     * @param topicName the topic's name
     * @param pipeline  the pipeline to watch
     * @param key       encrypts messages at rest
     * @param email     optional address to subscribe
     */
    public record Props(String topicName, Pipeline pipeline, IKey key, Optional<String> email) {
        public Props {
            Objects.requireNonNull(topicName, "topicName");
            Objects.requireNonNull(pipeline, "pipeline");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(email, "email");
        }
    }

    private final Topic topic;

    public PipelineNotifications(Construct scope, String id, Props props) {
        super(scope, id);
        topic = Topic.Builder.create(this, "Topic")
                .topicName(props.topicName())
                .displayName("Delivery pipeline " + props.pipeline().getPipelineName())
                // A reference to the key, so that CDK's automatic grant for the topic's publishers
                // (kms:GenerateDataKey* with no condition) cannot widen the key policy;
                // ArtifactAccess writes the narrower statement.
                .masterKey(Key.fromKeyArn(this, "KeyView", props.key().getKeyArn()))
                .enforceSsl(true)
                .build();
        props.email().ifPresent(address -> topic.addSubscription(new EmailSubscription(address)));
        // Written here rather than by CDK's notification binding, to add the confused-deputy
        // condition: only notification rules of this account may publish.
        String account = Stack.of(this).getAccount();
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("NotificationRulesOfThisAccountPublish")
                .principals(List.of(new ServicePrincipal("codestar-notifications.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(Ordered.map("StringEquals", Ordered.map("aws:SourceAccount", account)))
                .build());
        ITopic reference = Topic.fromTopicArn(this, "TopicReference", topic.getTopicArn());
        props.pipeline().notifyOn("FailuresAndApprovals", reference, PipelineNotifyOnOptions.builder()
                .notificationRuleName(props.topicName() + "-failures-and-approvals")
                .events(List.of(
                        PipelineNotificationEvents.PIPELINE_EXECUTION_FAILED,
                        PipelineNotificationEvents.MANUAL_APPROVAL_NEEDED))
                .build());
    }

    public Topic topic() {
        return topic;
    }
}
