package io.github.crossaccountdelivery.naming;

import java.util.List;
import java.util.Objects;

/**
 * The physical names and ARNs of one deployment target's resources, in its own account. The
 * build account names them too (the pipeline's deploy and verify actions, the key, bucket and
 * repository policies), which is why they are fixed names rather than generated ones.
 *
 * @param app     the app's names
 * @param name    the target's short name, e.g. {@code staging}
 * @param account the target's account
 */
public record TargetNames(AppNames app, String name, String account) {

    public TargetNames {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(account, "account");
    }

    private String prefixed(String suffix) {
        return "%s-%s%s".formatted(app.appName(), name, suffix);
    }

    private String arn(String service, String resource) {
        return app.arn(service, account, resource);
    }

    public String stack() {
        return prefixed("");
    }

    public String deploymentRole() {
        return prefixed("-deploy");
    }

    public String deploymentRoleArn() {
        return app.roleArn(account, deploymentRole());
    }

    /** The role the post-deploy verification runs as. */
    public String verifyRole() {
        return prefixed("-verify");
    }

    public String verifyRoleArn() {
        return app.roleArn(account, verifyRole());
    }

    public String executionRole() {
        return prefixed("-task-execution");
    }

    public String executionRoleArn() {
        return app.roleArn(account, executionRole());
    }

    public String taskRole() {
        return prefixed("-task");
    }

    public String taskRoleArn() {
        return app.roleArn(account, taskRole());
    }

    /** The SSM parameter that tells the verification where the service answers. */
    public String serviceUrlParameter() {
        return "/%s/%s/service-url".formatted(app.appName(), name);
    }

    public String serviceUrlParameterArn() {
        return arn("ssm", "parameter" + serviceUrlParameter());
    }

    /** The pipeline's Commands log group, as this account has it. */
    public String commandsLogGroupArn() {
        return arn("logs", "log-group:" + app.commandsLogGroup());
    }

    /** Every log group of this account and region. */
    public String logGroupsArn() {
        return arn("logs", "log-group:*");
    }

    public String logKeyAlias() {
        return "alias/%s-logs".formatted(stack());
    }

    /**
     * The alarms that roll a deployment back. Fixed names, not tokens: the service names its
     * alarms, and a token would tie the service to the alarms' metrics in a cycle.
     */
    public String targetErrorsAlarm() {
        return prefixed("-target-5xx");
    }

    public String unhealthyHostsAlarm() {
        return prefixed("-unhealthy-hosts");
    }

    /** Both rollback alarms, in the order the service lists them. */
    public List<String> rollbackAlarms() {
        return List.of(targetErrorsAlarm(), unhealthyHostsAlarm());
    }

    public String cluster() {
        return prefixed("");
    }

    public String clusterArn() {
        return arn("ecs", "cluster/" + cluster());
    }

    public String service() {
        return app.appName();
    }

    public String serviceArn() {
        return arn("ecs", "service/%s/%s".formatted(cluster(), service()));
    }

    public String taskFamily() {
        return prefixed("");
    }

    public String taskDefinitionsArn() {
        return arn("ecs", "task-definition/%s:*".formatted(taskFamily()));
    }

    /** Every ECS resource of this account and region: what a task's role is assumed on behalf of. */
    public String ecsResourcesArn() {
        return arn("ecs", "*");
    }

    /** Where the load balancer writes its access logs in the log bucket. */
    public String accessLogPrefix() {
        return "alb/" + cluster();
    }
}
