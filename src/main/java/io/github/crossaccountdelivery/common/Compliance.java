package io.github.crossaccountdelivery.common;

import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Validations;
import software.constructs.IConstruct;

/**
 * Acknowledges one rule finding on one construct, with the reason a reviewer reads.
 *
 * <p>Every acknowledgment in the app goes through here, and a test lists them all against a
 * reviewed file, so adding one is a visible diff.
 */
public final class Compliance {

    /** Why {@code ecr:GetAuthorizationToken} is granted on every resource. */
    public static final String ECR_LOGIN_TAKES_NO_RESOURCE =
            "ecr:GetAuthorizationToken supports no resource-level permissions; it only issues a registry"
                    + " login, and what the role may pull or push is limited to the one repository.";

    private Compliance() {
    }

    /**
     * Acknowledges, on a policy that lets a role write the log group with this ARN, the wildcard
     * that names its streams: the Commands action creates them at run time, and AWS's sample policy
     * for it names this form. https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Commands.html
     */
    public static void acknowledgeLogStreams(IConstruct policy, String logGroupArn) {
        acknowledge(policy, "AwsSolutions-IAM5[Resource::" + logGroupArn + ":*]",
                "The streams of the one log group the pipeline's Commands actions write; they are created at run time.");
    }

    /**
     * @param construct the resource the finding is on; never a stack or the app
     * @param ruleId    the finding: a cdk-nag rule as the pack names it, with the finding in
     *                  brackets where the rule reports several, e.g. {@code AwsSolutions-IAM5[Resource::*]};
     *                  or another plugin's {@code prefix::rule}, e.g. {@code CloudFormation-Validate::W3010}
     * @param reason    why the finding is accepted here
     */
    public static void acknowledge(IConstruct construct, String ruleId, String reason) {
        if (ruleId.split("::", -1).length > 2) {
            // A finding on an S3 ARN ("arn:aws:s3:::...") holds '::' more than once, which
            // Validations.acknowledge rejects as a malformed prefix; cdk-nag reads the same
            // metadata entry that acknowledge() would have written, keyed by the finding.
            construct.getNode().addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, Ordered.map(ruleId, reason));
            return;
        }
        Validations.of(construct).acknowledge(Acknowledgment.builder()
                .id(ruleId)
                .reason(reason)
                .build());
    }
}
