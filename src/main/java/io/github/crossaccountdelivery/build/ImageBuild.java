package io.github.crossaccountdelivery.build;

import io.github.crossaccountdelivery.config.ResourceNames;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.codebuild.BuildEnvironment;
import software.amazon.awscdk.services.codebuild.BuildEnvironmentVariable;
import software.amazon.awscdk.services.codebuild.BuildSpec;
import software.amazon.awscdk.services.codebuild.ComputeType;
import software.amazon.awscdk.services.codebuild.LinuxBuildImage;
import software.amazon.awscdk.services.codebuild.PipelineProject;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * The CodeBuild project that turns a commit into a container image.
 *
 * <p>Creates a privileged (Docker-in-Docker) project with pipeline input and output, its
 * service role, and permission to push to the image repository. The project runs the
 * buildspec it is given with {@code REPOSITORY_URI} and {@code CONTAINER_NAME} set, and
 * encrypts its output with the artifact key.
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
     * @param artifactKey   the key that encrypts pipeline artifacts
     */
    public record Props(ResourceNames names, Map<String, Object> buildSpec, String containerName,
                        IRepository repository, IKey artifactKey) {
        public Props {
            Objects.requireNonNull(names, "names");
            buildSpec = Map.copyOf(buildSpec);
            Objects.requireNonNull(containerName, "containerName");
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(artifactKey, "artifactKey");
        }
    }

    private final Role role;
    private final PipelineProject project;

    public ImageBuild(Construct scope, String id, Props props) {
        super(scope, id);
        ResourceNames names = props.names();
        role = Role.Builder.create(this, "Role")
                .roleName(names.buildRole())
                .description("Builds and pushes the images of " + names.appName())
                .assumedBy(new ServicePrincipal("codebuild.amazonaws.com"))
                .build();

        project = PipelineProject.Builder.create(this, "Project")
                .projectName(names.buildProject())
                .description("Builds the source's Dockerfile into an image tagged with the commit")
                .role(role)
                .encryptionKey(props.artifactKey())
                .environment(BuildEnvironment.builder()
                        .buildImage(LinuxBuildImage.STANDARD_7_0)
                        .computeType(ComputeType.SMALL)
                        .privileged(true)
                        .build())
                .environmentVariables(Map.of(
                        "REPOSITORY_URI", plain(props.repository().getRepositoryUri()),
                        "REPOSITORY_NAME", plain(props.repository().getRepositoryName()),
                        "CONTAINER_NAME", plain(props.containerName())))
                .buildSpec(BuildSpec.fromObjectToYaml(props.buildSpec()))
                .timeout(Duration.minutes(30))
                .build();

        props.repository().grantPullPush(role);
        // The buildspec skips the build when the commit's image is already there (tags are immutable).
        props.repository().grantRead(role);
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
