package io.github.crossaccountdelivery.targetaccount;

import static io.github.crossaccountdelivery.BareStack.TEST;
import static io.github.crossaccountdelivery.Policies.list;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.BareStack;
import io.github.crossaccountdelivery.Policies;
import io.github.crossaccountdelivery.common.ClasspathText;
import io.github.crossaccountdelivery.common.RolloutTime;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The release check: its function, its role, its log group, and the role ECS calls it with. */
class ReleaseCheckTest {

    private static final String URL = "https://orders-test-alb-1234567890.eu-west-1.elb.amazonaws.com/health";
    private static Template template;
    private static String secret;

    @BeforeAll
    static void synthesize() {
        Stack stack = BareStack.inTestAccount();
        var testRoute = new TestRouteSecret(stack, "TestRouteSecret", new TestRouteSecret.Props(TEST));
        new ReleaseCheck(stack, "ReleaseCheck", new ReleaseCheck.Props(TEST, URL, Optional.of("orders.example.com"),
                TestRouteSecret.HEADER, testRoute.secret(), RolloutTime.RELEASE_CHECK_SECONDS, BareStack.logGroups(stack)));
        template = Template.fromStack(stack);
        secret = template.findResources("AWS::SecretsManager::Secret").keySet().iterator().next();
    }

    @Test
    void theCheckIsTheHandlerInlineOnACurrentNodeRuntimeToldWhereToAskAndWithWhatButNotTheSecretItself() {
        String handler = ClasspathText.read(ReleaseCheck.HANDLER);
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Runtime", "nodejs24.x",
                "Handler", "index.handler",
                "Architectures", List.of("arm64"),
                "Code", Map.of("ZipFile", handler),
                // Its time limit is the one the rollout formula counts.
                "Timeout", RolloutTime.RELEASE_CHECK_SECONDS,
                "Environment", Map.of("Variables", Map.of(
                        "TEST_URL", URL,
                        "SERVER_NAME", "orders.example.com",
                        "HEADER_NAME", "X-Release-Check",
                        "SECRET_ARN", Map.of("Ref", secret))))));
        assertThat(handler.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCheckMayReadTheOneSecretAndWriteItsOwnLogsOnly() {
        var function = template.findResources("AWS::Lambda::Function").values().iterator().next();
        var properties = (Map<String, Object>) function.get("Properties");
        String role = (String) ((List<Object>) ((Map<String, Object>) properties.get("Role")).get("Fn::GetAtt")).get(0);
        String logGroup = (String) ((Map<String, Object>) ((Map<String, Object>) properties.get("LoggingConfig"))
                .get("LogGroup")).get("Ref");
        assertThat(Policies.managedPolicyOfRoleId(template, role))
                .extracting(s -> List.of(list(s.get("Action")), s.get("Resource")))
                .containsExactlyInAnyOrder(
                        List.of(List.of("secretsmanager:GetSecretValue"), Map.of("Ref", secret)),
                        List.of(List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                Map.of("Fn::GetAtt", List.of(logGroup, "Arn"))));
        assertThat(Policies.roleById(template, role).trust()).singleElement().satisfies(statement ->
                assertThat(statement.get("Principal")).isEqualTo(Map.of("Service", "lambda.amazonaws.com")));
        // No inline policy: every role has its one managed policy and nothing else.
        template.resourceCountIs("AWS::IAM::Policy", 0);
        template.hasResourceProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of(
                "RetentionInDays", 365, "KmsKeyId", Match.anyValue())));
        template.hasResource("AWS::Logs::LogGroup", Match.objectLike(Map.of("DeletionPolicy", "Delete")));
    }
}
