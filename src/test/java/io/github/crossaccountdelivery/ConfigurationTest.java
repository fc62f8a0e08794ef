package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.crossaccountdelivery.config.DeliveryConfig;
import io.github.crossaccountdelivery.config.InvalidConfigException;
import io.github.crossaccountdelivery.config.ScanFailOn;
import io.github.crossaccountdelivery.config.ServiceSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading the configuration from context, in the shapes cdk.json and the command line give it. */
class ConfigurationTest {

    @Test
    void theExampleConfigurationIsValid() {
        DeliveryConfig config = DeliveryConfig.fromContext(TestConfigurations.example());
        assertThat(config.buildAccount()).isEqualTo("111111111111");
        assertThat(config.firstTarget().account()).isEqualTo("222222222222");
        assertThat(config.firstTarget().availabilityZones()).containsExactly("eu-west-1a", "eu-west-1b");
        assertThat(config.targets()).singleElement().satisfies(t -> assertThat(t.account()).isEqualTo("222222222222"));
    }

    @Test
    void whateverCdkJsonsContextHoldsIsAValidConfiguration() {
        assertThatNoException().isThrownBy(() -> DeliveryConfig.fromContext(TestConfigurations.cdkJsonContext()));
    }

    @Test
    void keysLeftOutTakeTheirDefaults() {
        DeliveryConfig config = DeliveryConfig.fromContext(TestConfigurations.example());
        assertThat(config.scanFailOn()).isEqualTo(ScanFailOn.CRITICAL);
        assertThat(config.smokeTestPath()).isEqualTo("scripts/smoke-test.sh");
        assertThat(config.containerUser()).isEqualTo("1000:1000");
        assertThat(config.runAsUser()).contains("1000:1000");
        assertThat(config.readonlyRootFilesystem()).isTrue();
        assertThat(config.logRetentionDays()).isEqualTo(365);
        ServiceSettings service = config.firstTarget().service();
        assertThat(service).isEqualTo(ServiceSettings.DEFAULTS);
        assertThat(List.of(service.alarm5xxThreshold(), service.alarmUnhealthyHostsThreshold(),
                service.alarmEvaluationMinutes(), service.verifyTimeoutSeconds())).containsExactly(5, 1, 2, 180);
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
        assertThat(config.containerPort()).isEqualTo(9000);
        assertThat(config.firstTarget().availabilityZones()).containsExactly("eu-west-1b", "eu-west-1c");
        assertThat(config.readonlyRootFilesystem()).isFalse();
        assertThat(config.logRetentionDays()).isEqualTo(731);
        assertThat(config.firstTarget().service().alarm5xxThreshold()).isEqualTo(50);

        context.put("availabilityZones", "[\"eu-west-1a\",\"eu-west-1c\"]");
        assertThat(DeliveryConfig.fromContext(context).firstTarget().availabilityZones())
                .containsExactly("eu-west-1a", "eu-west-1c");
    }

    @Test
    void theNewTopLevelKeysAreReadAsWritten() {
        Map<String, Object> context = TestConfigurations.example();
        context.put("scanFailOn", "NONE");
        context.put("smokeTestPath", "ci/checks/smoke_test-v2.sh");
        context.put("containerUser", "image");
        context.put("readonlyRootFilesystem", false);
        context.put("logRetentionDays", 3653);
        DeliveryConfig config = DeliveryConfig.fromContext(context);
        assertThat(config.scanFailOn()).isEqualTo(ScanFailOn.NONE);
        assertThat(config.scanFailOn().gates()).isFalse();
        assertThat(config.smokeTestPath()).isEqualTo("ci/checks/smoke_test-v2.sh");
        assertThat(config.containerUser()).isEqualTo("image");
        assertThat(config.runAsUser()).isEmpty();
        assertThat(config.readonlyRootFilesystem()).isFalse();
        assertThat(config.logRetentionDays()).isEqualTo(3653);

        context.put("containerUser", "1001");
        assertThat(DeliveryConfig.fromContext(context).runAsUser()).isEqualTo(Optional.of("1001"));
        context.put("containerUser", "1001:0");
        assertThat(DeliveryConfig.fromContext(context).runAsUser()).isEqualTo(Optional.of("1001:0"));
    }

    @Test
    void scanSeveritiesThatFailGrowFromCriticalToMedium() {
        assertThat(ScanFailOn.CRITICAL.failingSeverities()).containsExactly("CRITICAL");
        assertThat(ScanFailOn.HIGH.failingSeverities()).containsExactly("CRITICAL", "HIGH");
        assertThat(ScanFailOn.MEDIUM.failingSeverities()).containsExactly("CRITICAL", "HIGH", "MEDIUM");
        assertThat(ScanFailOn.NONE.failingSeverities()).isEmpty();
    }

    @Test
    void alarmAndVerificationSettingsDefaultFromTheTopLevelAndMayBeSetPerTarget() {
        Map<String, Object> context = TestConfigurations.example();
        context.put("alarmEvaluationMinutes", 3);
        context.put("verifyTimeoutSeconds", 300);
        context.put("targets", "[{\"name\":\"test\",\"account\":\"222222222222\"},"
                + "{\"name\":\"prod\",\"account\":\"444444444444\",\"alarm5xxThreshold\":20,"
                + "\"alarmUnhealthyHostsThreshold\":2,\"verifyTimeoutSeconds\":600}]");
        var targets = DeliveryConfig.fromContext(context).targets();
        assertThat(targets.get(0).service()).satisfies(s -> {
            assertThat(s.alarm5xxThreshold()).isEqualTo(5);
            assertThat(s.alarmEvaluationMinutes()).isEqualTo(3);
            assertThat(s.verifyTimeoutSeconds()).isEqualTo(300);
        });
        assertThat(targets.get(1).service()).satisfies(s -> {
            assertThat(s.alarm5xxThreshold()).isEqualTo(20);
            assertThat(s.alarmUnhealthyHostsThreshold()).isEqualTo(2);
            assertThat(s.alarmEvaluationMinutes()).isEqualTo(3);
            assertThat(s.verifyTimeoutSeconds()).isEqualTo(600);
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
        assertThatThrownBy(() -> new DeliveryConfig(valid.appName(), valid.buildAccount(), valid.region(),
                valid.connectionArn(), valid.repositoryOwner(), valid.repositoryName(), valid.branch(),
                valid.containerName(), valid.containerPort(), valid.healthCheckPath(), valid.imagesToKeep(),
                valid.cpuArchitecture(), valid.notificationEmail(), valid.targets(), valid.scanFailOn(),
                valid.smokeTestPath(), "0", valid.readonlyRootFilesystem(), valid.logRetentionDays()))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("containerUser"));
        assertThatThrownBy(() -> new ServiceSettings(1, 256, 512, false, 5, 4, 2, 2, 5, 30, 5, 100, 200, 15,
                0, 1, 2, 180))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("alarm5xxThreshold"));
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
        var test = names.target(config.targets().get(0));
        assertThat(names.artifactBucket()).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9.-]+");
        for (String role : List.of(names.pipelineRole(), names.buildRole(), test.deploymentRole(),
                test.executionRole(), test.taskRole())) {
            assertThat(role).hasSizeLessThanOrEqualTo(64);
        }
        assertThat(test.cluster()).hasSizeLessThanOrEqualTo(255);
    }
}
