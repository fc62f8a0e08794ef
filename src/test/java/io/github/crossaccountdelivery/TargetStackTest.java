package io.github.crossaccountdelivery;

import static io.github.crossaccountdelivery.Policies.bySid;
import static io.github.crossaccountdelivery.Policies.list;
import static io.github.crossaccountdelivery.Policies.statements;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.config.DeliveryConfig;
import io.github.crossaccountdelivery.config.ResourceNames;
import io.github.crossaccountdelivery.config.ResourceNames.TargetNames;
import io.github.crossaccountdelivery.targetaccount.CurrentImage;
import io.github.crossaccountdelivery.targetaccount.ServiceTask;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The test account's stack, synthesized from the example configuration in cdk.json. */
class TargetStackTest {

    private static Template target;
    private static DeliveryConfig config;
    private static ResourceNames names;
    private static TargetNames test;
    private static Object deployPolicy;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synthesize() {
        Synthesized app = Synthesized.example();
        target = app.test();
        config = app.config;
        names = config.names();
        test = names.target(config.targets().get(0));
        assertThat(Policies.role(target, test.deploymentRole()).properties()).doesNotContainKey("Policies");
        deployPolicy = Map.of("Statement", Policies.managedPolicyOfRole(target, test.deploymentRole()));
    }

    @Test
    void deploymentRoleTrustsThePipelineRoleAndNoOtherPrincipalOfTheBuildAccount() {
        var trust = Policies.role(target, test.deploymentRole()).trust();
        assertThat(trust).singleElement().satisfies(statement -> {
            assertThat(statement).containsEntry("Action", "sts:AssumeRole").containsEntry("Effect", "Allow");
            assertThat(statement.get("Principal"))
                    .isEqualTo(Map.of("AWS", "arn:aws:iam::" + config.buildAccount() + ":root"));
            assertThat(statement.get("Condition"))
                    .isEqualTo(Map.of("ArnEquals", Map.of("aws:PrincipalArn", names.pipelineRoleArn())));
        });
    }

    @Test
    void deploymentRolePassesOnlyTheServiceRolesAndOnlyToEcsTasks() {
        var passRole = statements(deployPolicy).stream()
                .filter(s -> list(s.get("Action")).contains("iam:PassRole")).toList();
        assertThat(passRole).singleElement().satisfies(statement -> {
            assertThat(list(statement.get("Resource")))
                    .containsExactlyInAnyOrder(test.taskRoleArn(), test.executionRoleArn());
            assertThat(statement.get("Condition")).isEqualTo(
                    Map.of("StringEquals", Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")));
        });
    }

    @Test
    void deploymentRoleUpdatesOnlyThisService() {
        var rollOut = bySid(deployPolicy, "RollOutTheService");
        assertThat(list(rollOut.get("Action"))).containsExactlyInAnyOrder("ecs:DescribeServices", "ecs:UpdateService");
        assertThat(rollOut.get("Resource")).isEqualTo(test.serviceArn());
        assertThat(statements(deployPolicy)).allSatisfy(statement ->
                assertThat(list(statement.get("Action"))).doesNotContain("ecs:*", "*", "iam:*", "s3:*", "kms:*"));
    }

    @Test
    void deploymentRoleReadsOnlyTheArtifactBucket() {
        var read = bySid(deployPolicy, "ReadPipelineArtifacts");
        assertThat(list(read.get("Action")))
                .containsExactlyInAnyOrder("s3:GetObject", "s3:GetObjectVersion", "s3:GetBucketLocation");
        assertThat(list(read.get("Resource")))
                .containsExactlyInAnyOrder(names.artifactBucketArn(), names.artifactBucketArn() + "/*");
        assertThat(statements(deployPolicy).stream().flatMap(s -> list(s.get("Action")).stream()))
                .filteredOn(action -> action.toString().startsWith("s3:"))
                .allSatisfy(action -> assertThat(action.toString()).startsWith("s3:Get"));
    }

    @Test
    void deploymentRoleDecryptsOnlyArtifactBucketObjectsThroughS3() {
        var decrypt = bySid(deployPolicy, "DecryptPipelineArtifacts");
        assertThat(decrypt.get("Action")).isEqualTo("kms:Decrypt");
        assertThat(decrypt.get("Resource"))
                .isEqualTo("arn:aws:kms:" + names.region() + ":" + config.buildAccount() + ":key/*");
        assertThat(decrypt.get("Condition")).isEqualTo(Map.of(
                "StringEquals", Map.of("kms:ViaService", "s3." + names.region() + ".amazonaws.com"),
                "StringLike", Map.of("kms:EncryptionContext:aws:s3:arn",
                        List.of(names.artifactBucketArn(), names.artifactBucketArn() + "/*"))));
    }

    @Test
    void executionRoleMayPullFromTheBuildAccountsRepository() {
        var statements = Policies.managedPolicyOfRole(target, test.executionRole());
        assertThat(statements).filteredOn(s -> names.imageRepositoryArn().equals(s.get("Resource")))
                .singleElement().satisfies(pull -> assertThat(list(pull.get("Action"))).containsExactlyInAnyOrder(
                        "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"));
        assertThat(statements).anySatisfy(s -> assertThat(s.get("Action")).isEqualTo("ecr:GetAuthorizationToken"));
    }

    @Test
    void networkSpansTheConfiguredZonesWithoutNatGateways() {
        var zones = target.findResources("AWS::EC2::Subnet").values().stream()
                .map(r -> String.valueOf(((Map<?, ?>) r.get("Properties")).get("AvailabilityZone"))).toList();
        assertThat(zones).containsExactlyInAnyOrderElementsOf(config.firstTarget().availabilityZones());
        target.resourceCountIs("AWS::EC2::NatGateway", 0);
    }

    @Test
    void serviceRunsTheConfiguredContainerOnItsPortBehindAnInternetFacingLoadBalancer() {
        target.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "Family", test.taskFamily(),
                "ExecutionRoleArn", Match.anyValue(),
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "Name", config.containerName(),
                        "PortMappings", List.of(Match.objectLike(Map.of("ContainerPort", config.containerPort())))))))));
        target.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "ServiceName", test.service(),
                "LaunchType", "FARGATE",
                "LoadBalancers", List.of(Map.of(
                        "ContainerName", config.containerName(),
                        "ContainerPort", config.containerPort(),
                        "TargetGroupArn", Match.anyValue())))));
        target.hasResourceProperties("AWS::ECS::Cluster", Map.of("ClusterName", test.cluster()));
        target.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer",
                Match.objectLike(Map.of("Scheme", "internet-facing", "Type", "application")));
        target.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener",
                Match.objectLike(Map.of("Port", 80, "Protocol", "HTTP")));
    }

    @Test
    void targetGroupProbesTheConfiguredHealthCheckPath() {
        target.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Match.objectLike(Map.of(
                "HealthCheckPath", config.healthCheckPath(),
                "Port", config.containerPort(),
                "TargetType", "ip")));
    }

    @Test
    void firstDeployRunsAPlaceholderListeningOnTheContainerPortWithoutACommand() {
        Capture container = new Capture();
        target.hasResourceProperties("AWS::ECS::TaskDefinition",
                Match.objectLike(Map.of("ContainerDefinitions", List.of(container))));
        target.hasResourceProperties("Custom::CurrentImage", Match.objectLike(Map.of(
                "Placeholder", CurrentImage.PLACEHOLDER_IMAGE)));
        assertThat(CurrentImage.PLACEHOLDER_IMAGE).matches("traefik/whoami@sha256:[0-9a-f]{64}");
        assertThat(container.asObject())
                .containsEntry("Environment", List.of(Map.of(
                        "Name", ServiceTask.PLACEHOLDER_PORT_VARIABLE, "Value", String.valueOf(config.containerPort()))))
                // The pipeline's task definitions inherit every setting but the image.
                .doesNotContainKeys("Command", "EntryPoint");
    }

    @Test
    void rolloutTimingsAreTheConfiguredOnes() {
        var settings = config.firstTarget().service();
        target.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Match.objectLike(Map.of(
                "HealthCheckIntervalSeconds", settings.healthCheckIntervalSeconds(),
                "HealthCheckTimeoutSeconds", settings.healthCheckTimeoutSeconds(),
                "HealthyThresholdCount", settings.healthyThreshold(),
                "UnhealthyThresholdCount", settings.unhealthyThreshold(),
                "TargetGroupAttributes", Match.arrayWith(List.of(Map.of(
                        "Key", "deregistration_delay.timeout_seconds",
                        "Value", String.valueOf(settings.deregistrationDelaySeconds())))))));
        target.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "DesiredCount", settings.desiredCount(),
                "LaunchType", "FARGATE",
                "HealthCheckGracePeriodSeconds", settings.healthCheckGracePeriodSeconds(),
                "DeploymentConfiguration", Match.objectLike(Map.of(
                        "MinimumHealthyPercent", settings.minHealthyPercent(),
                        "MaximumPercent", settings.maxHealthyPercent())))));
        target.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "Cpu", String.valueOf(settings.taskCpu()),
                "Memory", String.valueOf(settings.taskMemoryMiB()),
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "StopTimeout", settings.stopTimeoutSeconds()))))));
    }

    @Test
    void tasksRunOnTheArchitectureTheImageIsBuiltFor() {
        buildsAndRunsOn(Synthesized.example(), "ARM64", "ARM_CONTAINER", "linux/arm64");
        buildsAndRunsOn(Synthesized.switchesOn(), "X86_64", "LINUX_CONTAINER", "linux/amd64");
    }

    private static void buildsAndRunsOn(Synthesized app, String taskArchitecture, String buildType, String platform) {
        app.test().hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "RuntimePlatform", Map.of("CpuArchitecture", taskArchitecture, "OperatingSystemFamily", "LINUX"))));
        app.build().hasResourceProperties("AWS::CodeBuild::Project", Match.objectLike(Map.of(
                "Environment", Match.objectLike(Map.of(
                        "Type", buildType,
                        // Amazon Linux 2023 on both architectures: Amazon Linux 2 is past its end of life.
                        "Image", Match.stringLikeRegexp("aws/codebuild/amazonlinux-(aarch64|x86_64)-standard:.*"),
                        "EnvironmentVariables", Match.arrayWith(List.of(Map.of(
                                "Name", "IMAGE_PLATFORM", "Type", "PLAINTEXT", "Value", platform))))))));
    }

    @Test
    void fargateSpotIsASwitch() {
        Synthesized.switchesOn().test().hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "CapacityProviderStrategy", List.of(Map.of("CapacityProvider", "FARGATE_SPOT", "Weight", 1)))));
        Synthesized.switchesOn().test().hasResourceProperties("AWS::ECS::ClusterCapacityProviderAssociations",
                Match.objectLike(Map.of("CapacityProviders", List.of("FARGATE", "FARGATE_SPOT"))));
        target.resourceCountIs("AWS::ECS::ClusterCapacityProviderAssociations", 0);
    }

    @Test
    void failedRolloutsRollBack() {
        target.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "DeploymentConfiguration", Match.objectLike(Map.of(
                        "DeploymentCircuitBreaker", Map.of("Enable", true, "Rollback", true))))));
    }
}
