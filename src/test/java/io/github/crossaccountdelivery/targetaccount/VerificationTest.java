package io.github.crossaccountdelivery.targetaccount;

import static io.github.crossaccountdelivery.BareStack.TEST;
import static io.github.crossaccountdelivery.Policies.list;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.BareStack;
import io.github.crossaccountdelivery.Policies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** What the pipeline's Verify stage uses in a target account. */
class VerificationTest {

    private static final String URL = "http://orders-test-alb.example";
    private static Template template;
    private static List<Map<String, Object>> statements;

    @BeforeAll
    static void synthesize() {
        Stack stack = BareStack.inTestAccount();
        new Verification(stack, "Verification", new Verification.Props(TEST, URL, BareStack.logGroups(stack)));
        template = Template.fromStack(stack);
        statements = Policies.managedPolicyOfRole(template, TEST.verifyRole());
    }

    @Test
    void itsRoleIsAssumableOnlyByThePipelineRole() {
        assertThat(Policies.role(template, TEST.verifyRole()).trust()).singleElement().satisfies(trust -> {
            assertThat(trust.get("Principal")).isEqualTo(Map.of("AWS", "arn:aws:iam::111111111111:root"));
            assertThat(trust.get("Condition")).isEqualTo(Map.of("ArnEquals",
                    Map.of("aws:PrincipalArn", "arn:aws:iam::111111111111:role/orders-pipeline")));
        });
    }

    @Test
    void itsRoleCanOnlyReadAndWriteItsLogs() {
        List<Object> actions = new ArrayList<>();
        statements.forEach(s -> actions.addAll(list(s.get("Action"))));
        assertThat(actions).containsExactlyInAnyOrder("ecs:DescribeServices", "ecs:DescribeTaskDefinition",
                "ssm:GetParameter", "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
                "s3:GetObject", "s3:GetObjectVersion", "s3:GetBucketLocation", "kms:Decrypt");
        assertThat(Policies.bySid(Map.of("Statement", statements), "SeeTheRollout").get("Resource"))
                .isEqualTo(TEST.serviceArn());
        assertThat(Policies.bySid(Map.of("Statement", statements), "FindTheService").get("Resource"))
                .isEqualTo(TEST.serviceUrlParameterArn());
        // Both forms AWS's sample policy for the Commands action names: the group and its streams.
        assertThat(list(Policies.bySid(Map.of("Statement", statements), "WriteVerificationLogs").get("Resource")))
                .containsExactly("arn:aws:logs:eu-west-1:222222222222:log-group:/aws/codepipeline/orders",
                        "arn:aws:logs:eu-west-1:222222222222:log-group:/aws/codepipeline/orders:*");
    }

    @Test
    void theParameterSaysWhereTheServiceAnswers() {
        template.hasResourceProperties("AWS::SSM::Parameter", Match.objectLike(Map.of(
                "Name", "/orders/test/service-url", "Type", "String", "Value", URL)));
    }

    @Test
    void theCommandsLogToAnEncryptedLogGroupNamedAfterThePipeline() {
        template.hasResourceProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of(
                "LogGroupName", "/aws/codepipeline/orders", "RetentionInDays", 365,
                "KmsKeyId", Match.anyValue())));
    }
}
