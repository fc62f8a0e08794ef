package io.github.crossaccountdelivery;

import io.github.crossaccountdelivery.config.DeliveryConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * The example app synthesized into the folder given as the first argument, in a process of its
 * own; with {@code --wildcard}, plus one over-broad statement. ComplianceTest runs the latter:
 * CDK prints a failed validation to the console, and only a separate process keeps that out of
 * the test run's output. DeterminismTest runs two of the former side by side.
 */
public final class SynthesisProbe {

    private SynthesisProbe() {
    }

    public static void main(String[] args) {
        Map<String, Object> context = TestConfigurations.example();
        App app = new App(AppProps.builder().context(context).outdir(args[0]).build());
        var stacks = DeliveryApp.define(app, DeliveryConfig.fromContext(context),
                DeliveryApp.readBuildSpec(DeliveryApp.BUILD_SPEC));
        if (List.of(args).contains("--wildcard")) {
            stacks.targets().get(0).deploymentRole().role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("s3:*")).resources(List.of("*")).build());
        }
        app.synth();
    }
}
