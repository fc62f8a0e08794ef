package io.github.crossaccountdelivery.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.crossaccountdelivery.TestConfigurations;
import io.github.crossaccountdelivery.common.ScanFailOn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading the configuration from context, in the shapes cdk.json and the command line give it. */
class ConfigurationTest {

    @Test
    void theExampleConfigurationIsValid() {
        DeliveryConfig config = DeliveryConfig.fromContext(TestConfigurations.example());
        assertThat(config.get(Settings.BUILD_ACCOUNT)).isEqualTo("111111111111");
        assertThat(config.targets()).singleElement().satisfies(target -> {
            assertThat(target.name()).isEqualTo("test");
            assertThat(target.account()).isEqualTo("222222222222");
            assertThat(target.approval()).isFalse();
            assertThat(target.get(Settings.AVAILABILITY_ZONES)).containsExactly("eu-west-1a", "eu-west-1b");
        });
    }

    @Test
    void whateverCdkJsonsContextHoldsIsAValidConfiguration() {
        assertThatNoException().isThrownBy(() -> DeliveryConfig.fromContext(TestConfigurations.cdkJsonContext()));
    }

    @Test
    void keysLeftOutTakeTheirDefaultsFromTheTable() {
        DeliveryConfig config = DeliveryConfig.fromContext(TestConfigurations.example());
        TargetConfig target = config.firstTarget();
        for (Setting<?> setting : Settings.all()) {
            if (setting.required() || TestConfigurations.example().containsKey(setting.key())) {
                continue;
            }
            Object value = setting.scope() == Setting.Scope.APP ? config.find(setting).orElse(null)
                    : target.find(setting).orElse(null);
            if (setting != TargetSettings.TARGET_NAME && setting != TargetSettings.TARGET_ACCOUNT) {
                assertThat(value).as(setting.key()).isEqualTo(setting.fallback());
            }
        }
        assertThat(config.get(Settings.SCAN_FAIL_ON)).isEqualTo(ScanFailOn.CRITICAL);
        assertThat(config.get(Settings.CONTAINER_USER)).isEqualTo("1000:1000");
        assertThat(config.get(Settings.READONLY_ROOT_FILESYSTEM)).isTrue();
        assertThat(config.get(Settings.LOG_RETENTION_DAYS)).isEqualTo(365);
        assertThat(config.find(Settings.NOTIFICATION_EMAIL)).isEmpty();
        assertThat(target.find(Settings.CERTIFICATE_ARN)).isEmpty();
        assertThat(List.of(target.get(TargetSettings.ALARM_5XX_THRESHOLD), target.get(TargetSettings.ALARM_UNHEALTHY_HOSTS_THRESHOLD),
                target.get(TargetSettings.ALARM_EVALUATION_MINUTES), target.get(TargetSettings.VERIFY_TIMEOUT_SECONDS)))
                .containsExactly(5, 1, 2, 180);
    }

    @Test
    void commandLineStringsAreAcceptedWhereCdkJsonHasNumbersBooleansAndArrays() {
        // `cdk synth -c containerPort=9000 -c availabilityZones=eu-west-1b,eu-west-1c` passes strings.
        Map<String, Object> context = TestConfigurations.example();
        context.put("containerPort", "9000");
        context.put("availabilityZones", "eu-west-1b, eu-west-1c");
        context.put("readonlyRootFilesystem", "false");
        context.put("logRetentionDays", "731");
        context.put("alarm5xxThreshold", "50");
        DeliveryConfig config = DeliveryConfig.fromContext(context);
        assertThat(config.get(Settings.CONTAINER_PORT)).isEqualTo(9000);
        assertThat(config.firstTarget().get(Settings.AVAILABILITY_ZONES)).containsExactly("eu-west-1b", "eu-west-1c");
        assertThat(config.get(Settings.READONLY_ROOT_FILESYSTEM)).isFalse();
        assertThat(config.get(Settings.LOG_RETENTION_DAYS)).isEqualTo(731);
        assertThat(config.firstTarget().get(TargetSettings.ALARM_5XX_THRESHOLD)).isEqualTo(50);

        context.put("availabilityZones", "[\"eu-west-1a\",\"eu-west-1c\"]");
        assertThat(DeliveryConfig.fromContext(context).firstTarget().get(Settings.AVAILABILITY_ZONES))
                .containsExactly("eu-west-1a", "eu-west-1c");
    }

    @Test
    void optionalTopLevelKeysAreReadAsWritten() {
        Map<String, Object> context = TestConfigurations.example();
        context.put("scanFailOn", "NONE");
        context.put("smokeTestPath", "ci/checks/smoke_test-v2.sh");
        context.put("containerUser", "image");
        context.put("readonlyRootFilesystem", false);
        context.put("logRetentionDays", 3653);
        context.put("notificationEmail", "team@example.com");
        DeliveryConfig config = DeliveryConfig.fromContext(context);
        assertThat(config.get(Settings.SCAN_FAIL_ON)).isEqualTo(ScanFailOn.NONE);
        assertThat(config.get(Settings.SCAN_FAIL_ON).gates()).isFalse();
        assertThat(config.get(Settings.SMOKE_TEST_PATH)).isEqualTo("ci/checks/smoke_test-v2.sh");
        assertThat(config.get(Settings.CONTAINER_USER)).isEqualTo("image");
        assertThat(config.get(Settings.READONLY_ROOT_FILESYSTEM)).isFalse();
        assertThat(config.get(Settings.LOG_RETENTION_DAYS)).isEqualTo(3653);
        assertThat(config.find(Settings.NOTIFICATION_EMAIL)).contains("team@example.com");

        context.put("containerUser", "1001:0");
        assertThat(DeliveryConfig.fromContext(context).get(Settings.CONTAINER_USER)).isEqualTo("1001:0");
    }

    @Test
    void scanSeveritiesThatFailGrowFromCriticalToMedium() {
        assertThat(ScanFailOn.CRITICAL.failingSeverities()).containsExactly("CRITICAL");
        assertThat(ScanFailOn.HIGH.failingSeverities()).containsExactly("CRITICAL", "HIGH");
        assertThat(ScanFailOn.MEDIUM.failingSeverities()).containsExactly("CRITICAL", "HIGH", "MEDIUM");
        assertThat(ScanFailOn.NONE.failingSeverities()).isEmpty();
    }

    @Test
    void serviceSettingsDefaultFromTheTopLevelAndMayBeSetPerTarget() {
        Map<String, Object> context = TestConfigurations.example();
        context.put("alarmEvaluationMinutes", 3);
        context.put("verifyTimeoutSeconds", 300);
        context.put("certificateArn", "arn:aws:acm:eu-west-1:222222222222:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b");
        context.put("domainName", "orders-test.example.com");
        context.put("targets", "[{\"name\":\"test\",\"account\":\"222222222222\"},"
                + "{\"name\":\"prod\",\"account\":\"444444444444\",\"alarm5xxThreshold\":20,\"approval\":true,"
                + "\"certificateArn\":\"arn:aws:acm:eu-west-1:444444444444:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b\","
                + "\"domainName\":\"orders.example.com\","
                + "\"alarmUnhealthyHostsThreshold\":2,\"verifyTimeoutSeconds\":600}]");
        var targets = DeliveryConfig.fromContext(context).targets();
        assertThat(targets.get(0)).satisfies(t -> {
            assertThat(t.get(TargetSettings.ALARM_5XX_THRESHOLD)).isEqualTo(5);
            assertThat(t.get(TargetSettings.ALARM_EVALUATION_MINUTES)).isEqualTo(3);
            assertThat(t.get(TargetSettings.VERIFY_TIMEOUT_SECONDS)).isEqualTo(300);
            assertThat(t.find(Settings.CERTIFICATE_ARN)).hasValueSatisfying(arn -> assertThat(arn).contains("222222222222"));
            assertThat(t.approval()).isFalse();
        });
        assertThat(targets.get(1)).satisfies(t -> {
            assertThat(t.get(TargetSettings.ALARM_5XX_THRESHOLD)).isEqualTo(20);
            assertThat(t.get(TargetSettings.ALARM_UNHEALTHY_HOSTS_THRESHOLD)).isEqualTo(2);
            assertThat(t.get(TargetSettings.ALARM_EVALUATION_MINUTES)).isEqualTo(3);
            assertThat(t.get(TargetSettings.VERIFY_TIMEOUT_SECONDS)).isEqualTo(600);
            assertThat(t.find(Settings.CERTIFICATE_ARN)).hasValueSatisfying(arn -> assertThat(arn).contains("444444444444"));
            assertThat(t.approval()).isTrue();
        });
    }

    @Test
    void accountIdsKeepTheirLeadingZeros() {
        Map<String, Object> context = TestConfigurations.example();
        context.put("testAccount", "012345678901");
        assertThat(DeliveryConfig.fromContext(context).firstTarget().account()).isEqualTo("012345678901");
    }

    @Test
    void theRecordsRefuseWhatTheReaderRefuses() {
        // The compact constructors are a safety net for code that builds a configuration itself.
        DeliveryConfig valid = DeliveryConfig.fromContext(TestConfigurations.example());
        Map<Setting<?>, Object> app = new LinkedHashMap<>(valid.app().asMap());
        app.put(Settings.CONTAINER_USER, "0");
        assertThatThrownBy(() -> new DeliveryConfig(new Values(app), valid.targets()))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("containerUser"));
        Map<Setting<?>, Object> target = new LinkedHashMap<>(valid.firstTarget().values().asMap());
        target.put(TargetSettings.ALARM_5XX_THRESHOLD, 0);
        assertThatThrownBy(() -> new TargetConfig("", new Values(target)))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("alarm5xxThreshold"));
        target.put(TargetSettings.ALARM_5XX_THRESHOLD, 5);
        target.put(TargetSettings.TASK_MEMORY_MIB, 4096);
        assertThatThrownBy(() -> new TargetConfig("targets[1]", new Values(target)))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("targets[1].taskMemoryMiB"));
        Map<Setting<?>, Object> sameAccount = new LinkedHashMap<>(valid.firstTarget().values().asMap());
        sameAccount.put(TargetSettings.TARGET_ACCOUNT, "111111111111");
        assertThatThrownBy(() -> new DeliveryConfig(valid.app(), List.of(new TargetConfig("", new Values(sameAccount)))))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("testAccount"));
    }

    @Test
    void namesDerivedFromTheConfigurationFitAwsLimits() {
        Map<String, Object> context = TestConfigurations.example();
        context.put("appName", "a-twenty-char-name-x");
        context.put("region", "ap-southeast-4");
        context.put("availabilityZones", List.of("ap-southeast-4a", "ap-southeast-4b"));
        context.put("connectionArn",
                "arn:aws:codeconnections:ap-southeast-4:111111111111:connection/00000000-0000-0000-0000-000000000000");
        var config = DeliveryConfig.fromContext(context);
        var names = config.names();
        var test = config.firstTarget().names(names);
        assertThat(names.artifactBucket()).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9.-]+");
        for (String role : List.of(names.pipelineRole(), names.buildRole(), test.deploymentRole(),
                test.executionRole(), test.taskRole(), test.verifyRole())) {
            assertThat(role).hasSizeLessThanOrEqualTo(64);
        }
        assertThat(test.cluster()).hasSizeLessThanOrEqualTo(255);
        assertThat(Optional.of(test.logKeyAlias()).get()).hasSizeLessThanOrEqualTo(256);
    }
}
