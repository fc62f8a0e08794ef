package io.github.crossaccountdelivery.acceptance.ports;

import java.time.Instant;
import java.util.List;

/** ECR, in the build account. */
public interface Images {

    boolean repositoryExists(String repository);

    /** Every image of the repository; empty when the repository does not exist. */
    List<Image> images(String repository);

    /** Deletes the repository with every image in it. */
    void deleteRepository(String repository);

    /**
     * @param scanStatus the image's scan status (COMPLETE, ACTIVE, IN_PROGRESS, FAILED, ...), or "NONE"
     */
    record Image(String digest, List<String> tags, Instant pushedAt, String scanStatus) {
        public Image {
            tags = List.copyOf(tags);
        }
    }
}
