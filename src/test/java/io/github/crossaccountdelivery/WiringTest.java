package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awscdk.assertions.Match.objectLike;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountdelivery.naming.AppNames;
import io.github.crossaccountdelivery.naming.TargetNames;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** How the two accounts' stacks fit together, in the example configuration. */
@ReadsWholeApps
class WiringTest {

    private static Synthesized app;
    private static AppNames names;
    private static TargetNames test;

    @BeforeAll
    static void synthesize() {
        app = Synthesized.example();
        names = app.config.names();
        test = app.config.firstTarget().names(names);
    }

    @Test
    void eachStackIsDeployedToItsConfiguredAccountAndRegion() {
        assertThat(app.environment(app.buildStack()))
                .isEqualTo("aws://" + names.buildAccount() + "/" + names.region());
        assertThat(app.environment(app.targetStacks().get(0)))
                .isEqualTo("aws://" + test.account() + "/" + names.region());
    }

    @Test
    void noCloudFormationReferenceCrossesStacks() throws Exception {
        for (String stack : app.stackNames()) {
            String template = new ObjectMapper().writeValueAsString(app.json(stack));
            assertThat(template).as(stack).doesNotContain("Fn::ImportValue").doesNotContain("\"Export\"");
        }
    }

    @Test
    void theTargetStackIsDeployedBeforeThePipelineThatAssumesItsRole() {
        assertThat(app.dependencies(app.buildStack()))
                .contains(app.artifactId(app.targetStacks().get(0)));
        assertThat(app.dependencies(app.targetStacks().get(0)))
                .doesNotContain(app.artifactId(app.buildStack()));
    }

    @Test
    void namesOneAccountUsesForTheOthersResourcesAreTheNamesThoseResourcesHave() {
        Template build = app.build();
        Template target = app.test();
        build.hasResourceProperties("AWS::S3::Bucket", objectLike(Map.of("BucketName", names.artifactBucket())));
        build.hasResourceProperties("AWS::ECR::Repository", objectLike(Map.of("RepositoryName", names.imageRepository())));
        build.hasResourceProperties("AWS::IAM::Role", objectLike(Map.of("RoleName", names.pipelineRole())));
        build.hasResourceProperties("AWS::Logs::LogGroup", objectLike(Map.of("LogGroupName", names.commandsLogGroup())));
        for (String role : List.of(test.deploymentRole(), test.verifyRole(), test.executionRole(), test.taskRole())) {
            target.hasResourceProperties("AWS::IAM::Role", objectLike(Map.of("RoleName", role)));
        }
        target.hasResourceProperties("AWS::ECS::Cluster", objectLike(Map.of("ClusterName", test.cluster())));
        target.hasResourceProperties("AWS::ECS::Service", objectLike(Map.of("ServiceName", test.service())));
        target.hasResourceProperties("AWS::ECS::TaskDefinition", objectLike(Map.of("Family", test.taskFamily())));
        target.hasResourceProperties("AWS::SSM::Parameter", objectLike(Map.of("Name", test.serviceUrlParameter())));
        target.hasResourceProperties("AWS::Logs::LogGroup", objectLike(Map.of("LogGroupName", names.commandsLogGroup())));
        for (String alarm : test.rollbackAlarms()) {
            target.hasResourceProperties("AWS::CloudWatch::Alarm", objectLike(Map.of("AlarmName", alarm)));
        }
        assertThat(test.serviceArn()).endsWith(":service/" + test.cluster() + "/" + test.service());
    }

    @Test
    void theBuildStackOutputsItsDashboardsConsoleUrl() {
        app.build().hasOutput("DashboardUrl", objectLike(Map.of("Value",
                "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/orders-delivery")));
        app.build().hasResourceProperties("AWS::CloudWatch::Dashboard", objectLike(Map.of(
                "DashboardName", names.dashboard())));
    }

    @Test
    void theServiceIsCreatedAfterTheAlarmsItNames() {
        var service = app.test().findResources("AWS::ECS::Service").values().iterator().next();
        var alarms = app.test().findResources("AWS::CloudWatch::Alarm").keySet();
        assertThat(alarms).hasSize(2);
        assertThat(Policies.list(service.get("DependsOn"))).containsAll(alarms);
    }

    /**
     * Every stateful resource keeps the logical ID it was first deployed with: a new one would
     * replace it. Pinned as literals, so that changing one is a deliberate, visible edit.
     */
    @Test
    void statefulResourcesKeepTheirLogicalIds() {
        assertThat(statefulIds(app.build())).isEqualTo(Map.of(
                "AWS::S3::Bucket", List.of("ArtifactBucket", "LogBucket"),
                "AWS::KMS::Key", List.of("ArtifactKey"),
                "AWS::ECR::Repository", List.of("BuildCacheRepository", "ImageRepository"),
                "AWS::Logs::LogGroup", List.of("DeliveryMetricsLogs", "ImageBuildLogs13D2D83D", "PipelineCommandsLogs")));
        assertThat(statefulIds(app.test())).isEqualTo(Map.of(
                "AWS::S3::Bucket", List.of("LogBucket"),
                "AWS::KMS::Key", List.of("LogKey"),
                "AWS::ECR::Repository", List.of(),
                "AWS::Logs::LogGroup", List.of("VerificationLogs5DB72A42", "WebCurrentImageLogs4FFA813C",
                        "WebLogsD9759FC4")));
    }

    /**
     * Every resource with a fixed physical name keeps its logical ID too: under a new one,
     * CloudFormation would create a second resource of the same name before deleting the first,
     * and fail. scripts/template-diff.py flags such renames between two assemblies.
     */
    @Test
    void namedResourcesKeepTheirLogicalIds() {
        assertThat(namedIds(app.build())).containsExactly(
                "ArtifactsKeyAliasD4A153CB", "Dashboard7A06DACF", "DeliveryPipelineE8584D71",
                "DeliveryPipelineFailuresAndApprovalsB539FF04",
                "DeliveryRole959799AB", "ImageBuildProject1EE40F3B", "ImageBuildRoleAFF19194",
                "MetricsFunctionB5D3CECE", "NotificationsTopicAE679CBD");
        assertThat(namedIds(app.test())).containsExactly(
                "DeploymentRole27A8D055", "LogKeyAlias7DF7C2B5", "RollbackAlarmsTargetErrors2128E9DD",
                "RollbackAlarmsUnhealthyHostsF852B835", "VerificationRoleF6EB7EF2", "VerificationServiceUrlC34945A0",
                "WebCluster20B6B362", "WebExecutionRole4D80947A", "WebServiceD04B5F3E", "WebTaskRoleA0C52095");
    }

    /** The logical IDs of the resources that set their name, sorted; log groups are stateful and listed above. */
    @SuppressWarnings("unchecked")
    private static List<String> namedIds(Template template) {
        Map<String, String> nameProperty = Map.ofEntries(Map.entry("AWS::IAM::Role", "RoleName"),
                Map.entry("AWS::KMS::Alias", "AliasName"), Map.entry("AWS::CodeBuild::Project", "Name"),
                Map.entry("AWS::CodePipeline::Pipeline", "Name"), Map.entry("AWS::SNS::Topic", "TopicName"),
                Map.entry("AWS::CodeStarNotifications::NotificationRule", "Name"),
                Map.entry("AWS::ECS::Cluster", "ClusterName"), Map.entry("AWS::ECS::Service", "ServiceName"),
                Map.entry("AWS::CloudWatch::Alarm", "AlarmName"), Map.entry("AWS::SSM::Parameter", "Name"),
                Map.entry("AWS::Lambda::Function", "FunctionName"),
                Map.entry("AWS::ElasticLoadBalancingV2::LoadBalancer", "Name"),
                Map.entry("AWS::EC2::SecurityGroup", "GroupName"), Map.entry("AWS::IAM::ManagedPolicy", "ManagedPolicyName"),
                Map.entry("AWS::CloudWatch::Dashboard", "DashboardName"));
        Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) (Object)
                template.toJSON().get("Resources");
        return resources.entrySet().stream().filter(e -> {
            Object properties = e.getValue().get("Properties");
            String property = nameProperty.get((String) e.getValue().get("Type"));
            return property != null && properties instanceof Map<?, ?> p && p.containsKey(property);
        }).map(Map.Entry::getKey).sorted().toList();
    }

    private static Map<String, List<String>> statefulIds(Template template) {
        Map<String, List<String>> ids = new TreeMap<>();
        for (String type : List.of("AWS::S3::Bucket", "AWS::KMS::Key", "AWS::ECR::Repository", "AWS::Logs::LogGroup")) {
            ids.put(type, template.findResources(type).keySet().stream().sorted().toList());
        }
        return ids;
    }
}
