package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.crossaccountdelivery.config.DeliveryConfig;
import io.github.crossaccountdelivery.config.InvalidConfigException;
import io.github.crossaccountdelivery.config.InvalidConfigException.Problem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * A configuration's problems are reported all at once, in the order a user reads the
 * configuration, each blaming the key that is wrong given the others and showing what it
 * should be from the user's own values; keys that belong to CDK pass untouched.
 */
class ConfigurationProblemsTest {

    @Test
    void everyIndependentMistakeIsReportedInTheOrderOfTheContextAndMissingKeysLast(@TempDir Path outdir)
            throws Exception {
        Map<String, Object> context = TestConfigurations.example();
        context.remove("branch");
        context.put("region", "nowhere");
        context.put("containerPort", -1);
        context.put("smokeTestPath", "/smoke.sh");
        context.put("desiredCuont", 2);

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DeliveryApp.run(AppProps.builder().context(context).outdir(outdir.toString()).build(),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).satisfiesExactly(
                line -> assertThat(line).startsWith("Invalid configuration: context key 'region' is \"nowhere\";"),
                line -> assertThat(line).startsWith("Invalid configuration: context key 'containerPort' is -1;"),
                line -> assertThat(line).startsWith("Invalid configuration: context key 'smokeTestPath'"),
                line -> assertThat(line).contains("'desiredCuont'", "did you mean desiredCount?"),
                line -> assertThat(line).contains("context key 'branch' is not set"));
        try (var written = Files.list(outdir)) {
            assertThat(written).isEmpty();
        }
    }

    @Test
    void theOrderIsTheContextsNotTheAlphabetsNorTheCodes() {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("smokeTestPath", "../smoke.sh");
        context.put("zzz", 1);
        context.putAll(TestConfigurations.example());
        context.put("appName", "Orders");
        context.remove("healthCheckPath");
        context.remove("buildAccount");

        assertThat(keysOf(problemsOf(context)))
                .containsExactly("smokeTestPath", "zzz", "appName", "buildAccount", "healthCheckPath");
    }

    @Test
    void insideTargetsProblemsFollowTheEntriesAndEachEntrysKeysThenWhatItLacks() {
        Map<String, Object> context = TestConfigurations.example();
        context.put("containerPort", 0);
        context.put("targets", "[{\"account\":\"1\",\"name\":\"Bad_Name\"},"
                + "{\"name\":\"prod\",\"acount\":\"444444444444\",\"taskCpu\":3}]");

        assertThat(problemsOf(context)).extracting(Problem::key).containsExactly("containerPort",
                "targets[0].account", "targets[0].name", "targets[1].acount", "targets[1].taskCpu",
                "targets[1].account");
    }

    @Test
    void aTargetWithOneBadValueIsStillComparedWithTheOthersOnItsValidOnes() {
        Map<String, Object> context = TestConfigurations.example();
        context.put("targets", "[{\"name\":\"test\",\"account\":\"222222222222\"},"
                + "{\"name\":\"test\",\"account\":\"222222222222\",\"taskCpu\":1024}]");

        List<Problem> problems = problemsOf(context);
        assertThat(keysOf(problems)).containsExactly("targets[1].name", "targets[1].account",
                "targets[1].taskMemoryMiB");
        assertThat(problems.get(1).expected()).startsWith("an account no other target has (targets[0] deploys to"
                + " 222222222222)");
    }

    @Test
    void aRuleBetweenKeysRunsOnlyOnValuesThatAreValidThemselves() {
        Map<String, Object> context = TestConfigurations.example();
        // Without a valid build account, neither testAccount nor the connection's account part can be
        // compared with it; without a valid region, neither the zones nor the certificate's region part.
        context.put("buildAccount", "1111");
        context.put("region", "us-eats-2");
        context.put("certificateArn",
                "arn:aws:acm:us-east-2:222222222222:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b");
        context.put("domainName", "orders.example.com");

        assertThat(keysOf(problemsOf(context))).containsExactly("buildAccount", "region");
    }

    @Test
    void aBuildAccountEqualToTheTestAccountBlamesTheTestAccountAndTheConnectionNamesTheAccountPart() {
        Map<String, Object> context = TestConfigurations.example();
        context.put("buildAccount", "222222222222");

        assertThat(problemsOf(context)).satisfiesExactly(
                testAccount -> {
                    assertThat(testAccount.key()).isEqualTo("testAccount");
                    assertThat(testAccount.expected()).startsWith("an account other than buildAccount (222222222222)");
                },
                connection -> {
                    assertThat(connection.key()).isEqualTo("connectionArn");
                    assertThat(connection.expected()).contains("its account is 111111111111, not buildAccount"
                            + " 222222222222", "arn:aws:codeconnections:eu-west-1:222222222222:connection/")
                            .doesNotContain("its region");
                });
    }

    @Test
    void crossKeyMessagesShowTheUsersOwnValuesNeverTheExamples() {
        Map<String, Object> context = TestConfigurations.example();
        context.put("buildAccount", "123456789012");
        context.put("testAccount", "210987654321");
        context.put("region", "us-east-2");
        context.put("availabilityZones", List.of("us-east-2a", "us-east-1b"));
        context.put("connectionArn",
                "arn:aws:codeconnections:us-east-2:999999999999:connection/00000000-0000-0000-0000-000000000000");
        context.put("certificateArn",
                "arn:aws:acm:us-west-2:210987654321:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b");
        context.put("domainName", "payments.example.com");

        List<Problem> problems = problemsOf(context);
        assertThat(keysOf(problems)).containsExactly("availabilityZones", "connectionArn", "certificateArn");
        assertThat(problems.get(0).expected()).contains("of the configured region, us-east-2", "us-east-2a");
        assertThat(problems.get(1).expected())
                .contains("its account is 999999999999, not buildAccount 123456789012")
                .contains("an ARN starting with arn:aws:codeconnections:us-east-2:123456789012:connection/");
        assertThat(problems.get(2).expected())
                .contains("its region is us-west-2, not the configured region us-east-2")
                .contains("an ARN starting with arn:aws:acm:us-east-2:210987654321:certificate/");
        assertThat(problems).allSatisfy(p -> assertThat(p.line())
                .doesNotContain("eu-west-1", "111111111111", "222222222222"));
    }

    @Test
    void movingToAnotherRegionBlamesEachKeyThatStillNamesTheOldOne() {
        Map<String, Object> context = TestConfigurations.example();
        context.put("region", "us-west-2");

        List<Problem> problems = problemsOf(context);
        assertThat(keysOf(problems)).containsExactly("availabilityZones", "connectionArn");
        assertThat(problems.get(1).expected()).contains("its region is eu-west-1, not the configured region us-west-2",
                "arn:aws:codeconnections:us-west-2:111111111111:connection/");
    }

    @Test
    void aConnectionOfAnotherPartitionIsBlamedForItsPartition() {
        Map<String, Object> context = TestConfigurations.example();
        context.put("connectionArn",
                "arn:aws-cn:codeconnections:eu-west-1:111111111111:connection/00000000-0000-0000-0000-000000000000");

        List<Problem> problems = problemsOf(context);
        assertThat(keysOf(problems)).containsExactly("connectionArn");
        assertThat(problems.get(0).expected()).contains("its partition is aws-cn, and region eu-west-1 is in aws",
                "arn:aws:codeconnections:eu-west-1:111111111111:connection/");
    }

    @Test
    void theChinaAndGovCloudRegionsAreRefusedUpFrontWithWhy() {
        for (String region : List.of("cn-north-1", "us-gov-west-1")) {
            Map<String, Object> context = TestConfigurations.example();
            context.put("region", region);
            assertThat(problemsOf(context)).first().satisfies(problem -> {
                assertThat(problem.key()).isEqualTo("region");
                assertThat(problem.expected()).contains("in the aws partition")
                        .contains("AWS::CodeStarNotifications::NotificationRule");
            });
        }
    }

    @Test
    void everyStrategyAndWindowMistakeOfEveryTargetIsReportedAtOnceBlamingTheTargetsOwnKey() {
        Map<String, Object> context = TestConfigurations.example();
        context.put("targets", "[{\"name\":\"test\",\"account\":\"222222222222\",\"deployment\":\"bluegreen\","
                + "\"bakeMinutes\":1441},"
                + "{\"name\":\"staging\",\"account\":\"333333333333\",\"deployment\":\"canary\",\"stepPercent\":150,"
                + "\"deployWindow\":\"0 0 9-17 * * MON-FRI\"},"
                + "{\"name\":\"prod\",\"account\":\"444444444444\",\"stepBakeMinutes\":5,"
                + "\"deployWindowTimeZone\":\"Europe/Dublin\"}]");

        List<Problem> problems = problemsOf(context);
        assertThat(keysOf(problems)).containsExactly("targets[0].deployment", "targets[0].bakeMinutes",
                "targets[1].stepPercent", "targets[1].deployWindow", "targets[2].stepBakeMinutes",
                "targets[2].deployWindowTimeZone");
        assertThat(problems.get(0).expected()).isEqualTo("one of [rolling, blueGreen, canary, linear]");
        assertThat(problems.get(1).expected()).isEqualTo("a whole number from 0 to 1440");
        assertThat(problems.get(3).expected()).endsWith("neither day-of-month (\"*\") nor day-of-week (\"MON-FRI\")"
                + " is '?'");
        assertThat(problems.get(4).expected()).startsWith("nothing while deployment is rolling: stepBakeMinutes"
                + " applies to canary and linear");
        assertThat(problems.get(5).expected()).startsWith("nothing without deployWindow");
    }

    @Test
    void topLevelStrategySettingsAreDefaultsForTheTargetsWhoseStrategyUsesThem() {
        Map<String, Object> context = TestConfigurations.example();
        context.put("deployment", "canary");
        context.put("stepPercent", 2);
        context.put("bakeMinutes", 3);
        // prod keeps rolling: the inherited canary settings are not its; test's linear cannot take 2 percent.
        context.put("targets", "[{\"name\":\"test\",\"account\":\"222222222222\",\"deployment\":\"linear\"},"
                + "{\"name\":\"staging\",\"account\":\"333333333333\"},"
                + "{\"name\":\"prod\",\"account\":\"444444444444\",\"deployment\":\"rolling\"}]");

        List<Problem> problems = problemsOf(context);
        assertThat(keysOf(problems)).containsExactly("targets[0].stepPercent");
        assertThat(problems.get(0).expected()).contains("while deployment is linear");

        context.put("targets", "[{\"name\":\"staging\",\"account\":\"333333333333\"},"
                + "{\"name\":\"prod\",\"account\":\"444444444444\",\"deployment\":\"rolling\"}]");
        DeliveryConfig config = DeliveryConfig.fromContext(context);
        assertThat(config.targets().get(0).trafficShift())
                .isEqualTo(new io.github.crossaccountdelivery.common.TrafficShift(
                        io.github.crossaccountdelivery.common.ReleaseStrategy.CANARY, 3, 2, 5));
        assertThat(config.targets().get(1).trafficShift())
                .isEqualTo(io.github.crossaccountdelivery.common.TrafficShift.rolling());
    }

    @Test
    void keysThatBelongToCdkPass() {
        Map<String, Object> context = new LinkedHashMap<>();
        // Written to cdk.context.json by lookups, `cdk acknowledge` and `cdk cli-telemetry`; read before cdk.json.
        context.put("availability-zones:account=111111111111:region=eu-west-1", List.of("eu-west-1a", "eu-west-1b"));
        context.put("ssm:account=111111111111:parameterName=/x:region=eu-west-1", "value");
        context.put("vpc-provider:account=111111111111:filter.isDefault=true:region=eu-west-1"
                + ":returnAsymmetricSubnets=true", Map.of("vpcId", "vpc-1"));
        context.put("acknowledged-issue-numbers", List.of(32775));
        context.put("cli-telemetry", false);
        context.put("//", "a comment");
        context.put("// second", "another comment");
        context.putAll(TestConfigurations.example());
        context.put("aws-cdk:enableDiffNoFail", true);
        context.put("@aws-cdk/core:bootstrapQualifier", "hnb659fds");
        context.put("@aws-cdk/core.slowSynthThreshold", 20000);
        // Added by CDK CLI 2.1148.1 to every synth, as CDK_CONTEXT_JSON showed to a throwaway app.
        context.put("aws:cdk:enable-path-metadata", true);
        context.put("aws:cdk:enable-asset-metadata", true);
        context.put("aws:cdk:version-reporting", true);
        context.put("aws:cdk:disable-version-reporting", true);
        context.put("aws:cdk:bundling-stacks", List.of("**"));
        context.put("aws:cdk:disable-asset-staging", true);
        context.put("@aws-cdk/core:failSynthOnValidationErrors", false);

        assertThatNoException().isThrownBy(() -> DeliveryConfig.fromContext(context));
    }

    @Test
    void keysThatOnlyLookLikeCdksDoNotPass() {
        Map<String, Object> context = TestConfigurations.example();
        context.put("availability-zones", List.of("eu-west-1a"));
        context.put("aws-cdk/core:checkSecretUsage", true);
        context.put("aws:something", true);

        List<Problem> problems = problemsOf(context);
        assertThat(keysOf(problems)).containsExactly("availability-zones", "aws-cdk/core:checkSecretUsage",
                "aws:something");
        assertThat(problems.get(0).expected()).endsWith("did you mean availabilityZones?");
    }

    @Test
    void theContextKeepsItsOrderWhenItCrossesIntoCdkAndBack() {
        // DeliveryApp reads app.getNode().getAllContext(): the order must survive the trip through jsii.
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("zeta", 1);
        context.put("//", "comment");
        context.putAll(TestConfigurations.example());
        context.put("alpha", Map.of("nested", true));
        context.put("targets", List.of(orderedEntry("name", "test", "account", "222222222222", "approval", false)));

        Object all = new App(AppProps.builder().context(context).build()).getNode().getAllContext();

        assertThat(all).isInstanceOfSatisfying(Map.class, map -> {
            assertThat(new ArrayList<Object>(map.keySet())).containsExactlyElementsOf(context.keySet());
            assertThat(((List<?>) map.get("targets")).get(0)).isInstanceOfSatisfying(Map.class,
                    entry -> assertThat(new ArrayList<Object>(entry.keySet()))
                            .containsExactly("name", "account", "approval"));
        });
    }

    @Test
    void aValueOnSeveralLinesIsShownOnOne() {
        Map<String, Object> context = TestConfigurations.example();
        context.put("branch", "main\nrelease");

        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> DeliveryConfig.fromContext(context));
        assertThat(e.getMessage().lines()).singleElement().asString().contains("\"main\\nrelease\"");
    }

    @Test
    void theExceptionCarriesEachProblemAndItsMessageHasOneLinePerProblem() {
        Map<String, Object> context = TestConfigurations.example();
        context.put("appName", "x");
        context.put("containerPort", 70000);

        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> DeliveryConfig.fromContext(context));
        assertThat(e.problems()).extracting(Problem::key, Problem::given)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("appName", "x"),
                        org.assertj.core.groups.Tuple.tuple("containerPort", 70000));
        assertThat(e.problems().get(1).expected()).isEqualTo("a whole number from 1 to 65535");
        assertThat(e.getMessage().lines()).containsExactlyElementsOf(e.problems().stream().map(Problem::line).toList());
        assertThat(e.key()).isEqualTo("appName");
    }

    private static Map<String, Object> orderedEntry(Object... keysAndValues) {
        Map<String, Object> entry = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            entry.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return entry;
    }

    private static List<Problem> problemsOf(Map<String, Object> context) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> DeliveryConfig.fromContext(context));
        assertThat(e).as("the configuration is refused").isNotNull();
        return e.problems();
    }

    private static List<String> keysOf(List<Problem> problems) {
        return problems.stream().map(Problem::key).toList();
    }
}
