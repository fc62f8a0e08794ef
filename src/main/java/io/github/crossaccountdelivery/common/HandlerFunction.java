package io.github.crossaccountdelivery.common;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * A Lambda function running one of this app's Node.js handlers, inlined from the class path, and
 * what every such function here comes with: a role only Lambda may assume, which takes no policy
 * updates from grants; a log group of its own, made as {@link LogGroups} makes every log group;
 * and one customer-managed policy holding the given statements and the right to write that log.
 * The function depends on the policy, so that it never runs before it may act.
 *
 * <p>{@link #create} makes them as children of the construct that needs the function, with the ids
 * {@code Role}, {@code Logs}, {@code Policy} and {@code Function}, so each keeps its logical IDs.
 *
 * @param role     the function's role
 * @param logGroup where the function logs
 * @param policy   what the function may do
 * @param function the function: Node.js 24 on ARM64, 128 MB, handler {@code index.handler}
 */
public record HandlerFunction(Role role, LogGroup logGroup, ManagedPolicy policy, Function function) {

    /**
     * What one handler function is and may do.
     *
     * @param handler             the handler's class-path resource, under 4 KB (CloudFormation's limit for inline code)
     * @param roleDescription     the role's description
     * @param policyDescription   the policy's description
     * @param statements          what the function may do besides writing its own log
     * @param functionDescription the function's description
     * @param timeout             how long one invocation may run
     * @param environment         the function's variables, in the order given; empty for none
     * @param functionName        a fixed name; default: the name CloudFormation generates
     * @param logGroupName        a fixed log group name; default: the name CloudFormation generates
     */
    public record Props(String handler, String roleDescription, String policyDescription,
                        List<PolicyStatement> statements, String functionDescription, Duration timeout,
                        Map<String, String> environment, Optional<String> functionName,
                        Optional<String> logGroupName) {

        public Props {
            Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(roleDescription, "roleDescription");
            Objects.requireNonNull(policyDescription, "policyDescription");
            statements = List.copyOf(statements);
            Objects.requireNonNull(functionDescription, "functionDescription");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(functionName, "functionName");
            Objects.requireNonNull(logGroupName, "logGroupName");
        }
    }

    /** The role, log group, policy and function, created in that order as children of {@code scope}. */
    public static HandlerFunction create(Construct scope, Props props, LogGroups logs) {
        Role role = Role.Builder.create(scope, "Role")
                .description(props.roleDescription())
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        LogGroup logGroup = props.logGroupName().isPresent()
                ? logs.create(scope, "Logs", props.logGroupName().get())
                : logs.create(scope, "Logs");
        ManagedPolicy policy = ManagedPolicy.Builder.create(scope, "Policy")
                .description(props.policyDescription())
                .roles(List.of(role))
                .statements(props.statements())
                .build();
        logGroup.grantWrite(policy);

        Function.Builder function = Function.Builder.create(scope, "Function")
                .description(props.functionDescription())
                .runtime(Runtime.NODEJS_24_X)
                .architecture(Architecture.ARM_64)
                .handler("index.handler")
                .code(Code.fromInline(ClasspathText.read(props.handler())))
                .timeout(props.timeout())
                .memorySize(128)
                .role(role.withoutPolicyUpdates())
                .logGroup(logGroup);
        props.functionName().ifPresent(function::functionName);
        if (!props.environment().isEmpty()) {
            function.environment(props.environment());
        }
        Function created = function.build();
        created.getNode().addDependency(policy);
        return new HandlerFunction(role, logGroup, policy, created);
    }
}
