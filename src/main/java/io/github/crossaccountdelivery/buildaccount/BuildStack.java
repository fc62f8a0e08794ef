package io.github.crossaccountdelivery.buildaccount;

import static io.github.crossaccountdelivery.config.TargetSettings.ALARM_EVALUATION_MINUTES;
import static io.github.crossaccountdelivery.config.Settings.BRANCH;
import static io.github.crossaccountdelivery.config.Settings.CONNECTION_ARN;
import static io.github.crossaccountdelivery.config.Settings.DOMAIN_NAME;
import static io.github.crossaccountdelivery.config.Settings.CONTAINER_NAME;
import static io.github.crossaccountdelivery.config.Settings.CPU_ARCHITECTURE;
import static io.github.crossaccountdelivery.config.TargetSettings.DEPLOY_TIMEOUT_MINUTES;
import static io.github.crossaccountdelivery.config.TargetSettings.DEPLOY_WINDOW;
import static io.github.crossaccountdelivery.config.TargetSettings.DEPLOY_WINDOW_TIME_ZONE;
import static io.github.crossaccountdelivery.config.TargetSettings.ROLLBACK_ON_FAILURE;
import static io.github.crossaccountdelivery.config.TargetSettings.DEREGISTRATION_DELAY_SECONDS;
import static io.github.crossaccountdelivery.config.TargetSettings.HEALTHY_THRESHOLD;
import static io.github.crossaccountdelivery.config.TargetSettings.HEALTH_CHECK_GRACE_PERIOD_SECONDS;
import static io.github.crossaccountdelivery.config.TargetSettings.HEALTH_CHECK_INTERVAL_SECONDS;
import static io.github.crossaccountdelivery.config.Settings.HEALTH_CHECK_PATH;
import static io.github.crossaccountdelivery.config.Settings.IMAGES_TO_KEEP;
import static io.github.crossaccountdelivery.config.Settings.LOG_RETENTION_DAYS;
import static io.github.crossaccountdelivery.config.Settings.NOTIFICATION_EMAIL;
import static io.github.crossaccountdelivery.config.Settings.REPOSITORY_NAME;
import static io.github.crossaccountdelivery.config.Settings.REPOSITORY_OWNER;
import static io.github.crossaccountdelivery.config.Settings.SCAN_FAIL_ON;
import static io.github.crossaccountdelivery.config.Settings.SMOKE_TEST_PATH;
import static io.github.crossaccountdelivery.config.TargetSettings.STOP_TIMEOUT_SECONDS;
import static io.github.crossaccountdelivery.config.TargetSettings.VERIFY_TIMEOUT_SECONDS;

import io.github.crossaccountdelivery.common.LogGroups;
import io.github.crossaccountdelivery.common.Ordered;
import io.github.crossaccountdelivery.common.RolloutTime;
import io.github.crossaccountdelivery.common.Stateful;
import io.github.crossaccountdelivery.config.DeliveryConfig;
import io.github.crossaccountdelivery.config.TargetConfig;
import io.github.crossaccountdelivery.naming.AppNames;
import io.github.crossaccountdelivery.naming.TargetNames;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The build account's stack, and the composition root of that account: it reads the
 * configuration and gives each construct the props for its job. It holds the artifact store,
 * the image repositories, the image build, the pipeline, its notifications, who may use the
 * artifact store, and the pipeline's DORA metrics, whose dashboard's console URL is its output
 * {@code DashboardUrl}.
 */
public final class BuildStack extends Stack {

    /**
     * @param config    the validated configuration
     * @param buildSpec the parsed buildspec the image build runs
     */
    public record Props(DeliveryConfig config, Map<String, Object> buildSpec) {
        public Props {
            Objects.requireNonNull(config, "config");
            buildSpec = Ordered.copy(buildSpec);
        }
    }

    private final DeliveryPipeline pipeline;

    public BuildStack(Construct scope, String id, StackProps stackProps, Props props) {
        super(scope, id, stackProps);
        DeliveryConfig config = props.config();
        AppNames names = config.names();
        List<TargetNames> targets = config.targets().stream().map(t -> t.names(names)).toList();

        var artifacts = new ArtifactStore(this, "Artifacts", new ArtifactStore.Props(names));
        var images = new ImageRepository(this, "Images",
                new ImageRepository.Props(names, targets, config.get(IMAGES_TO_KEEP)));
        // The artifact key encrypts the build account's log groups too: a second key would double
        // the account's idle cost.
        var logs = new LogGroups(artifacts.key(), config.get(LOG_RETENTION_DAYS));
        var imageBuild = new ImageBuild(this, "ImageBuild", new ImageBuild.Props(names,
                new ImageBuild.Recipe(props.buildSpec(), config.get(CONTAINER_NAME), config.get(CPU_ARCHITECTURE),
                        config.get(SCAN_FAIL_ON)),
                images, artifacts, logs));
        pipeline = new DeliveryPipeline(this, "Delivery", new DeliveryPipeline.Props(names,
                new Source(config.get(CONNECTION_ARN), config.get(REPOSITORY_OWNER), config.get(REPOSITORY_NAME),
                        config.get(BRANCH)),
                config.targets().stream().map(target -> stages(config, target, names)).toList(),
                artifacts, imageBuild.project(), logs));
        new PipelineNotifications(this, "Notifications", new PipelineNotifications.Props(
                names.notificationTopic(), pipeline.pipeline(), artifacts.key(), config.find(NOTIFICATION_EMAIL)));
        new ArtifactAccess(this, "ArtifactAccess", new ArtifactAccess.Props(
                artifacts, names, targets, List.of(names.pipelineRoleArn(), names.buildRoleArn())));
        List<String> targetNames = targets.stream().map(TargetNames::name).toList();
        var metrics = new DeliveryMetrics(this, "Metrics", new DeliveryMetrics.Props(names, targetNames,
                DeliveryPipeline.SOURCE_ARTIFACT, logs));
        var dashboard = new DeliveryDashboard(this, "Dashboard", new DeliveryDashboard.Props(names, targetNames));
        CfnOutput.Builder.create(this, "DashboardUrl")
                .description("The pipeline's DORA metrics per target, over 30 days, in the CloudWatch console")
                .value(dashboard.url())
                .build();

        // The image build's log group keeps the logical ID it was first synthesized with; see Stateful.
        Stateful.keep(imageBuild.logGroup(), "ImageBuildLogs13D2D83D");
        Stateful.keep(pipeline.commandsLogs(), "PipelineCommandsLogs");
        Stateful.keep(metrics.logGroup(), "DeliveryMetricsLogs");
    }

    /**
     * One target's stages. They wait as long as the rollout can take with the target's strategy
     * ({@link RolloutTime}), or longer if the configuration says so: a shorter wait would fail a
     * release that is still rolling out. Its Deploy stage gets the window and the rollback it is
     * configured with.
     */
    private static TargetStages stages(DeliveryConfig config, TargetConfig target, AppNames names) {
        RolloutTime rollout = new RolloutTime(target.get(HEALTH_CHECK_GRACE_PERIOD_SECONDS),
                target.get(HEALTH_CHECK_INTERVAL_SECONDS), target.get(HEALTHY_THRESHOLD),
                target.get(DEREGISTRATION_DELAY_SECONDS), target.get(STOP_TIMEOUT_SECONDS),
                target.get(ALARM_EVALUATION_MINUTES), target.trafficShift());
        return new TargetStages(target.names(names), target.approval(),
                Math.max(target.get(DEPLOY_TIMEOUT_MINUTES), rollout.deployMinutes()),
                new TargetStages.Checks(config.get(CONTAINER_NAME), config.get(HEALTH_CHECK_PATH),
                        config.get(SMOKE_TEST_PATH), Math.max(target.get(VERIFY_TIMEOUT_SECONDS), rollout.verifySeconds()),
                        target.find(DOMAIN_NAME)),
                new TargetStages.Controls(target.find(DEPLOY_WINDOW).map(cron -> new TargetStages.Window(cron,
                        target.find(DEPLOY_WINDOW_TIME_ZONE).orElse("UTC"))), target.get(ROLLBACK_ON_FAILURE)));
    }

    public DeliveryPipeline pipeline() {
        return pipeline;
    }
}
