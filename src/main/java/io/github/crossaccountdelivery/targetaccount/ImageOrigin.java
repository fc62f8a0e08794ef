package io.github.crossaccountdelivery.targetaccount;

import io.github.crossaccountdelivery.common.CpuArchitecture;
import java.util.Objects;

/**
 * Where a target's images come from, and what they are built to run on.
 *
 * @param repositoryArn the build account's repository the pipeline deploys images from
 * @param architecture  the CPU architecture the images are built for, and so the tasks run on
 */
public record ImageOrigin(String repositoryArn, CpuArchitecture architecture) {
    public ImageOrigin {
        Objects.requireNonNull(repositoryArn, "repositoryArn");
        Objects.requireNonNull(architecture, "architecture");
    }
}
