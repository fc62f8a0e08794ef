package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.config.ServiceSettings;
import io.github.crossaccountdelivery.model.DeliveryModel;
import io.github.crossaccountdelivery.model.DeliveryModel.StackModel;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedFargateService;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedTaskImageOptions;

/** The rollout and idle-cost model, read from the synthesized templates. */
class ModelTest {

    private static final DeliveryModel MODEL = DeliveryModel.withBundledPrices();
    private static StackModel test;
    private static StackModel build;

    @BeforeAll
    static void model() {
        Synthesized app = Synthesized.example();
        String testStack = app.stacks.targets().get(0).getStackName();
        String buildStack = app.stacks.build().getStackName();
        test = MODEL.model(testStack, app.json(testStack));
        build = MODEL.model(buildStack, app.json(buildStack));
    }

    @Test
    void aRollingDeployOfTheExampleTakesAtMostSixtySeconds() {
        assertThat(test.rollouts()).singleElement().satisfies(rollout -> {
            assertThat(rollout.seconds()).isLessThanOrEqualTo(60);
            // The template holds exactly the configured timings.
            assertThat(rollout.seconds()).isEqualTo(ServiceSettings.DEFAULTS.modeledRolloutSeconds());
            assertThat(rollout.interval()).isEqualTo(ServiceSettings.DEFAULTS.healthCheckIntervalSeconds());
            assertThat(rollout.stopTimeout()).isEqualTo(ServiceSettings.DEFAULTS.stopTimeoutSeconds());
        });
    }

    @Test
    void theExampleIdlesWithinBudgetInEachAccount() {
        System.out.print(DeliveryModel.render(test) + DeliveryModel.render(build));
        assertThat(test.idleUsdPerMonth()).isLessThanOrEqualTo(45.0);
        assertThat(build.idleUsdPerMonth()).isLessThanOrEqualTo(2.0);
        assertThat(test.costs()).noneSatisfy(c -> assertThat(c.item()).startsWith("NAT gateway"));
    }

    @Test
    void withCdkDefaultsTheSameServiceRollsOutInAbout515SecondsAndCostsMuchMore() throws Exception {
        // An ALB Fargate service as the CDK patterns make it, with nothing tuned.
        App app = new App(AppProps.builder().outdir(Files.createTempDirectory("defaults").toString()).build());
        Stack stack = new Stack(app, "Defaults");
        ApplicationLoadBalancedFargateService.Builder.create(stack, "Service")
                .taskImageOptions(ApplicationLoadBalancedTaskImageOptions.builder()
                        .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx")).build())
                .minHealthyPercent(100)
                .build();
        @SuppressWarnings("unchecked")
        var template = (Map<String, Object>) app.synth().getStackByName("Defaults").getTemplate();
        StackModel defaults = MODEL.model("CDK defaults", template);
        System.out.print(DeliveryModel.render(defaults));

        assertThat(defaults.rollouts()).singleElement()
                .satisfies(rollout -> assertThat(rollout.seconds()).isEqualTo(515));
        assertThat(defaults.costs()).filteredOn(c -> c.item().startsWith("NAT gateway")).hasSize(2);
        assertThat(defaults.idleUsdPerMonth()).isGreaterThan(2 * test.idleUsdPerMonth());
    }
}
