package io.github.crossaccountdelivery.naming;

import java.util.List;
import java.util.Objects;

/**
 * The physical names and ARNs of the build account's resources, and the one place where ARNs are
 * written.
 *
 * <p>CloudFormation cannot reference a resource in another account, so each stack computes the
 * names it needs from the other account from here, and the stack that owns a resource creates it
 * under the same name. Every name is derived from the app's name, the build account and the
 * region; {@link #target} gives the names inside one deployment target's account.
 *
 * @param appName      prefix of every physical name, e.g. {@code orders}
 * @param buildAccount the account that holds the pipeline, the build, the artifacts and the images
 * @param region       the region of every account's resources
 */
public record AppNames(String appName, String buildAccount, String region) {

    public AppNames {
        Objects.requireNonNull(appName, "appName");
        Objects.requireNonNull(buildAccount, "buildAccount");
        Objects.requireNonNull(region, "region");
    }

    /** {@code aws}, or the partition of the China and GovCloud regions. */
    public String partition() {
        return Partitions.of(region);
    }

    /**
     * A service's regional endpoint, as {@code kms:ViaService} conditions and regional service
     * principals name it, e.g. {@code s3.eu-west-1.amazonaws.com} ({@code .amazonaws.com.cn} in China).
     */
    public String regionalService(String service) {
        return "%s.%s.%s".formatted(service, region, Partitions.dnsSuffix(partition()));
    }

    /** The names inside one deployment target's account. */
    public TargetNames target(String name, String account) {
        return new TargetNames(this, name, account);
    }

    /** {@code arn:<partition>:<service>:<region>:<account>:<resource>}, in this app's partition and region. */
    String arn(String service, String account, String resource) {
        return "arn:%s:%s:%s:%s:%s".formatted(partition(), service, region, account, resource);
    }

    /** The ARN of a role; IAM ARNs carry no region. */
    String roleArn(String account, String roleName) {
        return "arn:%s:iam::%s:role/%s".formatted(partition(), account, roleName);
    }

    // ---- artifacts ----

    public String artifactBucket() {
        return "%s-artifacts-%s-%s".formatted(appName, buildAccount, region);
    }

    public String artifactBucketArn() {
        return "arn:%s:s3:::%s".formatted(partition(), artifactBucket());
    }

    /** Every object of the artifact bucket. */
    public String artifactObjectsArn() {
        return artifactBucketArn() + "/*";
    }

    public String artifactKeyAlias() {
        return "alias/%s-artifacts".formatted(appName);
    }

    /**
     * Every key of the build account: the artifact key's ID is random, so another account can only
     * name it by pattern (conditions then pin it to the artifact bucket).
     */
    public String buildAccountKeysArn() {
        return arn("kms", buildAccount, "key/*");
    }

    // ---- images ----

    public String imageRepository() {
        return appName;
    }

    public String imageRepositoryArn() {
        return arn("ecr", buildAccount, "repository/" + imageRepository());
    }

    public String imageRepositoryUri() {
        return "%s.dkr.ecr.%s.%s/%s".formatted(buildAccount, region, Partitions.dnsSuffix(partition()),
                imageRepository());
    }

    /** The build account's stack: the pipeline, the image build and what they share. */
    public String buildStack() {
        return appName + "-build";
    }

    /** The image build's layer cache, beside the release repository. */
    public String buildCacheRepository() {
        return appName + "-buildcache";
    }

    public String buildProject() {
        return appName + "-image";
    }

    public String buildProjectArn() {
        return arn("codebuild", buildAccount, "project/" + buildProject());
    }

    public String buildLogGroup() {
        return "/aws/codebuild/" + buildProject();
    }

    public String buildLogGroupArn() {
        return arn("logs", buildAccount, "log-group:" + buildLogGroup());
    }

    public String buildRole() {
        return appName + "-image-build";
    }

    public String buildRoleArn() {
        return roleArn(buildAccount, buildRole());
    }

    // ---- the pipeline ----

    public String pipeline() {
        return appName;
    }

    public String pipelineRole() {
        return appName + "-pipeline";
    }

    public String pipelineRoleArn() {
        return roleArn(buildAccount, pipelineRole());
    }

    public String notificationTopic() {
        return appName + "-delivery";
    }

    /** Where a pipeline's Commands actions log: a log group named after the pipeline. */
    public String commandsLogGroup() {
        return "/aws/codepipeline/" + pipeline();
    }

    /** The Commands actions' log group as the build account has it. */
    public String commandsLogGroupArn() {
        return arn("logs", buildAccount, "log-group:" + commandsLogGroup());
    }

    /** The pipeline, as IAM names it: {@code arn:<partition>:codepipeline:<region>:<account>:<name>}. */
    public String pipelineArn() {
        return arn("codepipeline", buildAccount, pipeline());
    }

    // ---- delivery metrics ----

    /** The function that turns the pipeline's action events into DORA metrics. */
    public String metricsFunction() {
        return appName + "-delivery-metrics";
    }

    /** Where that function logs, and so where its metrics are extracted from. */
    public String metricsLogGroup() {
        return "/aws/lambda/" + metricsFunction();
    }

    public String metricsLogGroupArn() {
        return arn("logs", buildAccount, "log-group:" + metricsLogGroup());
    }

    /**
     * The CloudWatch namespace of the DORA metrics: one for every app, whose pipelines the
     * {@code Pipeline} dimension tells apart.
     */
    public String metricsNamespace() {
        return "CrossAccountDelivery";
    }

    /** The CloudWatch dashboard of the pipeline's DORA metrics. */
    public String dashboard() {
        return appName + "-delivery";
    }

    /**
     * The dashboard in the CloudWatch console. The app deploys to the {@code aws} partition only,
     * whose console this is.
     */
    public String dashboardUrl() {
        return "https://%s.console.aws.amazon.com/cloudwatch/home?region=%s#dashboards/dashboard/%s"
                .formatted(region, region, dashboard());
    }

    /**
     * What a role that writes a log group's events needs to name: the group, and its streams. AWS's
     * sample policy for the Commands action names both forms.
     * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Commands.html
     */
    public static List<String> logGroupAndStreams(String logGroupArn) {
        return List.of(logGroupArn, logGroupArn + ":*");
    }
}
