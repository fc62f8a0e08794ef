package io.github.crossaccountdelivery.targetaccount;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.crossaccountdelivery.common.Compliance;
import io.github.crossaccountdelivery.common.HandlerFunction;
import io.github.crossaccountdelivery.common.LogGroups;
import io.github.crossaccountdelivery.common.Ordered;
import io.github.crossaccountdelivery.naming.TargetNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.IInspectable;
import software.amazon.awscdk.IStableStringProducer;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.TreeInspector;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The image the service runs now, read during each deploy that changes the service or its task
 * definition, so that {@code cdk deploy} never replaces the image the pipeline deployed.
 *
 * <p>One owner per field: CDK owns the task definition except its image, the pipeline owns the
 * image. The task definition's image is this resource's {@link #image()}: on the first deploy
 * (no cluster or service yet) the {@link #PLACEHOLDER_IMAGE}, afterwards whatever the running
 * service's task definition has in the configured container.
 *
 * <p>Creates a small Lambda function (inline code from {@code handlers/current-image.js}, so
 * there is no asset to publish), its role with one customer-managed policy (describe this one
 * service, describe task definitions, write its own log group), the log group, and the custom
 * resource. The resource's properties carry a fingerprint of everything else in the task
 * definition and the service, so CloudFormation asks the function again exactly when it is about
 * to change either of them, and not otherwise.
 *
 * <p>Exposes {@link #image()}, {@link #fingerprint()} and {@link #logGroup()}.
 */
public final class CurrentImage extends Construct {

    /**
     * What the first deploy runs before any image exists: traefik/whoami v1.11.0, a tiny web
     * server answering 200 on every path, pinned by the digest of its multi-architecture index.
     */
    public static final String PLACEHOLDER_IMAGE =
            "traefik/whoami@sha256:200689790a0a0ea48ca45992e0450bc26ccab5307375b41c84dfc4f2475937ab";
    /** The handler's source, on the class path. */
    static final String HANDLER = "/handlers/current-image.js";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /**
     * @param target      this target's names
     * @param container   the container whose image the pipeline sets
     * @param fingerprinted the resources whose changes must re-read the image (the task definition
     *                    and the service); asked for at synthesis, once they exist
     * @param logs        how the function's log group is made
     */
    public record Props(TargetNames target, String container, Supplier<List<IConstruct>> fingerprinted,
                        LogGroups logs) {
        public Props {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(fingerprinted, "fingerprinted");
            Objects.requireNonNull(logs, "logs");
        }
    }

    private final CustomResource resource;
    private final LogGroup logGroup;
    private final Supplier<List<IConstruct>> fingerprinted;

    public CurrentImage(Construct scope, String id, Props props) {
        super(scope, id);
        TargetNames target = props.target();
        fingerprinted = props.fingerprinted();

        HandlerFunction handler = HandlerFunction.create(this, new HandlerFunction.Props(HANDLER,
                "Reads the image service " + target.service() + " runs, during deploys",
                "What the current-image reader of " + target.service() + " may do",
                List.of(
                        PolicyStatement.Builder.create()
                                .actions(List.of("ecs:DescribeServices"))
                                .resources(List.of(target.serviceArn()))
                                .build(),
                        // DescribeTaskDefinition supports no resource-level permissions.
                        // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html
                        PolicyStatement.Builder.create()
                                .actions(List.of("ecs:DescribeTaskDefinition"))
                                .resources(List.of("*"))
                                .build()),
                "Reads the image that service " + target.service() + " runs now",
                // The handler keeps 5 s back to answer CloudFormation if ECS does not answer.
                Duration.seconds(60),
                Ordered.map(), Optional.empty(), Optional.empty()), props.logs());
        logGroup = handler.logGroup();
        ManagedPolicy policy = handler.policy();
        Function function = handler.function();

        resource = CustomResource.Builder.create(this, "Resource")
                .resourceType("Custom::CurrentImage")
                .serviceToken(function.getFunctionArn())
                // Without it, a function that dies before answering holds the stack for an hour (the
                // default). The handler answers within its 60 s timeout; 5 minutes leaves room for
                // Lambda's own retries of a failed invocation.
                // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-customresource.html
                .serviceTimeout(Duration.minutes(5))
                .properties(Ordered.map(
                        "Cluster", target.cluster(),
                        "Service", target.service(),
                        "Container", props.container(),
                        "Placeholder", PLACEHOLDER_IMAGE,
                        "Fingerprint", Lazy.string(new IStableStringProducer() {
                            @Override
                            public String produce() {
                                return fingerprint();
                            }
                        })))
                .build();

        Compliance.acknowledge(policy, "AwsSolutions-IAM5[Resource::*]",
                "ecs:DescribeTaskDefinition supports no resource-level permissions; it only reads task"
                        + " definitions, and DescribeServices is held to this one service.");
        Compliance.acknowledge(function, "NIST.800.53.R5-LambdaInsideVPC",
                "The function calls the ECS API during deploys; in this VPC's public subnets a function gets no"
                        + " public address, and there is no NAT gateway or ECS endpoint to reach the API through.");
        Compliance.acknowledge(function, "NIST.800.53.R5-LambdaConcurrency",
                "It runs only while CloudFormation deploys this stack, one invocation at a time; reserving"
                        + " concurrency would take from the account's pool for nothing.");
        Compliance.acknowledge(function, "NIST.800.53.R5-LambdaDLQ",
                "CloudFormation waits for its answer; a failed invocation fails the deploy, which is the"
                        + " signal, and there is no event worth keeping in a queue.");
    }

    /** Where the function logs. */
    public LogGroup logGroup() {
        return logGroup;
    }

    /** The image the task definition's container should run: a deploy-time value. */
    public String image() {
        return resource.getAttString("Image");
    }

    /**
     * The value of the resource's {@code Fingerprint} property: a hash of the fingerprinted
     * resources' properties as CloudFormation will receive them, without container images (the
     * image is this resource's output; hashing it would be circular and pointless). Deterministic:
     * maps are serialized with sorted keys.
     */
    public String fingerprint() {
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (IConstruct construct : fingerprinted.get()) {
            CfnResource cfn = (CfnResource) construct.getNode().getDefaultChild();
            // What tree.json shows of an L1: its properties, with tokens that resolve to CloudFormation.
            TreeInspector inspector = new TreeInspector();
            ((IInspectable) cfn).inspect(inspector);
            Object properties = Stack.of(this).resolve(inspector.getAttributes().get("aws:cdk:cloudformation:props"));
            inputs.put(cfn.getCfnResourceType() + " " + construct.getNode().getPath(), withoutImages(properties));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(JSON.writeValueAsString(inputs).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object withoutImages(Object properties) {
        if (!(properties instanceof Map<?, ?> map)) {
            return properties;
        }
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) map);
        if (copy.get("containerDefinitions") instanceof List<?> containers) {
            copy.put("containerDefinitions", containers.stream().map(c -> {
                Map<String, Object> container = new LinkedHashMap<>((Map<String, Object>) c);
                container.remove("image");
                return container;
            }).toList());
        }
        return copy;
    }
}
