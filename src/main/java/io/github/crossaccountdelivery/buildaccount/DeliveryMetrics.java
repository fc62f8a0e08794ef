package io.github.crossaccountdelivery.buildaccount;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountdelivery.common.Compliance;
import io.github.crossaccountdelivery.common.HandlerFunction;
import io.github.crossaccountdelivery.common.LogGroups;
import io.github.crossaccountdelivery.common.Ordered;
import io.github.crossaccountdelivery.naming.AppNames;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The pipeline's DORA metrics, per target: how often it deploys, how long a commit takes to be
 * verified, how often a deployment fails, and how long a target takes to recover from a failed
 * one. No database: each value comes from the pipeline's own events and history.
 *
 * <p>Creates an EventBridge rule on this pipeline's action execution state changes (a deploy or
 * verify stage that succeeded or failed), a small Lambda function it invokes (inline code from
 * {@code handlers/delivery-metrics.js}, Node.js 24), the function's role with one customer-managed
 * policy ({@code codepipeline:GetPipelineExecution} and {@code codepipeline:ListActionExecutions}
 * on this pipeline only, and writing its own log group) and its log group (named, encrypted, kept).
 * {@link DeliveryDashboard} shows what it writes.
 *
 * <p>The function writes the metrics as embedded metric format (EMF) lines to its log, from which
 * CloudWatch Logs extracts them: no {@code cloudwatch:PutMetricData} permission, and nothing to pay
 * for while no release runs (custom metrics are billed by the hours they are published in).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 * In namespace {@link AppNames#metricsNamespace()}, with dimensions {@code Pipeline} and {@code Target}:
 * <ul>
 * <li>{@value #DEPLOYMENTS}: a {@code Verify-<target>} action that succeeded, one per successful deployment;</li>
 * <li>{@value #FAILED_DEPLOYMENTS}: a {@code Deploy-<target>} or {@code Verify-<target>} action that failed;</li>
 * <li>{@value #LEAD_TIME}: from the commit's time (the source revision's {@code created}, from
 *     GetPipelineExecution) to that successful verification;</li>
 * <li>{@value #TIME_TO_RESTORE}: from the target's first failed deployment since its last success
 *     to the next success, from the pipeline's action history (ListActionExecutions).</li>
 * </ul>
 * The change failure rate is the dashboard's metric math: failed / (successful + failed).
 *
 * <p>Exposes {@link #logGroup()}.
 */
public final class DeliveryMetrics extends Construct {

    public static final String DEPLOYMENTS = "Deployments";
    public static final String FAILED_DEPLOYMENTS = "FailedDeployments";
    public static final String LEAD_TIME = "LeadTimeSeconds";
    public static final String TIME_TO_RESTORE = "TimeToRestoreSeconds";
    /** The handler's source, on the class path. */
    static final String HANDLER = "/handlers/delivery-metrics.js";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param names          the pipeline's name and ARN, and the function's, log group's, namespace's
     *                       and dashboard's names
     * @param targets        the pipeline's targets, in delivery order; at least one. Their
     *                       {@code Deploy-<target>} and {@code Verify-<target>} stages are measured
     * @param sourceArtifact the name of the source action's output artifact, whose revision time is
     *                       the commit's
     * @param logs           how the function's log group is made
     */
    public record Props(AppNames names, List<String> targets, String sourceArtifact, LogGroups logs) {
        public Props {
            Objects.requireNonNull(names, "names");
            targets = List.copyOf(targets);
            Objects.requireNonNull(sourceArtifact, "sourceArtifact");
            Objects.requireNonNull(logs, "logs");
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("a pipeline's metrics are per target: at least one target");
            }
        }
    }

    private final LogGroup logGroup;

    public DeliveryMetrics(Construct scope, String id, Props props) {
        super(scope, id);
        AppNames names = props.names();

        HandlerFunction handler = HandlerFunction.create(this, new HandlerFunction.Props(HANDLER,
                "Turns the action events of pipeline " + names.pipeline() + " into DORA metrics",
                "What the delivery metrics of " + names.pipeline() + " may do",
                List.of(PolicyStatement.Builder.create()
                        // Both take the pipeline as their resource.
                        // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodepipeline.html
                        .actions(List.of("codepipeline:GetPipelineExecution", "codepipeline:ListActionExecutions"))
                        .resources(List.of(names.pipelineArn()))
                        .build()),
                "DORA metrics of pipeline " + names.pipeline() + " from its action events",
                // At most 11 CodePipeline calls; the SDK's own retries fit well within this.
                Duration.seconds(60),
                Ordered.map(
                        "PIPELINE", names.pipeline(),
                        "TARGETS", json(props.targets()),
                        "SOURCE_ARTIFACT", props.sourceArtifact(),
                        "NAMESPACE", names.metricsNamespace()),
                Optional.of(names.metricsFunction()), Optional.of(names.metricsLogGroup())), props.logs());
        logGroup = handler.logGroup();
        Function function = handler.function();

        // Only this pipeline's deploy and verify outcomes: starts, the source, the build and the
        // approvals never invoke the function. The event is documented in
        // https://docs.aws.amazon.com/codepipeline/latest/userguide/detect-state-changes-cloudwatch-events.html
        Rule.Builder.create(this, "Rule")
                .description("Deploy and verify outcomes of pipeline " + names.pipeline() + ", for its DORA metrics")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.codepipeline"))
                        .detailType(List.of("CodePipeline Action Execution State Change"))
                        .detail(Ordered.map(
                                "pipeline", List.of(names.pipeline()),
                                "stage", List.of(Ordered.map("prefix", DeliveryPipeline.DEPLOY_STAGE_PREFIX),
                                        Ordered.map("prefix", DeliveryPipeline.VERIFY_STAGE_PREFIX)),
                                "state", List.of("SUCCEEDED", "FAILED")))
                        .build())
                .targets(List.of(new LambdaFunction(function)))
                .build();

        Compliance.acknowledge(function, "NIST.800.53.R5-LambdaInsideVPC",
                "The function calls the CodePipeline API and writes only its own log; the build account has no VPC,"
                        + " and one with a NAT gateway or endpoints would cost more than the account idles at.");
        Compliance.acknowledge(function, "NIST.800.53.R5-LambdaConcurrency",
                "It runs for a few deploy and verify outcomes per release; reserving concurrency would take from"
                        + " the account's pool for nothing.");
        Compliance.acknowledge(function, "NIST.800.53.R5-LambdaDLQ",
                "It never fails an event on purpose: it logs every event it skips and why, and a lost event costs"
                        + " one data point of a metric, not a release.");
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the function logs, and where CloudWatch extracts the metrics from. */
    public LogGroup logGroup() {
        return logGroup;
    }
}
