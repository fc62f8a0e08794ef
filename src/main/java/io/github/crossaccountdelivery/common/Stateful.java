package io.github.crossaccountdelivery.common;

import software.amazon.awscdk.CfnResource;
import software.constructs.IConstruct;

/**
 * Logical IDs of resources that must never be replaced, pinned: stateful ones (buckets, keys,
 * repositories, log groups), and named ones whose construct has moved in the tree.
 *
 * <p>CloudFormation replaces a resource whose logical ID changes: a new bucket, key or log group
 * beside the old one, which a retained resource leaves behind, and for a resource with a fixed
 * name a failed update, since the new one is created first and the name is taken
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html).
 * CDK derives logical IDs from construct paths, so moving a construct in the tree would replace
 * what it holds. Pinning the ID keeps the deployed resource whatever the tree looks like; tests
 * list every stateful and every named resource's ID.
 * https://docs.aws.amazon.com/cdk/v2/guide/identifiers.html#identifiers-logical-ids
 */
public final class Stateful {

    private Stateful() {
    }

    /**
     * Gives the construct's CloudFormation resource this logical ID, for good.
     *
     * @param construct  an L2 construct, or the L1 resource itself
     * @param logicalId  unique in the stack
     */
    public static void keep(IConstruct construct, String logicalId) {
        IConstruct resource = construct instanceof CfnResource ? construct : construct.getNode().getDefaultChild();
        ((CfnResource) resource).overrideLogicalId(logicalId);
    }
}
