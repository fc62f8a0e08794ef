package io.github.crossaccountdelivery.config;

/**
 * The one place where physical names and ARNs are derived from the configuration.
 *
 * <p>CloudFormation cannot reference a resource in another account, so each stack computes
 * the names it needs from the other account from here, and the stack that owns a resource
 * creates it under the same name. A test pins that both sides agree.
 *
 * <p>Over 200 lines on purpose: every name either account uses for the other's resources is
 * here, so that the contract between the accounts can be read, and tested, in one place.
 */
public record ResourceNames(String appName, String buildAccount, String region) {

    /** {@code aws}, or the partition of the China and GovCloud regions. */
    public String partition() {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return "aws";
    }

    // ---- build account ----

    public String artifactBucket() {
        return "%s-artifacts-%s-%s".formatted(appName, buildAccount, region);
    }

    public String artifactBucketArn() {
        return "arn:%s:s3:::%s".formatted(partition(), artifactBucket());
    }

    public String artifactKeyAlias() {
        return "alias/%s-artifacts".formatted(appName);
    }

    public String imageRepository() {
        return appName;
    }

    /** The image build's layer cache, beside the release repository. */
    public String buildCacheRepository() {
        return appName + "-buildcache";
    }

    public String imageRepositoryArn() {
        return "arn:%s:ecr:%s:%s:repository/%s".formatted(partition(), region, buildAccount, imageRepository());
    }

    public String imageRepositoryUri() {
        String suffix = partition().equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com";
        return "%s.dkr.ecr.%s.%s/%s".formatted(buildAccount, region, suffix, imageRepository());
    }

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

    public String buildProject() {
        return appName + "-image";
    }

    /** The image build's log group; one key statement names it. */
    public String buildLogGroup() {
        return "/aws/codebuild/" + buildProject();
    }

    public String buildRole() {
        return appName + "-image-build";
    }

    public String buildRoleArn() {
        return roleArn(buildAccount, buildRole());
    }

    // ---- a deployment target's account ----

    /** Names inside one target account. */
    public TargetNames target(DeploymentTarget target) {
        return new TargetNames(target);
    }

    /** The names of one deployment target's resources. */
    public final class TargetNames {
        private final DeploymentTarget target;

        private TargetNames(DeploymentTarget target) {
            this.target = target;
        }

        public String name() {
            return target.name();
        }

        public String account() {
            return target.account();
        }

        public String stack() {
            return "%s-%s".formatted(appName, target.name());
        }

        public String deploymentRole() {
            return "%s-%s-deploy".formatted(appName, target.name());
        }

        public String deploymentRoleArn() {
            return roleArn(target.account(), deploymentRole());
        }

        /** The role the post-deploy verification runs as, in this account. */
        public String verifyRole() {
            return "%s-%s-verify".formatted(appName, target.name());
        }

        public String verifyRoleArn() {
            return roleArn(target.account(), verifyRole());
        }

        /** The SSM parameter that tells the verification where the service answers. */
        public String serviceUrlParameter() {
            return "/%s/%s/service-url".formatted(appName, target.name());
        }

        public String serviceUrlParameterArn() {
            return "arn:%s:ssm:%s:%s:parameter%s".formatted(partition(), region, target.account(), serviceUrlParameter());
        }

        /** Where a pipeline's Commands action logs: a log group named after the pipeline. */
        public String verifyLogGroup() {
            return "/aws/codepipeline/" + pipeline();
        }

        /**
         * The alarms that roll a deployment back. Fixed names, not tokens: the service names its
         * alarms, and a token would tie the service to the alarms' metrics in a cycle.
         */
        public String targetErrorsAlarm() {
            return "%s-%s-target-5xx".formatted(appName, target.name());
        }

        public String unhealthyHostsAlarm() {
            return "%s-%s-unhealthy-hosts".formatted(appName, target.name());
        }

        public String executionRole() {
            return "%s-%s-task-execution".formatted(appName, target.name());
        }

        public String executionRoleArn() {
            return roleArn(target.account(), executionRole());
        }

        public String taskRole() {
            return "%s-%s-task".formatted(appName, target.name());
        }

        public String taskRoleArn() {
            return roleArn(target.account(), taskRole());
        }

        public String cluster() {
            return "%s-%s".formatted(appName, target.name());
        }

        public String clusterArn() {
            return "arn:%s:ecs:%s:%s:cluster/%s".formatted(partition(), region, target.account(), cluster());
        }

        public String service() {
            return appName;
        }

        public String serviceArn() {
            return "arn:%s:ecs:%s:%s:service/%s/%s"
                    .formatted(partition(), region, target.account(), cluster(), service());
        }

        public String logKeyAlias() {
            return "alias/%s-%s-logs".formatted(appName, target.name());
        }

        public String taskFamily() {
            return "%s-%s".formatted(appName, target.name());
        }

        public String taskDefinitionArnPattern() {
            return "arn:%s:ecs:%s:%s:task-definition/%s:*"
                    .formatted(partition(), region, target.account(), taskFamily());
        }
    }

    private String roleArn(String account, String roleName) {
        return "arn:%s:iam::%s:role/%s".formatted(partition(), account, roleName);
    }
}
