package io.github.crossaccountdelivery.acceptance.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The physical names the app gives its resources in the two-account form, derived as the app
 * derives them (src/main/java/.../naming/AppNames.java and TargetNames.java): the run looks them
 * up, and tears down what outlives the stacks, by these names.
 *
 * @param app          appName
 * @param architecture ARM64 or X86_64
 */
public record Names(String app, String buildAccount, String testAccount, String region, String architecture) {

    /** The two-account form's one target: its stages are Deploy-test and Verify-test. */
    public static final String TARGET = "test";

    public Names {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(buildAccount, "buildAccount");
        Objects.requireNonNull(testAccount, "testAccount");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(architecture, "architecture");
    }

    public String testStack() {
        return app + "-test";
    }

    public String buildStack() {
        return app + "-build";
    }

    public String pipeline() {
        return app;
    }

    /** The stages of the two-account pipeline, in order. */
    public List<String> stages() {
        return List.of("Source", "Build", "Deploy-test", "Verify-test");
    }

    public String repository() {
        return app;
    }

    /** BuildKit's layer cache; deleted with its stack (emptyOnDelete), checked for after teardown. */
    public String cacheRepository() {
        return app + "-buildcache";
    }

    public String cluster() {
        return app + "-test";
    }

    public String service() {
        return app;
    }

    /** The family the stack and the pipeline's deploy action register task definitions in. */
    public String taskFamily() {
        return app + "-test";
    }

    public String artifactBucket() {
        return "%s-artifacts-%s-%s".formatted(app, buildAccount, region);
    }

    public String artifactKeyAlias() {
        return "alias/" + app + "-artifacts";
    }

    public String testLogKeyAlias() {
        return "alias/" + app + "-test-logs";
    }

    /** What the buildspec tags a commit's image with: the commit and the platform's architecture. */
    public String imageTag(String commit) {
        return commit + "-" + (architecture.equals("X86_64") ? "amd64" : "arm64");
    }

    /** How a task definition names the commit's image: {@code <registry>/<repository>:<tag>}. */
    public String imageReference(String commit) {
        String dnsSuffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        return "%s.dkr.ecr.%s.%s/%s:%s".formatted(buildAccount, region, dnsSuffix, repository(), imageTag(commit));
    }

    /** The log group CodeBuild writes the image build to; the build stack creates it under this name. */
    public String buildLogGroup() {
        return "/aws/codebuild/" + app + "-image";
    }

    /** Where the Commands action logs: the test stack creates it; whether CodePipeline writes there is not known. */
    public String commandsLogGroup() {
        return "/aws/codepipeline/" + pipeline();
    }

    /**
     * The CloudWatch namespace of the delivery metrics, one for every app (the app's
     * {@code AppNames.metricsNamespace()}); the {@code Pipeline} dimension tells pipelines apart.
     */
    public String metricsNamespace() {
        return "CrossAccountDelivery";
    }

    /** The delivery metrics' dimensions for the run's one target, as the app's metrics function writes them. */
    public Map<String, String> metricsDimensions() {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("Pipeline", pipeline());
        dimensions.put("Target", TARGET);
        return dimensions;
    }

    /**
     * Log groups with fixed names in the test account that a stack may not delete: Container
     * Insights creates its own at run time, and a stack that failed may leave its own behind. Exact
     * names, so that nothing of another app with a similar name is touched. (The custom resource
     * Lambda functions' log groups are found by the functions' names, recorded from the stack.)
     * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-view-metrics.html
     */
    public List<String> testLogGroups() {
        return List.of("/aws/ecs/containerinsights/" + cluster() + "/performance", commandsLogGroup());
    }

    /** The same in the build account: the image build's, and the Commands action's if it logs here. */
    public List<String> buildLogGroups() {
        return List.of(buildLogGroup(), commandsLogGroup());
    }
}
