package io.github.crossaccountdelivery.buildaccount;

import io.github.crossaccountdelivery.common.Ordered;
import io.github.crossaccountdelivery.common.Stateful;
import io.github.crossaccountdelivery.naming.AppNames;
import io.github.crossaccountdelivery.naming.Sid;
import io.github.crossaccountdelivery.naming.TargetNames;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.TagStatus;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The ECR repositories in the build account: the application's images, one tag per commit and
 * architecture, and the image build's layer cache.
 *
 * <p>Creates the release repository (scan on push, immutable tags, the newest images kept and
 * older ones expired, retained on stack deletion) with a repository policy that lets each
 * target account's task execution role pull, and nobody else outside the build account; and
 * the cache repository, which only the build account's image build uses.
 *
 * <p>Both are plain {@code IMMUTABLE}, as AWS Control Tower's CT.ECR.PR.3 requires. A cache
 * that every build rewrites under one tag would need a mutable tag, so each build writes its
 * cache under a tag of its own ({@code <arch>-<commit>-<build number>}) and the next build reads
 * the newest one; the cache repository keeps only the last few.
 *
 * <p>Exposes {@link #repository()} and {@link #cache()}.
 */
public final class ImageRepository extends Construct {

    public static final String REPOSITORY_LOGICAL_ID = "ImageRepository";
    public static final String CACHE_LOGICAL_ID = "BuildCacheRepository";
    /** Build caches kept: a couple per architecture is plenty, the next build reads the newest. */
    public static final int CACHES_TO_KEEP = 4;

    /**
     * @param names   physical names of the app
     * @param targets the accounts whose tasks pull the image
     * @param imagesToKeep how many of the newest images to keep
     */
    public record Props(AppNames names, List<TargetNames> targets, int imagesToKeep) {
        public Props {
            Objects.requireNonNull(names, "names");
            targets = List.copyOf(targets);
        }
    }

    private final Repository repository;
    private final Repository cache;

    public ImageRepository(Construct scope, String id, Props props) {
        super(scope, id);
        repository = Repository.Builder.create(this, "Repository")
                .repositoryName(props.names().imageRepository())
                .imageScanOnPush(true)
                // A commit's tag always means the same image, so a deploy can be repeated exactly.
                .imageTagMutability(TagMutability.IMMUTABLE)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Stateful.keep(repository, REPOSITORY_LOGICAL_ID);
        // Counted by push time. The image a target runs is the newest one that deployed, so it is
        // kept as long as fewer than imagesToKeep newer builds in a row failed to deploy.
        // An interrupted push can leave untagged layers behind.
        repository.addLifecycleRule(LifecycleRule.builder()
                .description("Expire untagged images")
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
                    .sid("PullFrom" + Sid.of(target.executionRole()))
                    .principals(List.of(new AccountPrincipal(target.account())))
                    .actions(List.of("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer",
                            "ecr:BatchGetImage"))
                    .conditions(Ordered.map("ArnEquals", Ordered.map("aws:PrincipalArn", target.executionRoleArn())))
                    .build());
        }

        cache = Repository.Builder.create(this, "Cache")
                .repositoryName(props.names().buildCacheRepository())
                // Cache manifests are not runnable images, but the control asks for scanning.
                .imageScanOnPush(true)
                .imageTagMutability(TagMutability.IMMUTABLE)
                // Only a cache: nothing is lost that the next build cannot rebuild.
                .removalPolicy(RemovalPolicy.DESTROY)
                .emptyOnDelete(true)
                .build();
        Stateful.keep(cache, CACHE_LOGICAL_ID);
        cache.addLifecycleRule(LifecycleRule.builder()
                .description("Keep the newest " + CACHES_TO_KEEP + " build caches")
                .tagStatus(TagStatus.ANY)
                .maxImageCount(CACHES_TO_KEEP)
                .build());
    }

    public Repository repository() {
        return repository;
    }

    /** BuildKit's layer cache: written and read by the image build only. */
    public Repository cache() {
        return cache;
    }
}
