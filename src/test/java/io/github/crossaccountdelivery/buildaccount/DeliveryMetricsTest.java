package io.github.crossaccountdelivery.buildaccount;

import static io.github.crossaccountdelivery.BareStack.NAMES;
import static io.github.crossaccountdelivery.Policies.list;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountdelivery.BareStack;
import io.github.crossaccountdelivery.Policies;
import io.github.crossaccountdelivery.common.ClasspathText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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

    @Test
    void theDashboardShowsEachTargetsFourMetricsOverThirtyDays() throws Exception {
        var dashboard = Policies.only(template, "AWS::CloudWatch::Dashboard");
        assertThat(dashboard).containsEntry("DashboardName", "orders-delivery");
        Map<String, Object> body = new ObjectMapper().readValue(render(dashboard.get("DashboardBody")),
                new TypeReference<>() { });
        assertThat(body).containsEntry("start", "-P30D");
        List<Map<String, Object>> widgets = properties(body);
        assertThat(widgets).extracting(w -> w.get("title")).containsExactly(
                "test: the last 30 days", "test: deployments per day",
                "test: lead time and time to restore, median per day (s)",
                "prod: the last 30 days", "prod: deployments per day",
                "prod: lead time and time to restore, median per day (s)");
        for (String target : TARGETS) {
            var summary = widgets.stream().filter(w -> w.get("title").equals(target + ": the last 30 days"))
                    .findFirst().orElseThrow();
            assertThat(summary).containsEntry("view", "singleValue").containsEntry("setPeriodToTimeRange", true)
                    .containsEntry("region", "eu-west-1");
            // Each of the four, for this target and pipeline, and the change failure rate computed from two.
            assertThat(metricNames(summary, target)).containsExactly(
                    "Deployments Sum", "FailedDeployments Sum", "LeadTimeSeconds p50", "TimeToRestoreSeconds p50");
            assertThat(expressions(summary)).containsExactly(
                    "Change failure rate (%): 100 * FILL(failed, 0) / (FILL(deployed, 0) + FILL(failed, 0))");
        }
        assertThat(metrics.dashboardUrl()).isEqualTo("https://eu-west-1.console.aws.amazon.com/cloudwatch/home"
                + "?region=eu-west-1#dashboards/dashboard/orders-delivery");
    }

    /**
     * The dashboard body as CloudFormation makes it: widgets name the stack's region by reference, so
     * the body is an Fn::Join of text and {@code AWS::Region}.
     */
    @SuppressWarnings("unchecked")
    static String render(Object body) {
        if (body instanceof String text) {
            return text;
        }
        var join = (List<Object>) ((Map<String, Object>) body).get("Fn::Join");
        assertThat(join.get(0)).isEqualTo("");
        return ((List<Object>) join.get(1)).stream().map(part -> {
            if (part instanceof String text) {
                return text;
            }
            assertThat(part).isEqualTo(Map.of("Ref", "AWS::Region"));
            return NAMES.region();
        }).collect(Collectors.joining());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> properties(Map<String, Object> body) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Object widget : (List<Object>) body.get("widgets")) {
            found.add((Map<String, Object>) ((Map<String, Object>) widget).get("properties"));
        }
        return found;
    }

    /** "name statistic" of each metric a widget graphs, checking that each is this pipeline's and target's. */
    @SuppressWarnings("unchecked")
    private static List<String> metricNames(Map<String, Object> widget, String target) {
        List<String> names = new ArrayList<>();
        for (Object row : (List<Object>) widget.get("metrics")) {
            var line = (List<Object>) row;
            if (line.size() == 1) {
                continue; // an expression
            }
            assertThat(line.subList(0, 6)).containsExactly("CrossAccountDelivery", line.get(1), "Pipeline", "orders",
                    "Target", target);
            names.add(line.get(1) + " " + ((Map<String, Object>) line.get(6)).get("stat"));
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static List<String> expressions(Map<String, Object> widget) {
        List<String> found = new ArrayList<>();
        for (Object row : (List<Object>) widget.get("metrics")) {
            var line = (List<Object>) row;
            if (line.size() == 1) {
                var options = (Map<String, Object>) line.get(0);
                found.add(options.get("label") + ": " + options.get("expression"));
            }
        }
        return found;
    }

    private static String onlyId(String type) {
        var found = template.findResources(type).keySet();
        assertThat(found).hasSize(1);
        return found.iterator().next();
    }
}
