package io.github.crossaccountdelivery.acceptance.ports;

/** S3 buckets of one account. */
public interface Buckets {

    boolean exists(String bucket);

    /** Deletes every object version and delete marker, then the bucket. */
    void emptyAndDelete(String bucket);
}
