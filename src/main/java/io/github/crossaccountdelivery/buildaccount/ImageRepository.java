package io.github.crossaccountdelivery.buildaccount;

import io.github.crossaccountdelivery.common.Ordered;
import io.github.crossaccountdelivery.config.ResourceNames;
import io.github.crossaccountdelivery.config.ResourceNames.TargetNames;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ecr.CfnRepository;
import software.amazon.awscdk.services.ecr.ImageTagMutabilityExclusionFilter;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.TagStatus;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The ECR repository in the build account that holds the application's images, one tag per
 * commit.
 *
 * <p>Creates the repository (scan on push, immutable tags but for the build cache's, the
 * newest images kept and older ones expired, retained on stack deletion) and a
 * repository policy that lets each target account's task execution role pull, and nobody
 * else outside the build account.
 *
 * <p>Exposes {@link #repository()}.
 */
public final class ImageRepository extends Construct {

    public static final String REPOSITORY_LOGICAL_ID = "ImageRepository";
    /**
     * The one mutable tag: BuildKit's layer cache, rewritten by every build so that the next one
     * rebuilds only the layers that changed.
     */
    public static final String CACHE_TAG = "buildcache";

    /**
     * @param names   physical names of the app
     * @param targets the accounts whose tasks pull the image
     * @param imagesToKeep how many of the newest images to keep
     */
    public record Props(ResourceNames names, List<TargetNames> targets, int imagesToKeep) {
        public Props {
            Objects.requireNonNull(names, "names");
            targets = List.copyOf(targets);
        }
    }

    private final Repository repository;

    public ImageRepository(Construct scope, String id, Props props) {
        super(scope, id);
        repository = Repository.Builder.create(this, "Repository")
                .repositoryName(props.names().imageRepository())
                .imageScanOnPush(true)
                // A commit's tag always means the same image, so a deploy can be repeated exactly.
                .imageTagMutability(TagMutability.IMMUTABLE_WITH_EXCLUSION)
                .imageTagMutabilityExclusionFilters(List.of(ImageTagMutabilityExclusionFilter.wildcard(CACHE_TAG)))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        ((CfnRepository) repository.getNode().getDefaultChild()).overrideLogicalId(REPOSITORY_LOGICAL_ID);
        // Counted by push time. The image a target runs is the newest one that deployed, so it is
        // kept as long as fewer than imagesToKeep newer builds in a row failed to deploy.
        // Each build moves the cache tag; the cache it replaced is left untagged.
        repository.addLifecycleRule(LifecycleRule.builder()
                .description("Expire replaced build caches")
                .tagStatus(TagStatus.UNTAGGED)
                .maxImageAge(Duration.days(1))
                .build());
        repository.addLifecycleRule(LifecycleRule.builder()
                .description("Keep the newest " + props.imagesToKeep() + " images")
                .tagStatus(TagStatus.ANY)
                .maxImageCount(props.imagesToKeep())
                .build());

        for (TargetNames target : props.targets()) {
            // The account principal with an aws:PrincipalArn condition, because ECR rejects a
            // policy naming a role that does not exist yet.
            repository.addToResourcePolicy(PolicyStatement.Builder.create()
                    .sid("PullFrom" + target.executionRole().replaceAll("[^A-Za-z0-9]", ""))
                    .principals(List.of(new AccountPrincipal(target.account())))
                    .actions(List.of("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer",
                            "ecr:BatchGetImage"))
                    .conditions(Ordered.map("ArnEquals", Ordered.map("aws:PrincipalArn", target.executionRoleArn())))
                    .build());
        }
    }

    public Repository repository() {
        return repository;
    }
}
