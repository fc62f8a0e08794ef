package io.github.crossaccountdelivery.acceptance.aws;

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
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.codeconnections.CodeConnectionsClient;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionDetail;
import software.amazon.awssdk.services.codepipeline.model.PipelineNotFoundException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The real AWS calls: thin translations from the SDK's answers to the run's records, not unit
 * tested (the run's logic is, on fakes). Every client uses the profile's credentials, the run's
 * region and one shared HTTP client; every SDK error becomes an {@link AwsCallException} that
 * names the call. "Does not exist" answers become empty results, because the run asks them on
 * purpose (leftovers before the run, teardown after it).
 *
 * <p>Over 200 lines because it implements every port for one account: one class keeps one set of
 * clients, credentials and HTTP connections per account.
 */
public final class SdkAccount implements Identity, Connections, Stacks, Pipelines, Images, Services, Buckets,
        LogGroups, Keys, Metrics {

    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final SdkHttpClient http;
    private final Optional<URI> endpoint;
    private final Map<Class<?>, Object> clients = new HashMap<>();
    private final Map<String, String> imageOfTaskDefinition = new HashMap<>();
    private String container = "";

    private SdkAccount(AwsCredentialsProvider credentials, String region, SdkHttpClient http,
                       Optional<URI> endpoint) {
        this.credentials = credentials;
        this.region = Region.of(region);
        this.http = http;
        this.endpoint = endpoint;
    }

    /** Opens accounts from the AWS CLI's profiles, sharing one HTTP client. */
    public static Account.Opener opener(SdkHttpClient http) {
        return (label, profile, region) -> account(label,
                ProfileCredentialsProvider.builder().profileName(profile).build(), region, http, Optional.empty());
    }

    /** An account whose every client calls {@code endpoint}: SdkWiringTest's local server. */
    static Account account(String label, AwsCredentialsProvider credentials, String region, SdkHttpClient http,
                           Optional<URI> endpoint) {
        SdkAccount a = new SdkAccount(credentials, region, http, endpoint);
        return new Account(label, a, a, a, a, a, a, a, a, a, a);
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> T client(Class<T> type) {
        return (T) clients.computeIfAbsent(type, t -> {
            if (t == StsClient.class) {
                return configure(StsClient.builder()).build();
            } else if (t == CodeConnectionsClient.class) {
                return configure(CodeConnectionsClient.builder()).build();
            } else if (t == CloudFormationClient.class) {
                return configure(CloudFormationClient.builder()).build();
            } else if (t == CodePipelineClient.class) {
                return configure(CodePipelineClient.builder()).build();
            } else if (t == EcrClient.class) {
                return configure(EcrClient.builder()).build();
            } else if (t == EcsClient.class) {
                return configure(EcsClient.builder()).build();
            } else if (t == S3Client.class) {
                return configure(S3Client.builder()).build();
            } else if (t == CloudWatchLogsClient.class) {
                return configure(CloudWatchLogsClient.builder()).build();
            } else if (t == KmsClient.class) {
                return configure(KmsClient.builder()).build();
            } else if (t == CloudWatchClient.class) {
                return configure(CloudWatchClient.builder()).build();
            }
            throw new IllegalArgumentException(t.getName());
        });
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
        builder.credentialsProvider(credentials).region(region).httpClient(http);
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    private static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw new AwsCallException(what + ": " + e.getMessage(), e);
        }
    }

    private static void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    private static boolean status(SdkException e, int code) {
        return e instanceof AwsServiceException service && service.statusCode() == code;
    }

    // ---- STS, CodeConnections ----

    @Override
    public String callerAccount() {
        return call("sts:GetCallerIdentity", () -> client(StsClient.class).getCallerIdentity().account());
    }

    @Override
    public String status(String connectionArn) {
        return call("codeconnections:GetConnection " + connectionArn, () -> client(CodeConnectionsClient.class)
                .getConnection(r -> r.connectionArn(connectionArn)).connection().connectionStatusAsString());
    }

    // ---- CloudFormation ----

    @Override
    public Optional<State> find(String stackName) {
        return call("cloudformation:DescribeStacks " + stackName, () -> {
            try {
                return client(CloudFormationClient.class).describeStacks(r -> r.stackName(stackName)).stacks().stream()
                        .findFirst().map(s -> new State(s.stackName(), s.stackStatusAsString(),
                                s.outputs().stream().collect(Collectors.toMap(Output::outputKey,
                                        o -> o.outputValue() == null ? "" : o.outputValue())),
                                s.parameters().stream().collect(Collectors.toMap(Parameter::parameterKey,
                                        p -> p.parameterValue() == null ? "" : p.parameterValue()))));
            } catch (AwsServiceException e) {
                // DescribeStacks answers a missing stack with ValidationError "... does not exist".
                if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public List<Resource> resources(String stackName) {
        return call("cloudformation:ListStackResources " + stackName, () -> {
            try {
                return client(CloudFormationClient.class).listStackResourcesPaginator(r -> r.stackName(stackName))
                        .stackResourceSummaries().stream()
                        .filter(r -> r.physicalResourceId() != null)
                        .map(r -> new Resource(r.logicalResourceId(), r.resourceType(), r.physicalResourceId()))
                        .toList();
            } catch (AwsServiceException e) {
                if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                    return List.of();
                }
                throw e;
            }
        });
    }

    // ---- CodePipeline ----

    @Override
    public List<Execution> executions(String pipeline) {
        return call("codepipeline:ListPipelineExecutions " + pipeline, () -> {
            try {
                return client(CodePipelineClient.class).listPipelineExecutions(r -> r.pipelineName(pipeline)
                        .maxResults(25)).pipelineExecutionSummaries().stream()
                        .map(e -> new Execution(e.pipelineExecutionId(), e.statusAsString(),
                                e.sourceRevisions().stream().map(s -> s.revisionId()).findFirst().orElse(""),
                                e.startTime(), e.lastUpdateTime()))
                        .toList();
            } catch (PipelineNotFoundException e) {
                return List.of();
            }
        });
    }

    @Override
    public List<ActionRun> actions(String pipeline, String executionId) {
        return call("codepipeline:ListActionExecutions " + executionId, () -> client(CodePipelineClient.class)
                .listActionExecutionsPaginator(r -> r.pipelineName(pipeline)
                        .filter(f -> f.pipelineExecutionId(executionId)))
                .actionExecutionDetails().stream()
                .map(SdkAccount::actionRun)
                .toList());
    }

    private static ActionRun actionRun(ActionExecutionDetail d) {
        String summary = "";
        if (d.output() != null && d.output().executionResult() != null) {
            var result = d.output().executionResult();
            summary = Stream.of(result.externalExecutionSummary(),
                            result.errorDetails() == null ? null : result.errorDetails().message())
                    .filter(s -> s != null && !s.isBlank()).distinct().collect(Collectors.joining("; "));
        }
        boolean running = "InProgress".equals(d.statusAsString());
        return new ActionRun(d.stageName(), d.actionName(), d.statusAsString(), d.startTime(),
                running ? Optional.empty() : Optional.ofNullable(d.lastUpdateTime()), summary);
    }

    // ---- ECR ----

    @Override
    public boolean repositoryExists(String repository) {
        return call("ecr:DescribeRepositories " + repository, () -> {
            try {
                return !client(EcrClient.class).describeRepositories(r -> r.repositoryNames(repository))
                        .repositories().isEmpty();
            } catch (RepositoryNotFoundException e) {
                return false;
            }
        });
    }

    @Override
    public List<Image> images(String repository) {
        return call("ecr:DescribeImages " + repository, () -> {
            try {
                return client(EcrClient.class).describeImagesPaginator(r -> r.repositoryName(repository))
                        .imageDetails().stream().map(SdkAccount::image).toList();
            } catch (RepositoryNotFoundException e) {
                return List.of();
            }
        });
    }

    private static Image image(ImageDetail d) {
        return new Image(d.imageDigest(), d.imageTags(), d.imagePushedAt() == null ? Instant.EPOCH : d.imagePushedAt(),
                d.imageScanStatus() == null ? "NONE" : d.imageScanStatus().statusAsString());
    }

    @Override
    public void deleteRepository(String repository) {
        run("ecr:DeleteRepository " + repository, () -> client(EcrClient.class)
                .deleteRepository(r -> r.repositoryName(repository).force(true)));
    }

    // ---- ECS ----

    @Override
    public Optional<Service> service(String cluster, String service, String containerName) {
        this.container = containerName;
        return call("ecs:DescribeServices " + cluster + "/" + service, () -> client(EcsClient.class)
                .describeServices(r -> r.cluster(cluster).services(service)).services().stream()
                .filter(s -> !"INACTIVE".equals(s.status()))
                .findFirst()
                .map(s -> new Service(s.status(), s.desiredCount(), s.runningCount(), s.deployments().stream()
                        .map(d -> new Deployment(d.status(), d.rolloutStateAsString(), d.taskDefinition(),
                                imageOf(d.taskDefinition()), d.runningCount(), d.desiredCount()))
                        .toList())));
    }

    /** A task definition's container image; revisions never change, so each is asked once. */
    private String imageOf(String taskDefinition) {
        return imageOfTaskDefinition.computeIfAbsent(taskDefinition, td -> call("ecs:DescribeTaskDefinition " + td,
                () -> {
                    List<ContainerDefinition> containers = client(EcsClient.class)
                            .describeTaskDefinition(r -> r.taskDefinition(td)).taskDefinition().containerDefinitions();
                    return containers.stream().filter(c -> c.name().equals(container)).findFirst()
                            .or(() -> containers.size() == 1 ? Optional.of(containers.get(0)) : Optional.empty())
                            .map(ContainerDefinition::image).orElse("(no container " + container + ")");
                }));
    }

    /**
     * ListServiceDeployments and DescribeServiceDeployments report what became of a deployment
     * after DescribeServices has forgotten it: ROLLBACK_SUCCESSFUL, with the reason.
     * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-deployment.html
     */
    @Override
    public List<ServiceDeployment> deploymentsSince(String cluster, String service, String containerName,
                                                     Instant since) {
        this.container = containerName;
        return call("ecs:ListServiceDeployments " + cluster + "/" + service, () -> {
            EcsClient ecs = client(EcsClient.class);
            List<String> arns = new ArrayList<>();
            String token = null;
            do {
                String next = token;
                var page = ecs.listServiceDeployments(r -> r.cluster(cluster).service(service)
                        .createdAt(c -> c.after(since)).nextToken(next));
                page.serviceDeployments().stream().map(ServiceDeploymentBrief::serviceDeploymentArn).forEach(arns::add);
                token = page.nextToken();
            } while (token != null);
            List<software.amazon.awssdk.services.ecs.model.ServiceDeployment> found = new ArrayList<>();
            for (int i = 0; i < arns.size(); i += 20) {
                List<String> batch = arns.subList(i, Math.min(arns.size(), i + 20));
                found.addAll(ecs.describeServiceDeployments(r -> r.serviceDeploymentArns(batch))
                        .serviceDeployments());
            }
            return found.stream()
                    .sorted(java.util.Comparator.comparing(software.amazon.awssdk.services.ecs.model.ServiceDeployment::createdAt))
                    .map(d -> new ServiceDeployment(d.serviceDeploymentArn(), d.statusAsString(),
                            targetImage(ecs, d), d.createdAt(), Optional.ofNullable(d.finishedAt()), reason(d)))
                    .toList();
        });
    }

    private String targetImage(EcsClient ecs, software.amazon.awssdk.services.ecs.model.ServiceDeployment d) {
        if (d.targetServiceRevision() == null) {
            return "";
        }
        return ecs.describeServiceRevisions(r -> r.serviceRevisionArns(d.targetServiceRevision().arn()))
                .serviceRevisions().stream().findFirst().map(rev -> imageOf(rev.taskDefinition())).orElse("");
    }

    private static String reason(software.amazon.awssdk.services.ecs.model.ServiceDeployment d) {
        List<String> parts = new ArrayList<>();
        if (d.statusReason() != null && !d.statusReason().isBlank()) {
            parts.add(d.statusReason());
        }
        if (d.rollback() != null && d.rollback().reason() != null) {
            parts.add("rollback: " + d.rollback().reason());
        }
        if (d.deploymentCircuitBreaker() != null && d.deploymentCircuitBreaker().status() != null) {
            parts.add("circuit breaker %s (%s of %s failed tasks)".formatted(
                    d.deploymentCircuitBreaker().statusAsString(), d.deploymentCircuitBreaker().failureCount(),
                    d.deploymentCircuitBreaker().threshold()));
        }
        if (d.alarms() != null && d.alarms().hasTriggeredAlarmNames() && !d.alarms().triggeredAlarmNames().isEmpty()) {
            parts.add("alarms " + d.alarms().triggeredAlarmNames());
        }
        return String.join("; ", parts);
    }

    @Override
    public List<String> activeTaskDefinitions(String family) {
        return taskDefinitions(family, TaskDefinitionStatus.ACTIVE);
    }

    private List<String> taskDefinitions(String family, TaskDefinitionStatus status) {
        return call("ecs:ListTaskDefinitions " + family, () -> client(EcsClient.class)
                .listTaskDefinitionsPaginator(r -> r.familyPrefix(family).status(status)).taskDefinitionArns().stream()
                // familyPrefix matches longer families too (orders-test2 for orders-test).
                .filter(arn -> arn.contains(":task-definition/" + family + ":"))
                .toList());
    }

    /**
     * Deregistered revisions stay listed as INACTIVE until deleted; DeleteTaskDefinitions takes
     * at most 10 at a time. https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteTaskDefinitions.html
     */
    @Override
    public int removeTaskDefinitions(String family) {
        EcsClient ecs = client(EcsClient.class);
        List<String> active = activeTaskDefinitions(family);
        for (String arn : active) {
            run("ecs:DeregisterTaskDefinition " + arn, () -> ecs.deregisterTaskDefinition(r -> r.taskDefinition(arn)));
        }
        List<String> inactive = taskDefinitions(family, TaskDefinitionStatus.INACTIVE);
        for (int i = 0; i < inactive.size(); i += 10) {
            List<String> batch = inactive.subList(i, Math.min(inactive.size(), i + 10));
            var response = call("ecs:DeleteTaskDefinitions " + family,
                    () -> ecs.deleteTaskDefinitions(r -> r.taskDefinitions(batch)));
            if (response.hasFailures() && !response.failures().isEmpty()) {
                throw new AwsCallException("ecs:DeleteTaskDefinitions " + family + ": " + response.failures());
            }
        }
        return active.size() + inactive.size();
    }

    // ---- S3 ----

    @Override
    public boolean exists(String bucket) {
        return call("s3:HeadBucket " + bucket, () -> {
            try {
                client(S3Client.class).headBucket(r -> r.bucket(bucket));
                return true;
            } catch (SdkException e) {
                if (status(e, 404)) {
                    return false;
                }
                // 403: the name is taken, by this account without access or by another account;
                // 301: it is taken in another region.
                if (status(e, 403) || status(e, 301)) {
                    return true;
                }
                throw e;
            }
        });
    }

    @Override
    public void emptyAndDelete(String bucket) {
        S3Client s3 = client(S3Client.class);
        run("s3:ListObjectVersions/DeleteObjects " + bucket, () -> {
            List<ObjectIdentifier> batch = new ArrayList<>();
            for (var page : s3.listObjectVersionsPaginator(r -> r.bucket(bucket))) {
                page.versions().forEach(v -> batch.add(ObjectIdentifier.builder().key(v.key())
                        .versionId(v.versionId()).build()));
                page.deleteMarkers().forEach(m -> batch.add(ObjectIdentifier.builder().key(m.key())
                        .versionId(m.versionId()).build()));
                while (batch.size() >= 1000) {
                    delete(s3, bucket, batch.subList(0, 1000));
                }
            }
            if (!batch.isEmpty()) {
                delete(s3, bucket, batch);
            }
        });
        run("s3:DeleteBucket " + bucket, () -> s3.deleteBucket(r -> r.bucket(bucket)));
    }

    private static void delete(S3Client s3, String bucket, List<ObjectIdentifier> objects) {
        List<ObjectIdentifier> copy = List.copyOf(objects);
        var response = s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(copy).quiet(true)));
        if (response.hasErrors() && !response.errors().isEmpty()) {
            throw new AwsCallException("s3:DeleteObjects " + bucket + ": " + response.errors().get(0).message());
        }
        objects.clear();
    }

    // ---- CloudWatch Logs ----

    @Override
    public List<String> names(String prefix) {
        return call("logs:DescribeLogGroups " + prefix, () -> client(CloudWatchLogsClient.class)
                .describeLogGroupsPaginator(r -> r.logGroupNamePrefix(prefix)).logGroups().stream()
                .map(LogGroup::logGroupName).toList());
    }

    @Override
    public void delete(String name) {
        run("logs:DeleteLogGroup " + name, () -> client(CloudWatchLogsClient.class)
                .deleteLogGroup(r -> r.logGroupName(name)));
    }

    @Override
    public Optional<Instant> lastEvent(String name) {
        return call("logs:DescribeLogStreams " + name, () -> {
            try {
                return client(CloudWatchLogsClient.class).describeLogStreams(r -> r.logGroupName(name)
                                .orderBy(OrderBy.LAST_EVENT_TIME).descending(true).limit(1)).logStreams().stream()
                        .map(LogStream::lastEventTimestamp).filter(java.util.Objects::nonNull).findFirst()
                        .map(Instant::ofEpochMilli);
            } catch (ResourceNotFoundException e) {
                return Optional.empty();
            }
        });
    }

    // ---- KMS ----

    @Override
    public Optional<String> keyForAlias(String alias) {
        return call("kms:DescribeKey " + alias, () -> {
            try {
                return Optional.of(client(KmsClient.class).describeKey(r -> r.keyId(alias)).keyMetadata().keyId());
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public Optional<String> state(String keyId) {
        return call("kms:DescribeKey " + keyId, () -> {
            try {
                return Optional.of(client(KmsClient.class).describeKey(r -> r.keyId(keyId)).keyMetadata()
                        .keyStateAsString());
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public void scheduleDeletion(String keyId, int pendingWindowDays) {
        run("kms:ScheduleKeyDeletion " + keyId, () -> client(KmsClient.class)
                .scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(pendingWindowDays)));
    }

    // ---- CloudWatch ----

    /**
     * One GetMetricData call (and its pages) with two queries, the Sum and the SampleCount of
     * one-minute periods, added up here: minutes cover the range asked for whatever its length.
     * CloudWatch bills GetMetricData by the metrics requested, two per call.
     * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
     */
    @Override
    public Statistics statistics(String namespace, String metric, Map<String, String> dimensions, Instant from,
                                 Instant to) {
        List<Dimension> dims = dimensions.entrySet().stream()
                .map(e -> Dimension.builder().name(e.getKey()).value(e.getValue()).build()).toList();
        List<MetricDataQuery> queries = Stream.of("Sum", "SampleCount").map(stat -> MetricDataQuery.builder()
                .id(stat.equals("Sum") ? "sum" : "samples").returnData(true)
                .metricStat(m -> m.stat(stat).period(60).metric(x -> x.namespace(namespace).metricName(metric)
                        .dimensions(dims)))
                .build()).toList();
        return call("cloudwatch:GetMetricData %s %s %s".formatted(namespace, metric, dimensions), () -> {
            double sum = 0;
            double samples = 0;
            for (GetMetricDataResponse page : client(CloudWatchClient.class).getMetricDataPaginator(r -> r
                    .metricDataQueries(queries).startTime(from).endTime(to))) {
                for (MetricDataResult result : page.metricDataResults()) {
                    if (result.statusCode() == StatusCode.FORBIDDEN || result.statusCode() == StatusCode.INTERNAL_ERROR) {
                        throw new AwsCallException("cloudwatch:GetMetricData %s %s: %s %s".formatted(namespace, metric,
                                result.statusCodeAsString(), result.messages()));
                    }
                    double total = result.values().stream().mapToDouble(Double::doubleValue).sum();
                    if (result.id().equals("sum")) {
                        sum += total;
                    } else {
                        samples += total;
                    }
                }
            }
            return new Statistics(sum, Math.round(samples));
        });
    }
}
