package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.crossaccountdelivery.common.RolloutTime;
import io.github.crossaccountdelivery.config.Settings;
import io.github.crossaccountdelivery.config.TargetSettings;
import io.github.crossaccountdelivery.model.DeliveryModel;
import io.github.crossaccountdelivery.model.DeliveryModel.StackModel;
import io.github.crossaccountdelivery.model.LeadTime;
import io.github.crossaccountdelivery.model.ModelReport;
import io.github.crossaccountdelivery.model.Prices;
import io.github.crossaccountdelivery.model.Timings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedFargateService;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedTaskImageOptions;

/**
 * The rollout, lead-time and idle-cost model, read from the synthesized templates, priced in their
 * region and timed with the figures in src/test/resources/timings.json.
 */
@ReadsWholeApps
class ModelTest {

    private static DeliveryModel model;
    private static StackModel test;
    private static StackModel build;

    @BeforeAll
    static void model() {
        Synthesized app = Synthesized.example();
        model = new DeliveryModel(Prices.of(app.config.names().region()));
        String testStack = app.targetStacks().get(0);
        String buildStack = app.buildStack();
        test = model.model(testStack, app.json(testStack));
        build = model.model(buildStack, app.json(buildStack));
    }

    @Test
    void aRollingDeployWithTheDefaultsServesTheNewImageWithinAMinuteAndCompletesAfterTheBakeTime() {
        assertThat(test.rollouts()).singleElement().satisfies(rollout -> {
            // The template holds exactly the default timings, and the alarms' window.
            assertThat(rollout.time()).isEqualTo(new RolloutTime(TargetSettings.HEALTH_CHECK_GRACE_PERIOD_SECONDS.fallback(),
                    TargetSettings.HEALTH_CHECK_INTERVAL_SECONDS.fallback(), TargetSettings.HEALTHY_THRESHOLD.fallback(),
                    TargetSettings.DEREGISTRATION_DELAY_SECONDS.fallback(), TargetSettings.STOP_TIMEOUT_SECONDS.fallback(),
                    TargetSettings.ALARM_EVALUATION_MINUTES.fallback()));
            assertThat(rollout.servingSeconds()).isEqualTo(35 + 5 * 2 + 5 + 5).isLessThanOrEqualTo(60);
            assertThat(rollout.time().bakeSeconds()).isEqualTo(2 * 60);
            assertThat(rollout.completedSeconds()).isEqualTo(55 + 120);
        });
    }

    @Test
    void thePipelineWaitsForTheWorstRolloutItsTimingsAllowAndVerifysChecks() {
        // 35 start-up + 30 grace + 5 x 2 checks + 5 drain + 5 stop + 120 bake, then 60 s of Verify's checks.
        RolloutTime defaults = test.rollouts().get(0).time();
        assertThat(defaults.worstSeconds()).isEqualTo(205);
        assertThat(defaults.verifySeconds()).isEqualTo(265);
        assertThat(defaults.deployMinutes()).isEqualTo(5);
        // The example's Verify stage waits that long, more than the configured 180 s.
        assertThat(Synthesized.example().build().toJSON().toString()).contains("VERIFY_TIMEOUT_SECONDS='265'");
    }

    @Test
    void theExampleIdlesWithinBudgetInEachAccount() {
        assertThat(test.idleUsdPerMonth()).isLessThanOrEqualTo(45.0);
        assertThat(build.idleUsdPerMonth()).isLessThanOrEqualTo(2.0);
        assertThat(test.costs()).noneSatisfy(c -> assertThat(c.item()).startsWith("NAT gateway"));
    }

    @Test
    void theReleaseGatesAddAtMostOneDollarAMonthIdleAndAFewCentsPerRelease() {
        // Alarms cost by the month; the Verify stage only while it runs; SSM parameters and
        // the role cost nothing.
        assertThat(test.costs()).filteredOn(c -> c.item().startsWith("CloudWatch alarms")).singleElement()
                .satisfies(c -> assertThat(c.usd()).isLessThanOrEqualTo(1.0));
        assertThat(build.perRelease()).filteredOn(c -> c.item().startsWith("Verify actions")).singleElement()
                .satisfies(c -> {
                    assertThat(c.item()).startsWith("Verify actions (1 x");
                    assertThat(c.usd()).isLessThan(0.05);
                });
    }

    /**
     * Custom metrics are billed by the hours they are published in: nothing while idle, an hour of
     * each metric a release publishes. The dashboard is within the account's free ones.
     */
    @Test
    void theDoraMetricsCostNothingIdleAndATenthOfACentPerTargetAndRelease() {
        assertThat(build.costs()).filteredOn(c -> c.item().startsWith("DORA metrics")).singleElement()
                .satisfies(c -> {
                    assertThat(c.item()).isEqualTo("DORA metrics (4), billed only in hours published");
                    assertThat(c.usd()).isZero();
                });
        assertThat(build.perRelease()).filteredOn(c -> c.item().startsWith("DORA metrics")).singleElement()
                .satisfies(c -> {
                    assertThat(c.item()).isEqualTo("DORA metrics (1 x 2 metric-hours)");
                    assertThat(c.usd()).isEqualTo(2 * 0.30 / 730).isLessThan(0.001);
                });
        var three = Synthesized.threeTargets();
        StackModel threeBuild = model.model(three.buildStack(), three.json(three.buildStack()));
        assertThat(threeBuild.perRelease()).filteredOn(c -> c.item().startsWith("DORA metrics")).singleElement()
                .satisfies(c -> assertThat(c.item()).isEqualTo("DORA metrics (3 x 2 metric-hours)"));
        assertThat(threeBuild.idleUsdPerMonth()).isEqualTo(build.idleUsdPerMonth());
    }

    /**
     * The first three dashboards of an account are free; beyond them a dashboard costs 3 USD a
     * month, which alone is over the build account's budget. The budget holds only where this is
     * one of the account's first three dashboards, as in an account of its own.
     */
    @Test
    void theDashboardFitsTheBuildAccountsBudgetOnlyAsOneOfItsThreeFreeDashboards() {
        assertThat(build.costs()).filteredOn(c -> c.item().startsWith("CloudWatch dashboards")).singleElement()
                .satisfies(c -> {
                    assertThat(c.item()).isEqualTo("CloudWatch dashboards (1; 3 free per account)");
                    assertThat(c.usd()).isZero();
                });
        assertThat(build.idleUsdPerMonth() + model.prices().get("cloudWatchDashboardPerMonth")).isGreaterThan(2.0);
    }

    /** Every stack's template of a synthesis, by name, as scripts/model.sh reads an assembly. */
    private static Map<String, Map<String, Object>> templates(Synthesized app) {
        Map<String, Map<String, Object>> templates = new LinkedHashMap<>();
        app.stackNames().forEach(stack -> templates.put(stack, app.json(stack)));
        return templates;
    }

    private static LeadTime.Model leadTime(Synthesized app) {
        return LeadTime.of(templates(app), Timings.load()).orElseThrow();
    }

    @Test
    void aCommitIsVerifiedInTestWithinSevenMinutesWithACachedBuildAndTenWithAFreshOne() {
        LeadTime.Model model = leadTime(Synthesized.example());
        assertThat(model.verified()).singleElement().satisfies(test -> {
            assertThat(test.target()).isEqualTo("test");
            assertThat(test.cachedSeconds()).isEqualTo(395).isLessThanOrEqualTo(7 * 60);
            assertThat(test.freshSeconds()).isEqualTo(590).isLessThanOrEqualTo(10 * 60);
            // The total is its steps, and only the build differs between the two.
            assertThat(model.steps().stream().mapToInt(LeadTime.Step::cachedSeconds).sum()).isEqualTo(test.cachedSeconds());
            assertThat(model.steps().stream().mapToInt(LeadTime.Step::freshSeconds).sum()).isEqualTo(test.freshSeconds());
            assertThat(model.steps()).filteredOn(step -> step.cachedSeconds() != step.freshSeconds())
                    .extracting(LeadTime.Step::what).containsExactly("image build");
        });
        // Source, Build, Deploy-test and Verify-test, in pipeline order.
        assertThat(model.steps()).extracting(LeadTime.Step::stage).containsSubsequence(
                "Source", "Build", "Deploy-test", "Verify-test");
    }

    @Test
    void theDeployStepIsTheTemplatesRolloutUntilCompletedTheTimeThePipelineWaitsFor() {
        LeadTime.Model model = leadTime(Synthesized.example());
        assertThat(model.steps()).filteredOn(step -> step.what().startsWith("rollout")).singleElement()
                .satisfies(step -> {
                    assertThat(step.cachedSeconds()).isEqualTo(test.rollouts().get(0).completedSeconds()).isEqualTo(175);
                    assertThat(step.basis()).isEqualTo("template");
                });
    }

    @Test
    void eachLaterTargetAddsItsDeployAndVerifyAndNotTheApprovalBeforeIt() {
        LeadTime.Model model = leadTime(Synthesized.threeTargets());
        assertThat(model.verified()).extracting(LeadTime.Verified::target).containsExactly("test", "staging", "prod");
        assertThat(model.steps()).filteredOn(LeadTime.Step::excluded).extracting(LeadTime.Step::stage)
                .containsExactly("Approve-staging", "Approve-prod");
        for (int i = 1; i < model.verified().size(); i++) {
            int added = model.verified().get(i).cachedSeconds() - model.verified().get(i - 1).cachedSeconds();
            assertThat(added).isEqualTo(model.blocks().get(i).stream().mapToInt(LeadTime.Step::cachedSeconds).sum())
                    .isLessThanOrEqualTo(5 * 60);
            assertThat(model.verified().get(i).freshSeconds() - model.verified().get(i - 1).freshSeconds())
                    .isEqualTo(added);
        }
    }

    @Test
    void cdkPipelinesWouldAddAtLeastFourMinutesToEveryRunAndMoreWhenItMutatesItself() {
        LeadTime.Model model = leadTime(Synthesized.example());
        assertThat(model.cdkPipelinesBaselineSeconds()).isGreaterThanOrEqualTo(240);
        assertThat(model.cdkPipelinesSelfMutationSeconds()).isPositive();
        assertThat(ModelReport.render(model)).contains("so " + (395 + 240) + " s cached to test");
    }

    @Test
    void everyTimingNamesItsBasisAndEveryMeasuredOrDocumentedOneItsSource() {
        Timings timings = Timings.load();
        assertThat(timings.names()).isNotEmpty().allSatisfy(name -> {
            assertThat(timings.basis(name)).as(name).isIn(Timings.BASES);
            assertThat(timings.seconds(name)).as(name).isPositive();
            assertThat(timings.source(name)).as(name).hasSizeGreaterThan(40);
            if (!timings.basis(name).equals("allowance")) {
                assertThat(timings.source(name)).as(name).contains("https://");
            }
        });
    }

    @Test
    void eachStrategyIsModeledWithItsShiftsBakeTimeAndReleaseCheck() {
        Synthesized progressive = Synthesized.progressive();
        var blueGreen = model.model("orders-test", progressive.json("orders-test")).rollouts().get(0);
        var canary = model.model("orders-staging", progressive.json("orders-staging")).rollouts().get(0);
        var linear = model.model("orders-prod", progressive.json("orders-prod")).rollouts().get(0);

        // The new revision serves its first production traffic once healthy (and checked): L 35 + I 5 x H 2.
        assertThat(List.of(blueGreen, canary, linear)).allSatisfy(r -> assertThat(r.servingSeconds()).isEqualTo(45));
        // Blue/green, K 2 min: 45 + 120 + B 120 + D 5 + S 5.
        assertThat(blueGreen.completedSeconds()).isEqualTo(295);
        // Canary 20 % for 4 min, K 5 min: 45 + 240 + 300 + 120 + 10.
        assertThat(canary.completedSeconds()).isEqualTo(715);
        // Linear 20 % every 2 min (5 steps, 4 waits), K 5 min, prod's drains: 45 + 480 + 300 + 120 + 30 + 30.
        assertThat(linear.completedSeconds()).isEqualTo(1005);
        assertThat(linear.time().shift().productionShifts()).isEqualTo(5);
        assertThat(linear.time().verifySeconds()).isEqualTo(1005 + 30 + RolloutTime.RELEASE_CHECK_SECONDS + 60);
    }

    @Test
    void aTrafficShiftingTargetIdlesAtASecretAndTwoAlarmMetricsMoreAndPaysForItsSecondRevisionPerRelease() {
        Synthesized progressive = Synthesized.progressive();
        StackModel blueGreen = model.model("orders-test", progressive.json("orders-test"));

        assertThat(blueGreen.costs()).filteredOn(c -> c.item().startsWith("Secrets Manager secrets (1)"))
                .singleElement().satisfies(c -> assertThat(c.usd()).isEqualTo(0.40));
        assertThat(blueGreen.costs()).filteredOn(c -> c.item().equals("CloudWatch alarms (2, 4 metrics)"))
                .singleElement().satisfies(c -> assertThat(c.usd()).isCloseTo(0.40, org.assertj.core.data.Offset.offset(1e-9)));
        assertThat(blueGreen.idleUsdPerMonth() - test.idleUsdPerMonth()).isCloseTo(0.60,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(blueGreen.perRelease()).singleElement().satisfies(c -> {
            assertThat(c.item()).isEqualTo("Second revision, blueGreen (1 x 5 min)");
            assertThat(c.usd()).isLessThan(0.01);
        });
        // A rolling target pays nothing extra per release.
        assertThat(test.perRelease()).isEmpty();
    }

    @Test
    void pricesAreThoseOfTheStacksRegion() {
        assertThat(model.prices().region()).isEqualTo(Synthesized.example().config.names().region());
        double albHours = Prices.of("eu-west-1").get("applicationLoadBalancerPerHour");
        assertThat(albHours).isNotEqualTo(Prices.of("us-east-1").get("applicationLoadBalancerPerHour"));
        assertThat(test.costs()).filteredOn(c -> c.item().equals("Application Load Balancer")).singleElement()
                .satisfies(c -> assertThat(c.usd()).isEqualTo(albHours * 730));
    }

    @Test
    void aRegionWithoutPricesIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> Prices.of("ap-southeast-4"))
                .hasMessageContaining("No prices for region ap-southeast-4")
                .hasMessageContaining("src/test/resources/prices/ap-southeast-4.json");
    }

    @Test
    void theReportNamesTheFileToAddForAStackInARegionWithoutPrices(@TempDir Path assembly) throws IOException {
        Files.writeString(assembly.resolve("manifest.json"), """
                {"artifacts": {"payments-test": {"type": "aws:cloudformation:stack",
                  "environment": "aws://210987654321/us-east-2",
                  "properties": {"templateFile": "payments-test.template.json", "stackName": "payments-test"}}}}
                """);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ModelReport.print(assembly, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("No prices for region us-east-2")
                .contains("src/test/resources/prices/us-east-2.json");
    }

    @Test
    void theReportSaysToSynthesizeFirstWhenThereIsNoAssembly(@TempDir Path empty) throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ModelReport.print(empty, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("run cdk synth first");
    }

    @Test
    void theReportModelsOnlyTheStacksOfTheCurrentAssembly(@TempDir Path assembly) throws IOException {
        Files.writeString(assembly.resolve("manifest.json"), """
                {"artifacts": {
                  "orders-test": {"type": "aws:cloudformation:stack", "environment": "aws://222222222222/eu-west-1",
                                  "properties": {"templateFile": "orders-test.template.json", "stackName": "orders-test"}},
                  "Tree": {"type": "cdk:tree"}}}
                """);
        String template = Snapshots.JSON.writeValueAsString(Synthesized.example().json("orders-test"));
        Files.writeString(assembly.resolve("orders-test.template.json"), template);
        // Left over from an earlier synthesis with more targets: not in the manifest.
        Files.writeString(assembly.resolve("orders-prod.template.json"), template);

        assertThat(ModelReport.stacks(assembly)).extracting(ModelReport.AssemblyStack::name).containsExactly("orders-test");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ModelReport.print(assembly, new PrintStream(out, true, StandardCharsets.UTF_8), System.err)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("orders-test").doesNotContain("orders-prod")
                .contains("eu-west-1 list prices");
    }

    @Test
    void withCdkDefaultsTheSameServiceRollsOutInAbout515SecondsAndCostsMuchMore(@TempDir Path outdir) throws Exception {
        // An ALB Fargate service as the CDK patterns make it, with nothing tuned.
        App app = new App(AppProps.builder().outdir(outdir.toString()).build());
        Stack stack = new Stack(app, "Defaults");
        ApplicationLoadBalancedFargateService.Builder.create(stack, "Service")
                .taskImageOptions(ApplicationLoadBalancedTaskImageOptions.builder()
                        .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx")).build())
                .minHealthyPercent(100)
                .build();
        @SuppressWarnings("unchecked")
        var template = (Map<String, Object>) app.synth().getStackByName("Defaults").getTemplate();
        StackModel defaults = model.model("CDK defaults", template);

        assertThat(defaults.rollouts()).singleElement()
                .satisfies(rollout -> assertThat(rollout.servingSeconds()).isEqualTo(515));
        assertThat(defaults.costs()).filteredOn(c -> c.item().startsWith("NAT gateway")).hasSize(2);
        assertThat(defaults.idleUsdPerMonth()).isGreaterThan(2 * test.idleUsdPerMonth());
    }
}
