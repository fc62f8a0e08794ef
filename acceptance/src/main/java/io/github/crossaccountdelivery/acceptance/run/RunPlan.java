package io.github.crossaccountdelivery.acceptance.run;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A run that passed its preflight: every value checked, every default filled in.
 *
 * @param runId              short random ID, in the default app and branch names
 * @param branchCreatedByRun the branch did not exist, so teardown deletes it
 */
public record RunPlan(String runId, Names names, String buildProfile, String testProfile, List<String> zones,
                      String connectionArn, String owner, String repository, String gitUrl, String branch,
                      boolean branchCreatedByRun, Optional<String> certificateArn, Optional<String> domainName,
                      Path projectDir, Path workDir, Path report, Timeouts timeouts) {

    /** The sample application's container: its name, the port it listens on, the path that answers 200. */
    public static final String CONTAINER_NAME = "app";
    public static final int CONTAINER_PORT = 8080;
    public static final String HEALTH_CHECK_PATH = "/health";
    /** The day-two deploy changes the task definition, so that CloudFormation registers a new revision. */
    public static final String DAY_TWO_CHANGE = "taskMemoryMiB=1024";

    public RunPlan {
        Objects.requireNonNull(names, "names");
        zones = List.copyOf(zones);
    }

    /** The context the run's cdk.json holds: the user's values, the sample's container, every other key at its default. */
    public Map<String, Object> cdkContext() {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("appName", names.app());
        context.put("buildAccount", names.buildAccount());
        context.put("testAccount", names.testAccount());
        context.put("region", names.region());
        context.put("availabilityZones", zones);
        context.put("connectionArn", connectionArn);
        context.put("repositoryOwner", owner);
        context.put("repositoryName", repository);
        context.put("branch", branch);
        context.put("containerName", CONTAINER_NAME);
        context.put("containerPort", CONTAINER_PORT);
        context.put("healthCheckPath", HEALTH_CHECK_PATH);
        context.put("cpuArchitecture", names.architecture());
        certificateArn.ifPresent(arn -> context.put("certificateArn", arn));
        // Only with a certificate: the app refuses keys it does not know, and domainName is new.
        domainName.ifPresent(name -> context.put("domainName", name));
        return context;
    }

    /** The run's copy of the project, with its own cdk.json. */
    public Path projectCopy() {
        return workDir.resolve("project");
    }

    /** The Git work tree the sample application's releases are committed from. */
    public Path appTree() {
        return workDir.resolve("sample-app-repo");
    }

    public Path sampleApp() {
        return projectDir.resolve("examples/sample-app");
    }

    /** Where the service is probed: the certificate's name when HTTPS is configured. */
    public boolean tls() {
        return domainName.isPresent();
    }
}
