package io.github.crossaccountdelivery;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountdelivery.config.DeliveryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import io.github.cdklabs.cdknag.NIST80053R5Checks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * One synthesis of the app for one configuration, shared by every test that reads it. Besides
 * the AwsSolutions pack that every synthesis of the app runs, these run cdk-nag's NIST 800-53
 * Rev 5 pack: a finding in either fails the synthesis, and with it every test that reads it.
 *
 * <p>A synthesis costs seconds, so each configuration is synthesized once per test run, and by a
 * second JVM ({@link BackgroundSyntheses}) while this one runs the tests that need none. This
 * class reads what that JVM wrote.
 */
public final class Synthesized {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A certificate ARN in the example's test account and region, for the HTTPS configuration. */
    public static final String EXAMPLE_CERTIFICATE =
            "arn:aws:acm:eu-west-1:222222222222:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";

    /** The name EXAMPLE_CERTIFICATE is for, in the HTTPS configuration. */
    public static final String EXAMPLE_DOMAIN = "orders.example.com";

    /**
     * The configurations whole-app tests read, by name, in the order they are synthesized: the
     * example first, since most of those tests read only it.
     */
    static final Map<String, Supplier<Map<String, Object>>> CONFIGURATIONS = configurations();

    /** Each configuration's synthesis, or the failure it ended in, so no later test class retries it. */
    private static final Map<String, Object> SYNTHESES = new HashMap<>();

    public final DeliveryConfig config;
    private final Map<String, Map<String, Object>> json = new LinkedHashMap<>();
    private final Map<String, String> environments = new HashMap<>();
    private final Map<String, String> artifactIds = new HashMap<>();
    private final Map<String, List<String>> dependencies = new HashMap<>();
    private final Map<String, Template> templates = new HashMap<>();
    private final Map<String, byte[]> files = new HashMap<>();
    /**
     * Every acknowledged rule of every stack, as the assembly's metadata records it: rule (without
     * CDK's "Annotation::" prefix), construct path, reason; sorted by path, then rule.
     */
    public final List<Map<String, String>> acknowledgments;
    /** The cloud assembly's validation report: which rule packs found what. */
    public final Map<String, Object> validationReport;

    /** Where the synthesis wrote its cloud assembly, deleted once read. */
    public final Path outdir;

    private static Map<String, Supplier<Map<String, Object>>> configurations() {
        Map<String, Supplier<Map<String, Object>>> configurations = new LinkedHashMap<>();
        configurations.put("example", Synthesized::exampleContext);
        configurations.put("switches-on", Synthesized::switchesOnContext);
        configurations.put("three-targets", Synthesized::threeTargetsContext);
        configurations.put("progressive", Synthesized::progressiveContext);
        return java.util.Collections.unmodifiableMap(configurations);
    }

    /**
     * Synthesizes the app for {@code context} into {@code outdir}, as {@code cdk synth} does, and
     * with cdk-nag's NIST 800-53 Rev 5 pack besides: what {@link BackgroundSyntheses} runs.
     */
    static void synthesize(Map<String, Object> context, Path outdir) {
        App app = new App(AppProps.builder().context(context).outdir(outdir.toString()).build());
        DeliveryApp.define(app, DeliveryConfig.fromContext(context), DeliveryApp.readBuildSpec(DeliveryApp.BUILD_SPEC));
        Validations.of(app).addPlugins(new NIST80053R5Checks(app));
        app.synth();
    }

    /** Reads the cloud assembly a synthesis of {@code context} wrote to {@code outdir}, then deletes it. */
    private Synthesized(Map<String, Object> context, Path outdir) {
        try {
            config = DeliveryConfig.fromContext(context);
            CloudAssembly assembly = new CloudAssembly(outdir.toString());
            validationReport = JSON.readValue(outdir.resolve("validation-report.json").toFile(),
                    new TypeReference<>() { });
            // Read everything once, through the typed list: jsii can hand a stack artifact back
            // as a plain CloudArtifact once it has been seen as a dependency.
            List<Map<String, String>> acknowledged = new ArrayList<>();
            for (CloudFormationStackArtifact stack : assembly.getStacks()) {
                // The stack's metadata file holds every acknowledgment with its construct path: reading it
                // is one file a stack, where walking the construct tree through jsii cost about a second an app.
                @SuppressWarnings("unchecked")
                Map<String, List<Map<String, Object>>> metadata = JSON.readValue(
                        outdir.resolve(stack.getManifest().getAdditionalMetadataFile()).toFile(), Map.class);
                metadata.forEach((path, entries) -> entries.stream()
                        .filter(entry -> Validations.ACKNOWLEDGED_RULES_METADATA_KEY.equals(entry.get("type")))
                        .forEach(entry -> {
                            @SuppressWarnings("unchecked")
                            var rules = new TreeMap<>((Map<String, String>) entry.get("data"));
                            rules.forEach((rule, reason) -> {
                                Map<String, String> ack = new LinkedHashMap<>();
                                ack.put("rule", rule.replaceFirst("(?i)^annotation::", ""));
                                ack.put("path", path.replaceFirst("^/", ""));
                                ack.put("reason", reason);
                                acknowledged.add(ack);
                            });
                        }));
                // The file is read once and parsed here: asking jsii for the template would read it again
                // in Node and send it across as JSON.
                byte[] file = Files.readAllBytes(Path.of(stack.getTemplateFullPath()));
                files.put(stack.getStackName(), file);
                json.put(stack.getStackName(), JSON.readValue(file, new TypeReference<>() { }));
                environments.put(stack.getStackName(), stack.getEnvironment().getName());
                artifactIds.put(stack.getStackName(), stack.getId());
                dependencies.put(stack.getStackName(),
                        stack.getDependencies().stream().map(d -> d.getId()).toList());
            }
            acknowledged.sort(Comparator.comparing((Map<String, String> a) -> a.get("path"))
                    .thenComparing(a -> a.get("rule")));
            acknowledgments = List.copyOf(acknowledged);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            // Templates are read; nothing needs the files, so a test run leaves no folders behind.
            deleteRecursively(outdir);
            this.outdir = outdir;
        }
    }

    /**
     * The configuration's synthesis, read on first use. A synthesis that fails is remembered too:
     * every later caller gets the same error at once instead of waiting for it again.
     */
    static synchronized Synthesized once(String name, Supplier<Synthesized> synthesis) {
        Object known = SYNTHESES.computeIfAbsent(name, n -> {
            try {
                return synthesis.get();
            } catch (RuntimeException | Error e) {
                return e;
            }
        });
        if (known instanceof Synthesized synthesized) {
            return synthesized;
        }
        throw new IllegalStateException("synthesis of the " + name + " configuration failed", (Throwable) known);
    }

    /** One of {@link #CONFIGURATIONS}, once its background synthesis is done. */
    private static Synthesized named(String name) {
        return once(name, () -> new Synthesized(CONFIGURATIONS.get(name).get(), BackgroundSyntheses.await(name)));
    }

    static void deleteRecursively(Path root) {
        if (root == null) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example configuration, synthesized once. */
    public static Synthesized example() {
        return named("example");
    }

    /**
     * The example configuration with every optional setting turned away from its default: a
     * certificate (HTTPS), load balancer deletion protection, X86_64 and Fargate Spot, a stricter
     * scan gate, the container's user and read-only root file system opted out of, and other
     * values for every task-size, rollout, alarm and verification setting. Synthesized once.
     */
    public static Synthesized switchesOn() {
        return named("switches-on");
    }

    /**
     * The example configuration with {@code examples/three-targets.json} passed the way
     * {@code -c targets="$(cat examples/three-targets.json)"} passes it: as JSON text.
     */
    public static Synthesized threeTargets() {
        return named("three-targets");
    }

    /** The context of {@link #threeTargets()}. */
    public static Map<String, Object> threeTargetsContext() {
        return withTargets("three-targets.json");
    }

    /**
     * The example configuration with {@code examples/progressive-targets.json}: test blue/green,
     * staging canary behind an approval, prod linear behind an approval and inside a deployment
     * window, staging and prod rolled back on a failed deploy. Synthesized once.
     */
    public static Synthesized progressive() {
        return named("progressive");
    }

    /** The context of {@link #progressive()}. */
    public static Map<String, Object> progressiveContext() {
        return withTargets("progressive-targets.json");
    }

    /** The example configuration with an example file's targets, passed as {@code -c targets="$(cat ...)"}. */
    private static Map<String, Object> withTargets(String exampleFile) {
        try {
            Map<String, Object> context = exampleContext();
            context.put("targets", Files.readString(Path.of("examples", exampleFile)));
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The context of {@link #switchesOn()}. */
    public static Map<String, Object> switchesOnContext() {
        Map<String, Object> context = exampleContext();
        context.put("certificateArn", EXAMPLE_CERTIFICATE);
        context.put("domainName", EXAMPLE_DOMAIN);
        context.put("allowUnlistedZones", true);
        context.put("loadBalancerDeletionProtection", true);
        context.put("imagesToKeep", 50);
        context.put("cpuArchitecture", "X86_64");
        context.put("notificationEmail", "delivery@example.com");
        context.put("scanFailOn", "HIGH");
        context.put("smokeTestPath", "ci/smoke.sh");
        context.put("containerUser", "image");
        context.put("readonlyRootFilesystem", false);
        context.put("logRetentionDays", 731);
        context.putAll(SWITCHED_SERVICE);
        return context;
    }

    /** A value other than the default for each service setting, as the switches-on configuration sets them. */
    public static final Map<String, Object> SWITCHED_SERVICE = switchedService();

    private static Map<String, Object> switchedService() {
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("desiredCount", 3);
        service.put("taskCpu", 1024);
        service.put("taskMemoryMiB", 3072);
        service.put("fargateSpot", true);
        service.put("healthCheckIntervalSeconds", 10);
        service.put("healthCheckTimeoutSeconds", 6);
        service.put("healthyThreshold", 3);
        service.put("unhealthyThreshold", 4);
        service.put("deregistrationDelaySeconds", 15);
        service.put("healthCheckGracePeriodSeconds", 45);
        service.put("stopTimeoutSeconds", 20);
        service.put("minHealthyPercent", 50);
        service.put("maxHealthyPercent", 150);
        service.put("deployTimeoutMinutes", 25);
        service.put("alarm5xxThreshold", 7);
        service.put("alarmUnhealthyHostsThreshold", 2);
        service.put("alarmEvaluationMinutes", 3);
        // Above what these timings need (RolloutTime), so that the value set is the value used.
        service.put("verifyTimeoutSeconds", 600);
        return java.util.Collections.unmodifiableMap(service);
    }

    /** The tests' own example configuration ({@link TestConfigurations}), whatever cdk.json holds. */
    public static Map<String, Object> exampleContext() {
        return TestConfigurations.example();
    }

    /** The build account's template. */
    public Template build() {
        return template(buildStack());
    }

    /** The test account's template (the first target's). */
    public Template test() {
        return template(targetStacks().get(0));
    }

    /** The template of the target with this name. */
    public Template target(String name) {
        return template(config.names().appName() + "-" + name);
    }

    /** The raw template of a stack, as CloudFormation would receive it. */
    public Map<String, Object> json(String stackName) {
        Map<String, Object> template = json.get(stackName);
        if (template == null) {
            throw new AssertionError("no stack " + stackName + " in " + json.keySet());
        }
        return template;
    }

    /** A stack's environment, {@code aws://account/region}. */
    public String environment(String stackName) {
        return environments.get(stackName);
    }

    /** The build account's stack. */
    public String buildStack() {
        return config.names().buildStack();
    }

    /** The target stacks, in the configuration's order of targets. */
    public List<String> targetStacks() {
        return config.targets().stream().map(target -> target.names(config.names()).stack()).toList();
    }

    /** A stack's artifact ID in the cloud assembly, as other stacks' dependencies name it. */
    public String artifactId(String stackName) {
        return artifactIds.get(stackName);
    }

    /** The artifact IDs of the stacks a stack depends on (deployed before it). */
    public List<String> dependencies(String stackName) {
        return dependencies.get(stackName);
    }

    public synchronized Template template(String stackName) {
        return templates.computeIfAbsent(stackName, name -> Template.fromJSON(json(name)));
    }

    /** A stack's template file as synthesis wrote it, byte for byte. */
    public byte[] templateFile(String stackName) {
        return files.get(stackName);
    }

    public List<String> stackNames() {
        return List.copyOf(json.keySet());
    }
}
