package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.crossaccountdelivery.config.DeliveryConfig;
import io.github.crossaccountdelivery.config.InvalidConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the configuration from context, in the shapes cdk.json and the command line give it. */
class ConfigurationTest {

    @Test
    void exampleConfigurationInCdkJsonIsValid() {
        DeliveryConfig config = DeliveryConfig.fromContext(Synthesized.exampleContext()::get);
        assertThat(config.buildAccount()).isEqualTo("111111111111");
        assertThat(config.firstTarget().account()).isEqualTo("222222222222");
        assertThat(config.firstTarget().availabilityZones()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(config.targets()).singleElement().satisfies(t -> assertThat(t.account()).isEqualTo("222222222222"));
    }

    @Test
    void commandLineStringsAreAcceptedWhereCdkJsonHasNumbersAndArrays() {
        // `cdk synth -c containerPort=9000 -c availabilityZones=eu-west-1b,eu-west-1c` passes strings.
        Map<String, Object> context = Synthesized.exampleContext();
        context.put("containerPort", "9000");
        context.put("availabilityZones", "eu-west-1b, eu-west-1c");
        DeliveryConfig config = DeliveryConfig.fromContext(context::get);
        assertThat(config.containerPort()).isEqualTo(9000);
        assertThat(config.firstTarget().availabilityZones()).containsExactly("eu-west-1b", "eu-west-1c");

        context.put("availabilityZones", "[\"eu-west-1a\",\"eu-west-1c\"]");
        assertThat(DeliveryConfig.fromContext(context::get).firstTarget().availabilityZones())
                .containsExactly("eu-west-1a", "eu-west-1c");
    }

    @Test
    void accountIdsKeepTheirLeadingZeros() {
        Map<String, Object> context = Synthesized.exampleContext();
        context.put("testAccount", "012345678901");
        assertThat(DeliveryConfig.fromContext(context::get).firstTarget().account()).isEqualTo("012345678901");
    }

    @Test
    void theFirstBadKeyIsTheOneReported() {
        Map<String, Object> context = Synthesized.exampleContext();
        context.put("region", "nowhere");
        context.put("containerPort", -1);
        assertThatThrownBy(() -> DeliveryConfig.fromContext(context::get))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("region"));
    }

    @Test
    void namesDerivedFromTheConfigurationFitAwsLimits() {
        Map<String, Object> context = Synthesized.exampleContext();
        context.put("appName", "a-twenty-char-name-x");
        context.put("region", "ap-southeast-4");
        context.put("availabilityZones", List.of("ap-southeast-4a", "ap-southeast-4b"));
        context.put("connectionArn",
                "arn:aws:codeconnections:ap-southeast-4:111111111111:connection/00000000-0000-0000-0000-000000000000");
        var config = DeliveryConfig.fromContext(context::get);
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
