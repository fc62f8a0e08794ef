package io.github.crossaccountdelivery;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountdelivery.config.DeliveryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * One synthesis of the app for one configuration, shared by every test that reads it: a
 * synthesis costs seconds, so each configuration is synthesized once per test run.
 */
public final class Synthesized {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A certificate ARN in the example's test account and region, for the HTTPS configuration. */
    public static final String EXAMPLE_CERTIFICATE =
            "arn:aws:acm:eu-west-1:222222222222:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";

    private static Synthesized example;
    private static Synthesized hardened;

    public final App app;
    public final DeliveryConfig config;
    public final DeliveryApp.Stacks stacks;
    public final CloudAssembly assembly;
    private final Map<String, Template> templates = new HashMap<>();

    private Synthesized(Map<String, Object> context) {
        try {
            app = new App(AppProps.builder()
                    .context(context)
                    .outdir(Files.createTempDirectory("cdk.out").toString())
                    .build());
            config = DeliveryConfig.fromContext(context::get);
            stacks = DeliveryApp.define(app, config, DeliveryApp.readBuildSpec(DeliveryApp.BUILD_SPEC));
            assembly = app.synth();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example configuration shipped in {@code cdk.json}, synthesized once. */
    public static synchronized Synthesized example() {
        if (example == null) {
            example = new Synthesized(exampleContext());
        }
        return example;
    }

    /**
     * The example configuration with every optional switch turned away from its default: a
     * certificate (HTTPS), load balancer deletion protection, X86_64 and Fargate Spot.
     * Synthesized once.
     */
    public static synchronized Synthesized hardened() {
        if (hardened == null) {
            hardened = new Synthesized(hardenedContext());
        }
        return hardened;
    }

    /** The context of {@link #hardened()}. */
    public static Map<String, Object> hardenedContext() {
        Map<String, Object> context = exampleContext();
        context.put("certificateArn", EXAMPLE_CERTIFICATE);
        context.put("loadBalancerDeletionProtection", true);
        context.put("cpuArchitecture", "X86_64");
        context.put("fargateSpot", true);
        return context;
    }

    /** The {@code context} block of the repository's {@code cdk.json}, as the CLI passes it. */
    public static Map<String, Object> exampleContext() {
        try {
            Map<String, Object> cdkJson = JSON.readValue(Path.of("cdk.json").toFile(), new TypeReference<>() { });
            @SuppressWarnings("unchecked")
            Map<String, Object> context = (Map<String, Object>) cdkJson.get("context");
            return new HashMap<>(context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The build account's template. */
    public Template build() {
        return template(stacks.build().getStackName());
    }

    /** The test account's template. */
    public Template test() {
        return template(stacks.targets().get(0).getStackName());
    }

    /** The raw template of a stack, as CloudFormation would receive it. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> json(String stackName) {
        return (Map<String, Object>) assembly.getStackByName(stackName).getTemplate();
    }

    public synchronized Template template(String stackName) {
        return templates.computeIfAbsent(stackName, name -> Template.fromJSON(json(name)));
    }

    public List<String> stackNames() {
        return assembly.getStacks().stream().map(s -> s.getStackName()).toList();
    }
}
