package io.github.crossaccountdelivery.targetaccount;

import io.github.crossaccountdelivery.common.Compliance;
import io.github.crossaccountdelivery.common.HandlerFunction;
import io.github.crossaccountdelivery.common.LogGroups;
import io.github.crossaccountdelivery.common.Ordered;
import io.github.crossaccountdelivery.naming.TargetNames;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ecs.DeploymentLifecycleLambdaTarget;
import software.amazon.awscdk.services.ecs.DeploymentLifecycleLambdaTargetProps;
import software.amazon.awscdk.services.ecs.DeploymentLifecycleStage;
import software.amazon.awscdk.services.ecs.IDeploymentLifecycleHookTarget;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The check a traffic-shifting deployment must pass before production traffic moves: ECS calls it
 * at {@code POST_TEST_TRAFFIC_SHIFT}, when the test route leads to the new revision, and rolls the
 * deployment back unless it answers {@code SUCCEEDED}
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-how-it-works.html).
 *
 * <p>Creates a small Lambda function (inline code from {@code handlers/release-check.js}, so there
 * is no asset to publish) that reads the test route's secret and asks the health-check path
 * through the test route, succeeding only on a 200 within its time limit; its role, with one
 * customer-managed policy (read the one secret, write its own log group); its log group; and the
 * role ECS invokes it with, whose one policy may invoke this function and nothing else. Both
 * roles are this class's own rather than CDK's defaults, which would add inline policies.
 *
 * <p>Over HTTPS it connects to the load balancer's DNS name and verifies the certificate against
 * the target's domain name, as Verify does; it never skips verification. It runs outside the VPC,
 * like the current-image reader: the load balancer is internet-facing, and a function in these
 * public subnets would get no public address to reach it.
 *
 * <p>Exposes {@link #hook()}, {@link #function()} and {@link #logGroup()}.
 */
public final class ReleaseCheck extends Construct {

    /** The handler's source, on the class path. */
    static final String HANDLER = "/handlers/release-check.js";

    /**
     * @param target       this target's names, for descriptions
     * @param testUrl      the health-check URL at the load balancer's own DNS name, {@code http://} or
     *                     {@code https://}
     * @param serverName   with HTTPS, the name the certificate is for, which the check asks for and
     *                     verifies; empty for plain HTTP
     * @param headerName   the header that admits a request to the test route
     * @param secret       the secret that holds the header's value
     * @param timeoutSeconds how long one check may take in all, its attempts and their pauses
     *                     included: the function's timeout, of which it keeps 5 s to answer ECS
     * @param logs         how the function's log group is made
     */
    public record Props(TargetNames target, String testUrl, Optional<String> serverName, String headerName,
                        ISecret secret, int timeoutSeconds, LogGroups logs) {
        public Props {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(testUrl, "testUrl");
            Objects.requireNonNull(serverName, "serverName");
            Objects.requireNonNull(headerName, "headerName");
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(logs, "logs");
            if (timeoutSeconds < 10 || timeoutSeconds > 900) {
                throw new IllegalArgumentException("a Lambda function runs 10 to 900 s here, not " + timeoutSeconds);
            }
        }
    }

    private final Function function;
    private final LogGroup logGroup;
    private final IDeploymentLifecycleHookTarget hook;

    public ReleaseCheck(Construct scope, String id, Props props) {
        super(scope, id);
        TargetNames target = props.target();

        HandlerFunction handler = HandlerFunction.create(this, new HandlerFunction.Props(HANDLER,
                "Checks a release of " + target.service() + " through its test route",
                "What the release check of " + target.service() + " may do",
                List.of(PolicyStatement.Builder.create()
                        .sid("ReadTheTestRouteSecret")
                        .actions(List.of("secretsmanager:GetSecretValue"))
                        .resources(List.of(props.secret().getSecretArn()))
                        .build()),
                "Asks the new revision of " + target.service() + " for its health check through the test route",
                Duration.seconds(props.timeoutSeconds()),
                Ordered.map(
                        "TEST_URL", props.testUrl(),
                        "SERVER_NAME", props.serverName().orElse(""),
                        "HEADER_NAME", props.headerName(),
                        "SECRET_ARN", props.secret().getSecretArn()),
                Optional.empty(), Optional.empty()), props.logs());
        logGroup = handler.logGroup();
        function = handler.function();

        // ECS invokes the hook with a role of its own: "the IAM role that grants Amazon ECS permission
        // to call Lambda functions on your behalf".
        // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentLifecycleHook.html
        Role invoker = Role.Builder.create(this, "InvokeRole")
                .description("Lets ECS call the release check of " + target.service())
                .assumedBy(new ServicePrincipal("ecs.amazonaws.com"))
                .build();
        ManagedPolicy.Builder.create(this, "InvokePolicy")
                .description("ECS may call the release check of " + target.service())
                .roles(List.of(invoker))
                .statements(List.of(PolicyStatement.Builder.create()
                        .sid("CallTheReleaseCheck")
                        .actions(List.of("lambda:InvokeFunction"))
                        .resources(List.of(function.getFunctionArn()))
                        .build()))
                .build();
        hook = new DeploymentLifecycleLambdaTarget(function, "ReleaseCheck", DeploymentLifecycleLambdaTargetProps.builder()
                .role(invoker)
                .lifecycleStages(List.of(DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT))
                .build());

        Compliance.acknowledge(function, "NIST.800.53.R5-LambdaInsideVPC",
                "It calls the internet-facing load balancer and Secrets Manager; in this VPC's public subnets a"
                        + " function gets no public address, and there is no NAT gateway to reach either through.");
        Compliance.acknowledge(function, "NIST.800.53.R5-LambdaConcurrency",
                "ECS calls it once per deployment; reserving concurrency would take from the account's pool for"
                        + " nothing.");
        Compliance.acknowledge(function, "NIST.800.53.R5-LambdaDLQ",
                "ECS invokes it synchronously and reads its answer; a failed invocation rolls the deployment"
                        + " back, which is the signal, and there is no event worth keeping in a queue.");
    }

    /** What the service's deployment calls before production traffic moves. */
    public IDeploymentLifecycleHookTarget hook() {
        return hook;
    }

    public Function function() {
        return function;
    }

    /** Where the function logs. */
    public LogGroup logGroup() {
        return logGroup;
    }
}
