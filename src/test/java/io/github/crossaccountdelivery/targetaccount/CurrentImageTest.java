package io.github.crossaccountdelivery.targetaccount;

import static io.github.crossaccountdelivery.BareStack.TEST;
import static io.github.crossaccountdelivery.Policies.list;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.BareStack;
import io.github.crossaccountdelivery.Policies;
import io.github.crossaccountdelivery.common.ClasspathText;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;

/** The reader of the image the service runs now. */
class CurrentImageTest {

    private static Template template;

    @BeforeAll
    static void synthesize() {
        Stack stack = BareStack.inTestAccount();
        var task = FargateTaskDefinition.Builder.create(stack, "Task").build();
        new CurrentImage(stack, "CurrentImage", new CurrentImage.Props(TEST, "app", () -> List.of(task),
                BareStack.logGroups(stack)));
        template = Template.fromStack(stack);
    }

    @Test
    void theReaderIsTheHandlerInlineOnACurrentNodeRuntime() {
        String handler = ClasspathText.read(CurrentImage.HANDLER);
        Capture timeout = new Capture();
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Runtime", "nodejs24.x",
                "Handler", "index.handler",
                "Architectures", List.of("arm64"),
                // Inline: no asset to publish to the target account.
                "Code", Map.of("ZipFile", handler),
                "Timeout", timeout)));
        assertThat(handler.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
        // The handler answers CloudFormation 5 s before Lambda would stop it.
        assertThat(timeout.asNumber().intValue()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void aReaderThatNeverAnswersHoldsTheStackForFiveMinutesNotAnHour() {
        template.hasResourceProperties("Custom::CurrentImage", Match.objectLike(Map.of("ServiceTimeout", "300")));
    }

    @Test
    void theReaderIsToldTheServiceTheContainerAndThePlaceholder() {
        template.hasResourceProperties("Custom::CurrentImage", Match.objectLike(Map.of(
                "Cluster", TEST.cluster(), "Service", TEST.service(), "Container", "app",
                "Placeholder", CurrentImage.PLACEHOLDER_IMAGE)));
        assertThat(CurrentImage.PLACEHOLDER_IMAGE).matches("traefik/whoami@sha256:[0-9a-f]{64}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theReaderMayDescribeThisServiceAndTaskDefinitionsAndWriteItsOwnLogsOnly() {
        var function = template.findResources("AWS::Lambda::Function").values().iterator().next();
        var properties = (Map<String, Object>) function.get("Properties");
        String role = (String) ((List<Object>) ((Map<String, Object>) properties.get("Role")).get("Fn::GetAtt")).get(0);
        String logGroup = (String) ((Map<String, Object>) ((Map<String, Object>) properties.get("LoggingConfig"))
                .get("LogGroup")).get("Ref");
        var policies = template.findResources("AWS::IAM::ManagedPolicy", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("Roles", List.of(Map.of("Ref", role)))))));
        assertThat(policies).hasSize(1);
        var statements = Policies.statements(((Map<String, Object>) policies.values().iterator().next()
                .get("Properties")).get("PolicyDocument"));
        assertThat(statements).extracting(s -> List.of(list(s.get("Action")), s.get("Resource")))
                .containsExactlyInAnyOrder(
                        List.of(List.of("ecs:DescribeServices"), TEST.serviceArn()),
                        List.of(List.of("ecs:DescribeTaskDefinition"), "*"),
                        List.of(List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                Map.of("Fn::GetAtt", List.of(logGroup, "Arn"))));
        template.hasResourceProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of(
                "RetentionInDays", 365, "KmsKeyId", Match.anyValue())));
    }
}
