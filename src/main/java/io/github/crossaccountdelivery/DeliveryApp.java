package io.github.crossaccountdelivery;

import io.github.crossaccountdelivery.buildaccount.BuildStack;
import io.github.crossaccountdelivery.config.DeliveryConfig;
import io.github.crossaccountdelivery.config.InvalidConfigException;
import io.github.crossaccountdelivery.naming.AppNames;
import io.github.crossaccountdelivery.naming.TargetNames;
import io.github.crossaccountdelivery.targetaccount.TargetStack;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;

/**
 * The entry point: reads CDK context into a {@link DeliveryConfig}, defines the build
 * account's stack and one stack per deployment target, and synthesizes them.
 *
 * <p>This is the only class that reads context or files; stacks and constructs get typed
 * props.
 */
public final class DeliveryApp {

    /** The buildspec the image build runs, relative to the working directory ({@code cdk.json}'s). */
    public static final Path BUILD_SPEC = Path.of("buildspec.yml");

    private DeliveryApp() {
    }

    public static void main(String[] args) {
        System.exit(run(AppProps.builder().build(), System.err));
    }

    /**
     * Reads the configuration and synthesizes the app.
     *
     * @return the process exit status: 0, or 1 when the configuration is invalid, in which
     *     case every problem is printed, one line each naming its context key, and nothing is
     *     written
     */
    public static int run(AppProps appProps, PrintStream err) {
        App app = new App(appProps);
        DeliveryConfig config;
        try {
            // The whole context, in the order it was given (see DeliveryConfig.fromContext).
            @SuppressWarnings("unchecked")
            Map<String, Object> context = (Map<String, Object>) app.getNode().getAllContext();
            config = DeliveryConfig.fromContext(context);
        } catch (InvalidConfigException e) {
            e.problems().forEach(problem -> err.println(problem.line()));
            return 1;
        }
        define(app, config, readBuildSpec(BUILD_SPEC));
        app.synth();
        return 0;
    }

    /** The stacks of one configuration: the build account's, then one per target. */
    public record Stacks(BuildStack build, List<TargetStack> targets) {
    }

    /** Defines every stack of the configuration in {@code app}, without synthesizing. */
    public static Stacks define(App app, DeliveryConfig config, Map<String, Object> buildSpec) {
        // cdk-nag runs inside synthesis: a new unacknowledged finding fails `cdk synth` and the tests.
        Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
        AppNames names = config.names();
        List<TargetStack> targets = new ArrayList<>();
        for (var target : config.targets()) {
            TargetNames targetNames = target.names(names);
            targets.add(new TargetStack(app, targetNames.stack(),
                    stackProps(targetNames.stack(), target.account(), names.region(),
                            "Runs " + names.appName() + " in its " + target.name() + " account"),
                    new TargetStack.Props(config, target)));
        }
        String buildStackName = names.buildStack();
        BuildStack build = new BuildStack(app, buildStackName,
                stackProps(buildStackName, names.buildAccount(), names.region(),
                        "Builds " + names.appName() + " and delivers it to its target accounts"),
                new BuildStack.Props(config, buildSpec));
        // CodePipeline checks at creation that it can assume each deploy action's role, so every
        // target stack (which creates that role) must be deployed first. The role is referred to
        // by ARN, not by object, so CDK cannot infer this order itself.
        targets.forEach(target -> build.addStackDependency(target));
        return new Stacks(build, List.copyOf(targets));
    }

    /** Parses a buildspec with a YAML library, refusing anything but a mapping. */
    public static Map<String, Object> readBuildSpec(Path file) {
        try {
            Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            if (parsed instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> spec = (Map<String, Object>) map;
                return spec;
            }
            throw new IllegalStateException(file + " is not a YAML mapping");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the buildspec " + file.toAbsolutePath(), e);
        }
    }

    private static StackProps stackProps(String name, String account, String region, String description) {
        return StackProps.builder()
                .stackName(name)
                .description(description)
                .env(Environment.builder().account(account).region(region).build())
                .build();
    }
}
