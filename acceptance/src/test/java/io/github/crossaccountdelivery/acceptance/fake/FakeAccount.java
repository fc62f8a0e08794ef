package io.github.crossaccountdelivery.acceptance.fake;

import io.github.crossaccountdelivery.acceptance.ports.Account;
import io.github.crossaccountdelivery.acceptance.ports.AwsCallException;
import io.github.crossaccountdelivery.acceptance.ports.Buckets;
import io.github.crossaccountdelivery.acceptance.ports.Connections;
import io.github.crossaccountdelivery.acceptance.ports.Identity;
import io.github.crossaccountdelivery.acceptance.ports.Images;
import io.github.crossaccountdelivery.acceptance.ports.Keys;
import io.github.crossaccountdelivery.acceptance.ports.LogGroups;
import io.github.crossaccountdelivery.acceptance.ports.Metrics;
import io.github.crossaccountdelivery.acceptance.ports.Pipelines;
import io.github.crossaccountdelivery.acceptance.ports.Services;
import io.github.crossaccountdelivery.acceptance.ports.Stacks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One account's AWS, in memory: what the run's calls answer, and what they change. A test sets
 * its state directly, or lets {@link FakeCloud} play deploys and pipeline executions into it.
 * {@link #failing} makes a named call throw, as AWS would on an outage or a missing permission.
 */
public final class FakeAccount implements Identity, Connections, Stacks, Pipelines, Images, Services, Buckets,
        LogGroups, Keys, Metrics {

    public final String id;
    private final FakeCloud cloud;
    public String callerAccount;
    public String connectionStatus = "AVAILABLE";
    public final Map<String, State> stacks = new LinkedHashMap<>();
    public final Map<String, List<Resource>> stackResources = new HashMap<>();
    public final Set<String> repositories = new LinkedHashSet<>();
    public final List<Image> images = new ArrayList<>();
    public final Set<String> buckets = new LinkedHashSet<>();
    public final Set<String> logGroups = new TreeSet<>();
    /** Log group to the time of its newest event. */
    public final Map<String, Instant> lastEvents = new LinkedHashMap<>();
    public final Map<String, String> keys = new LinkedHashMap<>();
    public final Map<String, String> aliases = new LinkedHashMap<>();
    public Service service;
    public final List<ServiceDeployment> serviceDeployments = new ArrayList<>();
    /** Task definition ARN to ACTIVE or INACTIVE. */
    public final Map<String, String> taskDefinitions = new LinkedHashMap<>();
    public final List<FakeCloud.FakeExecution> executions = new ArrayList<>();
    /** CloudWatch's data points, each visible to GetMetricData from its {@code visible} time on. */
    public final List<MetricPoint> metricPoints = new ArrayList<>();
    /** Call name (the port method's name) to the error it throws. */
    public final Map<String, String> failing = new HashMap<>();
    public final List<String> calls = new ArrayList<>();

    /**
     * One value of a metric, stamped {@code timestamp}; CloudWatch shows it from {@code visible} on
     * (embedded-metric-format lines are extracted from the log a while after they are written).
     */
    public record MetricPoint(String namespace, String metric, Map<String, String> dimensions, Instant timestamp,
                              double value, Instant visible) {
    }

    FakeAccount(String id, FakeCloud cloud) {
        this.id = id;
        this.callerAccount = id;
        this.cloud = cloud;
    }

    public Account account(String label) {
        return new Account(label, this, this, this, this, this, this, this, this, this, this);
    }

    private void call(String name, String argument) {
        cloud.tick();
        calls.add(name + " " + argument);
        if (failing.containsKey(name)) {
            throw new AwsCallException(name + " " + argument + ": " + failing.get(name));
        }
    }

    @Override
    public String callerAccount() {
        call("callerAccount", "");
        return callerAccount;
    }

    @Override
    public String status(String connectionArn) {
        call("status", connectionArn);
        return connectionStatus;
    }

    @Override
    public Optional<State> find(String stackName) {
        call("find", stackName);
        return Optional.ofNullable(stacks.get(stackName));
    }

    @Override
    public List<Resource> resources(String stackName) {
        call("resources", stackName);
        return stacks.containsKey(stackName) ? stackResources.getOrDefault(stackName, List.of()) : List.of();
    }

    @Override
    public List<Execution> executions(String pipeline) {
        call("executions", pipeline);
        Instant now = cloud.clock.instant();
        return executions.stream().filter(e -> !e.started.isAfter(now))
                .sorted(Comparator.comparing((FakeCloud.FakeExecution e) -> e.started).reversed())
                .map(e -> e.view(now)).toList();
    }

    @Override
    public List<ActionRun> actions(String pipeline, String executionId) {
        call("actions", executionId);
        Instant now = cloud.clock.instant();
        return executions.stream().filter(e -> e.id.equals(executionId)).findFirst()
                .map(e -> e.actions(now)).orElse(List.of());
    }

    @Override
    public boolean repositoryExists(String repository) {
        call("repositoryExists", repository);
        return repositories.contains(repository);
    }

    @Override
    public List<Image> images(String repository) {
        call("images", repository);
        return repositories.contains(repository) ? List.copyOf(images) : List.of();
    }

    @Override
    public void deleteRepository(String repository) {
        call("deleteRepository", repository);
        repositories.remove(repository);
        images.clear();
    }

    @Override
    public Optional<Service> service(String cluster, String serviceName, String container) {
        call("service", cluster + "/" + serviceName);
        return Optional.ofNullable(service);
    }

    @Override
    public List<ServiceDeployment> deploymentsSince(String cluster, String serviceName, String container,
                                                    Instant since) {
        call("deploymentsSince", since.toString());
        return serviceDeployments.stream().filter(d -> !d.created().isBefore(since)).toList();
    }

    @Override
    public List<String> activeTaskDefinitions(String family) {
        call("activeTaskDefinitions", family);
        return taskDefinitions.entrySet().stream().filter(e -> e.getValue().equals("ACTIVE"))
                .map(Map.Entry::getKey).toList();
    }

    @Override
    public int removeTaskDefinitions(String family) {
        call("removeTaskDefinitions", family);
        int count = taskDefinitions.size();
        taskDefinitions.clear();
        return count;
    }

    @Override
    public boolean exists(String bucket) {
        call("exists", bucket);
        return buckets.contains(bucket);
    }

    @Override
    public void emptyAndDelete(String bucket) {
        call("emptyAndDelete", bucket);
        buckets.remove(bucket);
    }

    @Override
    public List<String> names(String prefix) {
        call("names", prefix);
        return logGroups.stream().filter(g -> g.startsWith(prefix)).toList();
    }

    @Override
    public void delete(String name) {
        call("delete", name);
        logGroups.remove(name);
        lastEvents.remove(name);
    }

    @Override
    public Optional<Instant> lastEvent(String name) {
        call("lastEvent", name);
        return logGroups.contains(name) ? Optional.ofNullable(lastEvents.get(name)) : Optional.empty();
    }

    @Override
    public Optional<String> keyForAlias(String alias) {
        call("keyForAlias", alias);
        return Optional.ofNullable(aliases.get(alias));
    }

    @Override
    public Optional<String> state(String keyId) {
        call("state", keyId);
        return Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public void scheduleDeletion(String keyId, int pendingWindowDays) {
        call("scheduleDeletion", keyId + " " + pendingWindowDays);
        keys.put(keyId, "PendingDeletion");
    }

    @Override
    public Statistics statistics(String namespace, String metric, Map<String, String> dimensions, Instant from,
                                 Instant to) {
        call("statistics", metric + " " + dimensions + " " + from + " " + to);
        Instant now = cloud.clock.instant();
        List<MetricPoint> points = metricPoints.stream().filter(p -> p.namespace().equals(namespace)
                        && p.metric().equals(metric) && p.dimensions().equals(dimensions)
                        && !p.timestamp().isBefore(from) && p.timestamp().isBefore(to) && !p.visible().isAfter(now))
                .toList();
        return new Statistics(points.stream().mapToDouble(MetricPoint::value).sum(), points.size());
    }
}
