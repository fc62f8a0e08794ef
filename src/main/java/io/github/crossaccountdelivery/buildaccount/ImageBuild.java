package io.github.crossaccountdelivery.buildaccount;

import io.github.crossaccountdelivery.common.Compliance;
import io.github.crossaccountdelivery.common.LogGroups;
import io.github.crossaccountdelivery.common.Ordered;
import io.github.crossaccountdelivery.common.CpuArchitecture;
import io.github.crossaccountdelivery.common.ScanFailOn;
import io.github.crossaccountdelivery.naming.AppNames;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.codebuild.BuildEnvironment;
import software.amazon.awscdk.services.codebuild.BuildEnvironmentVariable;
import software.amazon.awscdk.services.codebuild.BuildSpec;
import software.amazon.awscdk.services.codebuild.CloudWatchLoggingOptions;
import software.amazon.awscdk.services.codebuild.ComputeType;
import software.amazon.awscdk.services.codebuild.LinuxArmBuildImage;
import software.amazon.awscdk.services.codebuild.LinuxBuildImage;
import software.amazon.awscdk.services.codebuild.LoggingOptions;
import software.amazon.awscdk.services.codebuild.PipelineProject;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The CodeBuild project that turns a commit into a container image.
 *
 * <p>Creates a privileged (Docker-in-Docker) project with pipeline input and output, its log
 * group, and its service role. The project runs the buildspec it is given with
 * the release and cache repositories ({@code REPOSITORY_URI}, {@code REPOSITORY_NAME},
 * {@code CACHE_REPOSITORY_URI}, {@code CACHE_REPOSITORY_NAME}), {@code CONTAINER_NAME},
 * {@code IMAGE_PLATFORM} and the scan gate's {@code SCAN_FAIL_ON} and {@code SCAN_TIMEOUT_SECONDS}
 * set, on the configured CPU architecture, and encrypts its output and its log group with the
 * artifact key.
 *
 * <p>The role has one customer-managed policy: push to this repository only (and
 * {@code ecr:GetAuthorizationToken}, which takes no resource), write this project's log group
 * only, and read and write artifacts. The project itself adds nothing to the role: its own
 * grants would add report groups, log groups by pattern and object deletes. The role's trust
 * admits CodeBuild only on behalf of this project.
 *
 * <p>Exposes {@link #project()}, {@link #role()} and {@link #logGroup()}.
 *
 * <p>The encryption key is set explicitly: without it CodeBuild writes its output artifact
 * with the {@code aws/s3} key, which no other account can use, and the deploy action in the
 * target account fails with AccessDenied.
 */
public final class ImageBuild extends Construct {

    /**
     * What to build and how to judge it.
     *
     * @param buildSpec     the parsed buildspec, usually the repository's top-level {@code buildspec.yml}
     * @param containerName container name the buildspec writes into {@code imagedefinitions.json}
     * @param architecture  the CPU architecture to build on and for
     * @param scanFailOn    the scan-finding severity that stops the build
     */
    public record Recipe(Map<String, Object> buildSpec, String containerName, CpuArchitecture architecture,
                         ScanFailOn scanFailOn) {
        public Recipe {
            buildSpec = Ordered.copy(buildSpec);
            Objects.requireNonNull(containerName, "containerName");
            Objects.requireNonNull(architecture, "architecture");
            Objects.requireNonNull(scanFailOn, "scanFailOn");
        }
    }

    /**
     * @param names     physical names of the app
     * @param recipe    what to build and how to judge it
     * @param images    the repositories the image and its layer cache are pushed to
     * @param artifacts the artifact store, whose key encrypts the output
     * @param logs      how the build's log group is made
     */
    public record Props(AppNames names, Recipe recipe, ImageRepository images, ArtifactStore artifacts,
                        LogGroups logs) {
        public Props {
            Objects.requireNonNull(names, "names");
            Objects.requireNonNull(recipe, "recipe");
            Objects.requireNonNull(images, "images");
            Objects.requireNonNull(artifacts, "artifacts");
            Objects.requireNonNull(logs, "logs");
        }
    }

    /**
     * How long the build waits for the repository's scan of the image. Basic scans take seconds
     * to a couple of minutes; the project's 30-minute timeout leaves room for the build itself.
     */
    static final int SCAN_TIMEOUT_SECONDS = 600;

    private final Role role;
    private final PipelineProject project;
    private final LogGroup logGroup;

    public ImageBuild(Construct scope, String id, Props props) {
        super(scope, id);
        AppNames names = props.names();

        role = Role.Builder.create(this, "Role")
                .roleName(names.buildRole())
                .description("Builds and pushes the images of " + names.appName())
                // CodeBuild sends these keys when it assumes a project's role (confused-deputy guard).
                // https://docs.aws.amazon.com/codebuild/latest/userguide/cross-service-confused-deputy-prevention.html
                .assumedBy(new ServicePrincipal("codebuild.amazonaws.com").withConditions(Ordered.map(
                        "StringEquals", Ordered.map("aws:SourceAccount", names.buildAccount()),
                        "ArnEquals", Ordered.map("aws:SourceArn", names.buildProjectArn()))))
                .build();

        logGroup = props.logs().create(this, "Logs", names.buildLogGroup());
        Recipe recipe = props.recipe();
        IRepository releases = props.images().repository();
        IRepository cache = props.images().cache();

        project = PipelineProject.Builder.create(this, "Project")
                .projectName(names.buildProject())
                .description("Builds the source's Dockerfile into an image tagged with the commit")
                // CDK's own grants would add report groups, log groups by pattern and object deletes;
                // the role gets exactly the managed policy below.
                .role(role.withoutPolicyUpdates())
                .encryptionKey(props.artifacts().key())
                // Building on the target architecture avoids emulation; ARM builds cost less per minute.
                .environment(BuildEnvironment.builder()
                        // Amazon Linux 2023 for both: Amazon Linux 2 reached end of life on 2026-06-30,
                        // and one OS for both architectures means one set of tools for the buildspec.
                        .buildImage(recipe.architecture() == CpuArchitecture.ARM64
                                ? LinuxArmBuildImage.AMAZON_LINUX_2023_STANDARD_3_0
                                : LinuxBuildImage.AMAZON_LINUX_2023_5)
                        .computeType(ComputeType.SMALL)
                        .privileged(true)
                        .build())
                .environmentVariables(Ordered.map(
                        "REPOSITORY_URI", plain(releases.getRepositoryUri()),
                        "REPOSITORY_NAME", plain(releases.getRepositoryName()),
                        "CACHE_REPOSITORY_URI", plain(cache.getRepositoryUri()),
                        "CACHE_REPOSITORY_NAME", plain(cache.getRepositoryName()),
                        "CONTAINER_NAME", plain(recipe.containerName()),
                        "IMAGE_PLATFORM", plain(recipe.architecture().dockerPlatform()),
                        "SCAN_FAIL_ON", plain(recipe.scanFailOn().name()),
                        "SCAN_TIMEOUT_SECONDS", plain(Integer.toString(SCAN_TIMEOUT_SECONDS))))
                .buildSpec(BuildSpec.fromObjectToYaml(recipe.buildSpec()))
                .logging(LoggingOptions.builder()
                        .cloudWatch(CloudWatchLoggingOptions.builder().logGroup(logGroup).build())
                        .build())
                .timeout(Duration.minutes(30))
                .build();

        // A customer-managed policy rather than the role's inline default policy (NIST 800-53
        // IAMNoInlinePolicy). CDK's grants go to it where they are as narrow as a hand-written
        // statement; the artifact statements stay written out, because bucket.grantReadWrite
        // would add deletes and retention changes.
        ManagedPolicy policy = ManagedPolicy.Builder.create(this, "Policy")
                .description("What the image build of " + names.appName() + " may do")
                .statements(props.artifacts().readWriteStatements(false))
                .roles(List.of(role))
                .build();
        logGroup.grantWrite(policy);
        // Push and pull on these two repositories, plus ecr:GetAuthorizationToken, which takes no resource.
        releases.grantPullPush(policy);
        cache.grantPullPush(policy);
        // The buildspec skips a commit whose image is already there (tags are immutable), waits
        // for the repository's scan of the image, and finds the newest cache to build from.
        releases.grant(policy, "ecr:DescribeImages", "ecr:DescribeImageScanFindings");
        cache.grant(policy, "ecr:DescribeImages");
        project.getNode().addDependency(policy);

        Compliance.acknowledge(policy, "AwsSolutions-IAM5[Resource::*]", Compliance.ECR_LOGIN_TAKES_NO_RESOURCE);
        ArtifactStore.acknowledgeObjectWildcard(policy);
    }

    public PipelineProject project() {
        return project;
    }

    public Role role() {
        return role;
    }

    /** Where the build logs. */
    public LogGroup logGroup() {
        return logGroup;
    }

    private static BuildEnvironmentVariable plain(String value) {
        return BuildEnvironmentVariable.builder().value(value).build();
    }
}
