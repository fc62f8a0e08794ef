package io.github.crossaccountdelivery.acceptance.run;

import java.util.List;
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

    /**
     * Log groups named after the app that no stack deletes: written by a service at run time
     * (Container Insights, the VPC custom resource's Lambda function, CodePipeline's Commands
     * action), or by a stack that failed before it could. Prefixes, per account.
     */
    public List<String> testLogGroupPrefixes() {
        return List.of("/aws/ecs/containerinsights/" + cluster() + "/", "/aws/lambda/" + testStack() + "-",
                "/aws/codepipeline/" + pipeline());
    }

    public List<String> buildLogGroupPrefixes() {
        return List.of("/aws/codebuild/" + app + "-image", "/aws/lambda/" + buildStack() + "-",
                "/aws/codepipeline/" + pipeline());
    }
}
