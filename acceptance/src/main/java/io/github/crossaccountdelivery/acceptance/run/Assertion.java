package io.github.crossaccountdelivery.acceptance.run;

/**
 * The run's assertions, with IDs that stay the same from release to release so that a report,
 * a bug and a design assumption can name them. Each says which AWS behaviour it proves.
 */
public enum Assertion {
    A1("image-built-once-and-scanned",
            "CodeBuild pushed exactly one image for the commit's tag to ECR, and ECR's scan of it is COMPLETE (or ACTIVE)"),
    A2("deploy-test-succeeded",
            "the ECS deploy action, run as the test account's deployment role, read the build account's KMS-encrypted artifact and rolled the service out"),
    A3("verify-test-succeeded",
            "the Commands action, run as the test account's verification role, found the rollout complete with the commit's image and the URL healthy"),
    A4("test-runs-commit-image",
            "the test account's service completed a deployment whose task definition runs the commit's image, pulled across accounts from ECR"),
    A5("service-url-answers-200",
            "the load balancer answers 200 on the health path and serves the release (with TLS validated when a certificate and domain are configured)"),
    A6("day-two-deploy-keeps-image",
            "a second cdk deploy of the target stack that changes the task definition leaves the running image as it was"),
    A7("broken-release-rolled-back",
            "ECS rolled back the deployment of a release whose health check fails (ROLLBACK_SUCCESSFUL)"),
    A8("pipeline-stops-at-deploy",
            "the broken release's execution failed in Deploy-test and ran no later stage"),
    A9("previous-release-still-serves",
            "after the rollback the service runs the previous image and the URL still answers 200 with the previous release"),
    A10("teardown-leaves-nothing-behind",
            "after cdk destroy and the removal of what it retains, nothing named after the app is left that costs money or blocks a redeploy"),
    A11("stacks-deploy-from-nothing",
            "both stacks deployed into empty accounts (key policies, the current-image function, zones, the notification rule), and the service came up healthy on the placeholder image before any image existed"),
    A12("verify-logs-located",
            "the Verify stage's output reached /aws/codepipeline/<pipeline> in the build or the test account; the detail says which"),
    A13("delivery-metrics-recorded",
            "CodePipeline's action events reached the metrics function and CloudWatch extracted its embedded-metric-format lines: the build account has the test target's Deployments, FailedDeployments and LeadTimeSeconds since the run started");

    private final String slug;
    private final String proves;

    Assertion(String slug, String proves) {
        this.slug = slug;
        this.proves = proves;
    }

    /** A short, stable name: what the report prints after the ID. */
    public String slug() {
        return slug;
    }

    /** The AWS behaviour the assertion proves when it passes. */
    public String proves() {
        return proves;
    }
}
