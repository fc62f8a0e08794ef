package io.github.crossaccountdelivery.buildaccount;

import io.github.crossaccountdelivery.common.LogGroups;
import io.github.crossaccountdelivery.common.Ordered;
import io.github.crossaccountdelivery.config.DeliveryConfig;
import io.github.crossaccountdelivery.config.ResourceNames;
import io.github.crossaccountdelivery.config.ResourceNames.TargetNames;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The build account's stack: artifact store, image repository, image build, the pipeline, its
 * notifications, and who may use the artifact store.
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
        ResourceNames names = config.names();
        List<TargetNames> targets = config.targets().stream().map(names::target).toList();

        var artifacts = new ArtifactStore(this, "Artifacts", new ArtifactStore.Props(names));
        var images = new ImageRepository(this, "Images",
                new ImageRepository.Props(names, targets, config.imagesToKeep()));
        // The artifact key encrypts the build account's one log group too: a second key would
        // double the account's idle cost.
        var logs = new LogGroups(artifacts.key(), config.logRetentionDays());
        var imageBuild = new ImageBuild(this, "ImageBuild", new ImageBuild.Props(names,
                new ImageBuild.Recipe(props.buildSpec(), config.containerName(), config.cpuArchitecture(),
                        config.scanFailOn()),
                images, artifacts, logs));
        pipeline = new DeliveryPipeline(this, "Delivery", new DeliveryPipeline.Props(
                config, artifacts, imageBuild.project()));
        new PipelineNotifications(this, "Notifications", new PipelineNotifications.Props(
                names.notificationTopic(), pipeline.pipeline(), artifacts.key(), config.notificationEmail()));
        new ArtifactAccess(this, "ArtifactAccess", new ArtifactAccess.Props(
                artifacts, names, targets, List.of(pipeline.role(), imageBuild.role())));
    }

    public DeliveryPipeline pipeline() {
        return pipeline;
    }
}
