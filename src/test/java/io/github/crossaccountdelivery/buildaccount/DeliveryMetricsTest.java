package io.github.crossaccountdelivery.buildaccount;

import static io.github.crossaccountdelivery.BareStack.NAMES;
import static io.github.crossaccountdelivery.Policies.list;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.BareStack;
import io.github.crossaccountdelivery.Policies;
import io.github.crossaccountdelivery.common.ClasspathText;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The pipeline's DORA metrics, for a test target and a prod target. */
class DeliveryMetricsTest {

    private static final List<String> TARGETS = List.of("test", "prod");
    private static Template template;
    private static DeliveryMetrics metrics;

    @BeforeAll
    static void synthesize() {
        Stack stack = BareStack.inBuildAccount();
        metrics = new DeliveryMetrics(stack, "Metrics", new DeliveryMetrics.Props(NAMES, TARGETS,
                DeliveryPipeline.SOURCE_ARTIFACT, BareStack.logGroups(stack)));
        template = Template.fromStack(stack);
    }

    @Test
    void theRuleTakesOnlyThisPipelinesDeployAndVerifyOutcomesToTheFunction() {
        var rule = Policies.only(template, "AWS::Events::Rule");
        assertThat(rule.get("EventPattern")).isEqualTo(Map.of(
                "source", List.of("aws.codepipeline"),
                "detail-type", List.of("CodePipeline Action Execution State Change"),
                "detail", Map.of(
                        "pipeline", List.of(NAMES.pipeline()),
                        "stage", List.of(Map.of("prefix", "Deploy-"), Map.of("prefix", "Verify-")),
                        "state", List.of("SUCCEEDED", "FAILED"))));
        String function = onlyId("AWS::Lambda::Function");
        assertThat(rule.get("Targets")).isEqualTo(List.of(Map.of("Id", "Target0",
                "Arn", Map.of("Fn::GetAtt", List.of(function, "Arn")))));
        template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "Action", "lambda:InvokeFunction",
                "FunctionName", Map.of("Fn::GetAtt", List.of(function, "Arn")),
                "Principal", "events.amazonaws.com",
                "SourceArn", Map.of("Fn::GetAtt", List.of(onlyId("AWS::Events::Rule"), "Arn"))));
        // The stages the rule and the function look for are the ones the pipeline makes.
        assertThat(DeliveryPipeline.DEPLOY_STAGE_PREFIX + "|" + DeliveryPipeline.VERIFY_STAGE_PREFIX)
                .isEqualTo("Deploy-|Verify-");
        assertThat(ClasspathText.read(DeliveryMetrics.HANDLER)).contains("/^(Deploy|Verify)-(.+)$/");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFunctionMayReadThisPipelinesExecutionsAndHistoryAndWriteItsOwnLogGroupOnly() {
        var function = Policies.only(template, "AWS::Lambda::Function");
        String role = (String) ((List<Object>) ((Map<String, Object>) function.get("Role")).get("Fn::GetAtt")).get(0);
        assertThat(((Map<String, Object>) template.findResources("AWS::IAM::Role").get(role).get("Properties"))
                .get("AssumeRolePolicyDocument")).isEqualTo(Map.of("Version", "2012-10-17", "Statement", List.of(
                Map.of("Effect", "Allow", "Action", "sts:AssumeRole",
                        "Principal", Map.of("Service", "lambda.amazonaws.com")))));
        var policies = template.findResources("AWS::IAM::ManagedPolicy", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("Roles", List.of(Map.of("Ref", role)))))));
        assertThat(policies).hasSize(1);
        var statements = Policies.statements(((Map<String, Object>) policies.values().iterator().next()
                .get("Properties")).get("PolicyDocument"));
        assertThat(statements).extracting(s -> List.of(s.get("Effect"), list(s.get("Action")), s.get("Resource")))
                .containsExactly(
                        List.of("Allow", List.of("codepipeline:GetPipelineExecution", "codepipeline:ListActionExecutions"),
                                "arn:aws:codepipeline:eu-west-1:111111111111:orders"),
                        List.of("Allow", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                Map.of("Fn::GetAtt", List.of(onlyId("AWS::Logs::LogGroup"), "Arn"))));
        assertThat(statements).allSatisfy(s -> assertThat(s).doesNotContainKey("Condition"));
        assertThat(NAMES.pipelineArn()).isEqualTo("arn:aws:codepipeline:eu-west-1:111111111111:orders");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFunctionLogsToItsOwnEncryptedLogGroupKeptAYear() {
        var logGroup = Policies.only(template, "AWS::Logs::LogGroup");
        assertThat(logGroup).containsEntry("LogGroupName", "/aws/lambda/orders-delivery-metrics")
                .containsEntry("RetentionInDays", 365)
                .containsEntry("KmsKeyId", Map.of("Fn::GetAtt", List.of(onlyId("AWS::KMS::Key"), "Arn")));
        var function = Policies.only(template, "AWS::Lambda::Function");
        assertThat(function.get("LoggingConfig")).isEqualTo(Map.of("LogGroup", Map.of("Ref", onlyId("AWS::Logs::LogGroup"))));
        assertThat(NAMES.metricsLogGroupArn()).isEqualTo(
                "arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/orders-delivery-metrics");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFunctionIsTheHandlerInlineToldThePipelineItsTargetsItsSourceArtifactAndTheNamespace() {
        var function = Policies.only(template, "AWS::Lambda::Function");
        assertThat(function).containsEntry("FunctionName", "orders-delivery-metrics")
                .containsEntry("Runtime", "nodejs24.x")
                .containsEntry("Handler", "index.handler")
                .containsEntry("Code", Map.of("ZipFile", ClasspathText.read(DeliveryMetrics.HANDLER)));
        assertThat(((Map<String, Object>) function.get("Environment")).get("Variables")).isEqualTo(Map.of(
                "PIPELINE", "orders",
                "TARGETS", "[\"test\",\"prod\"]",
                "SOURCE_ARTIFACT", "Source",
                "NAMESPACE", "CrossAccountDelivery"));
    }

    private static String onlyId(String type) {
        var found = template.findResources(type).keySet();
        assertThat(found).hasSize(1);
        return found.iterator().next();
    }
}
