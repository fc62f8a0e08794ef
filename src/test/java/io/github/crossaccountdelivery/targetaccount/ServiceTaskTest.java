package io.github.crossaccountdelivery.targetaccount;

import static io.github.crossaccountdelivery.BareStack.NAMES;
import static io.github.crossaccountdelivery.BareStack.TEST;
import static io.github.crossaccountdelivery.Policies.list;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.BareStack;
import io.github.crossaccountdelivery.Policies;
import io.github.crossaccountdelivery.common.CpuArchitecture;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ecs.ContainerImage;

/** One task of the service: its definition, its container and its two roles. */
class ServiceTaskTest {

    private static final String IMAGE = "registry.example/placeholder:1";
    private static Template hardened;
    private static Template optedOut;

    @BeforeAll
    static void synthesize() {
        hardened = task(new ContainerSpec("app", 8080, Optional.of("1000:1000"), true), CpuArchitecture.ARM64);
        optedOut = task(new ContainerSpec("web", 3000, Optional.empty(), false), CpuArchitecture.X86_64);
    }

    private static Template task(ContainerSpec container, CpuArchitecture architecture) {
        Stack stack = BareStack.inTestAccount();
        new ServiceTask(stack, "Task", new ServiceTask.Props(TEST, container, ContainerImage.fromRegistry(IMAGE),
                new ImageOrigin(NAMES.imageRepositoryArn(), architecture), new TaskSize(512, 1024), 7,
                BareStack.logGroups(stack)));
        return Template.fromStack(stack);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Template template) {
        Capture containers = new Capture();
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "ContainerDefinitions", containers)));
        assertThat(containers.asArray()).hasSize(1);
        return (Map<String, Object>) containers.asArray().get(0);
    }

    @Test
    void theTaskDefinitionIsOfTheTargetsFamilyWithTheGivenSizeOnTheImagesArchitecture() {
        hardened.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "Family", "orders-test", "Cpu", "512", "Memory", "1024", "NetworkMode", "awsvpc",
                "RequiresCompatibilities", List.of("FARGATE"),
                "RuntimePlatform", Map.of("CpuArchitecture", "ARM64", "OperatingSystemFamily", "LINUX"))));
        optedOut.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "RuntimePlatform", Map.of("CpuArchitecture", "X86_64", "OperatingSystemFamily", "LINUX"))));
    }

    @Test
    void theContainerRunsTheGivenImageOnItsPortWithoutACommandAndTellsThePlaceholderThePort() {
        assertThat(container(hardened))
                .containsEntry("Name", "app")
                .containsEntry("Image", IMAGE)
                .containsEntry("PortMappings", List.of(Map.of("ContainerPort", 8080, "Protocol", "tcp")))
                .containsEntry("StopTimeout", 7)
                .containsEntry("Environment", List.of(Map.of(
                        "Name", ServiceTask.PLACEHOLDER_PORT_VARIABLE, "Value", "8080")))
                // The pipeline's task definitions inherit every setting but the image.
                .doesNotContainKeys("Command", "EntryPoint");
    }

    @Test
    void byDefaultTheContainerRunsAsANonRootUserOnAReadOnlyRootWithAWritableTmpAndAMemoryLimit() {
        assertThat(container(hardened))
                .containsEntry("User", "1000:1000")
                .containsEntry("ReadonlyRootFilesystem", true)
                .containsEntry("Memory", 1024)
                .containsEntry("MountPoints", List.of(Map.of(
                        "ContainerPath", "/tmp", "ReadOnly", false, "SourceVolume", ServiceTask.SCRATCH_VOLUME)));
        hardened.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "Volumes", List.of(Map.of("Name", ServiceTask.SCRATCH_VOLUME)))));
    }

    @Test
    void theOptOutsRunTheImagesOwnUserOnAWritableRoot() {
        assertThat(container(optedOut)).doesNotContainKeys("User", "MountPoints")
                .containsEntry("ReadonlyRootFilesystem", false)
                .containsEntry("Memory", 1024);
        optedOut.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of("Volumes", Match.absent())));
    }

    @Test
    void theExecutionRolePullsFromTheBuildAccountsRepositoryOnlyAndWritesItsOwnLogGroupOnly() {
        var statements = Policies.managedPolicyOfRole(hardened, TEST.executionRole());
        String logGroup = hardened.findResources("AWS::Logs::LogGroup").keySet().iterator().next();
        assertThat(statements).allSatisfy(s -> assertThat(s).containsEntry("Effect", "Allow"))
                .extracting(s -> List.of(list(s.get("Action")), s.get("Resource")))
                .containsExactlyInAnyOrder(
                        List.of(List.of("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage",
                                "ecr:GetDownloadUrlForLayer"), NAMES.imageRepositoryArn()),
                        List.of(List.of("ecr:GetAuthorizationToken"), "*"),
                        List.of(List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                Map.of("Fn::GetAtt", List.of(logGroup, "Arn"))));
        assertThat(Policies.role(hardened, TEST.executionRole()).properties()).doesNotContainKey("Policies");
    }

    @Test
    void theTaskRoleIsAssumedByEcsTasksOfThisAccountOnly() {
        assertThat(Policies.role(hardened, TEST.taskRole()).trust()).singleElement().satisfies(trust -> {
            assertThat(trust.get("Principal")).isEqualTo(Map.of("Service", "ecs-tasks.amazonaws.com"));
            assertThat(trust.get("Condition")).isEqualTo(Map.of(
                    "StringEquals", Map.of("aws:SourceAccount", TEST.account()),
                    "ArnLike", Map.of("aws:SourceArn", "arn:aws:ecs:eu-west-1:222222222222:*")));
        });
    }
}
