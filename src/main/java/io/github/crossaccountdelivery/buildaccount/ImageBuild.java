package io.github.crossaccountdelivery.buildaccount;

import io.github.crossaccountdelivery.common.Compliance;
import io.github.crossaccountdelivery.common.Ordered;
import io.github.crossaccountdelivery.config.CpuArchitecture;
import io.github.crossaccountdelivery.config.ResourceNames;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
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
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The CodeBuild project that turns a commit into a container image.
 *
 * <p>Creates a privileged (Docker-in-Docker) project with pipeline input and output, its log
 * group, and its service role. The project runs the buildspec it is given with
 * {@code REPOSITORY_URI}, {@code REPOSITORY_NAME}, {@code CONTAINER_NAME}, {@code IMAGE_PLATFORM}
 * and {@code CACHE_TAG} set, on the configured CPU architecture, and encrypts its output with
 * the artifact key.
 *
 * <p>The role has one customer-managed policy: push to this repository only (and
 * {@code ecr:GetAuthorizationToken}, which takes no resource), write this project's log group
 * only, and read and write artifacts. The project itself adds nothing to the role: its own
 * grants would add report groups, log groups by pattern and object deletes. The role's trust
 * admits CodeBuild only on behalf of this project.
 *
 * <p>Exposes {@link #project()} and {@link #role()}.
 *
 * <p>The encryption key is set explicitly: without it CodeBuild writes its output artifact
 * with the {@code aws/s3} key, which no other account can use, and the deploy action in the
 * target account fails with AccessDenied.
 */
public final class ImageBuild extends Construct {

    /**
     * @param names         physical names of the app
     * @param buildSpec     the parsed buildspec, usually the repository's top-level {@code buildspec.yml}
     * @param containerName container name the buildspec writes into {@code imagedefinitions.json}
     * @param repository    the repository the image is pushed to
     * @param artifacts     the artifact store, whose key encrypts the output
     * @param architecture  the CPU architecture to build on and for
     */
    public record Props(ResourceNames names, Map<String, Object> buildSpec, String containerName,
                        IRepository repository, ArtifactStore artifacts, CpuArchitecture architecture) {
        public Props {
            Objects.requireNonNull(architecture, "architecture");
            Objects.requireNonNull(names, "names");
            buildSpec = Ordered.copy(buildSpec);
            Objects.requireNonNull(containerName, "containerName");
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(artifacts, "artifacts");
        }
    }

    static final String BUILD_LOGS_UNENCRYPTED =
            "CloudWatch Logs encrypts all log data at rest with service-owned keys; build logs carry"
                    + " no secrets, and a customer-managed key for them would cost more than the account's"
                    + " whole idle budget allows.";

    private final Role role;
    private final PipelineProject project;

    public ImageBuild(Construct scope, String id, Props props) {
        super(scope, id);
        ResourceNames names = props.names();
        String projectArn = "arn:%s:codebuild:%s:%s:project/%s"
                .formatted(names.partition(), names.region(), names.buildAccount(), names.buildProject());

        role = Role.Builder.create(this, "Role")
                .roleName(names.buildRole())
                .description("Builds and pushes the images of " + names.appName())
                // CodeBuild sends these keys when it assumes a project's role (confused-deputy guard).
                // https://docs.aws.amazon.com/codebuild/latest/userguide/cross-service-confused-deputy-prevention.html
                .assumedBy(new ServicePrincipal("codebuild.amazonaws.com").withConditions(Ordered.map(
                        "StringEquals", Ordered.map("aws:SourceAccount", names.buildAccount()),
                        "ArnEquals", Ordered.map("aws:SourceArn", projectArn))))
                .build();

        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .logGroupName("/aws/codebuild/" + names.buildProject())
                .retention(RetentionDays.THREE_MONTHS)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

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
                        .buildImage(props.architecture() == CpuArchitecture.ARM64
                                ? LinuxArmBuildImage.AMAZON_LINUX_2023_STANDARD_3_0
                                : LinuxBuildImage.AMAZON_LINUX_2023_5)
                        .computeType(ComputeType.SMALL)
                        .privileged(true)
                        .build())
                .environmentVariables(Ordered.map(
                        "REPOSITORY_URI", plain(props.repository().getRepositoryUri()),
                        "REPOSITORY_NAME", plain(props.repository().getRepositoryName()),
                        "CONTAINER_NAME", plain(props.containerName()),
                        "IMAGE_PLATFORM", plain(props.architecture().dockerPlatform()),
                        "CACHE_TAG", plain(ImageRepository.CACHE_TAG)))
                .buildSpec(BuildSpec.fromObjectToYaml(props.buildSpec()))
                .logging(LoggingOptions.builder()
                        .cloudWatch(CloudWatchLoggingOptions.builder().logGroup(logs).build())
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
        logs.grantWrite(policy);
        // Push and pull on this one repository, plus ecr:GetAuthorizationToken, which takes no resource.
        props.repository().grantPullPush(policy);
        // The buildspec skips a commit whose image is already there (tags are immutable).
        props.repository().grant(policy, "ecr:DescribeImages");
        project.getNode().addDependency(policy);

        Compliance.acknowledge(policy, "AwsSolutions-IAM5[Resource::*]", Compliance.ECR_LOGIN_TAKES_NO_RESOURCE);
        ArtifactStore.acknowledgeObjectWildcard(policy);
        Compliance.acknowledge(logs, "NIST.800.53.R5-CloudWatchLogGroupEncrypted", BUILD_LOGS_UNENCRYPTED);
    }

    public PipelineProject project() {
        return project;
    }

    public Role role() {
        return role;
    }

    private static BuildEnvironmentVariable plain(String value) {
        return BuildEnvironmentVariable.builder().value(value).build();
    }
}
