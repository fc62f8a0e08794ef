package io.github.crossaccountdelivery.config;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Everything the app needs to know, read once from CDK context by the entry point and
 * validated here: a value that breaks a rule stops synthesis before any template is written.
 *
 * <p>Each component has the name of its context key, so an error message can name the key
 * the user has to fix.
 *
 * @param appName          prefix of every physical name, e.g. {@code orders}
 * @param buildAccount     account that holds the pipeline, the build, the artifacts and the image repository
 * @param testAccount      account that runs the service
 * @param region           region of both accounts' resources
 * @param connectionArn    CodeConnections connection to GitHub, in the build account
 * @param repositoryOwner  GitHub user or organization that owns the source repository
 * @param repositoryName   GitHub repository holding the application and its {@code Dockerfile}
 * @param branch           branch whose commits the pipeline delivers
 * @param containerName    container name in the task definition, written into {@code imagedefinitions.json}
 * @param containerPort    port the application listens on
 * @param healthCheckPath  path the load balancer probes, answering 200 when the application is healthy
 * @param availabilityZones availability zones of the test account's network, at least two
 * @param certificateArn   optional ACM certificate in the test account: when set, the load balancer
 *                         serves HTTPS and redirects HTTP to it
 * @param loadBalancerDeletionProtection whether the load balancer refuses deletion (default off,
 *                         so that {@code cdk destroy} of a test account works)
 * @param imagesToKeep     how many of the newest images the repository keeps (default 30)
 * @param cpuArchitecture  what the image is built for and the tasks run on (default ARM64)
 * @param service          task size and count, and rollout timings
 */
public record DeliveryConfig(
        String appName,
        String buildAccount,
        String testAccount,
        String region,
        String connectionArn,
        String repositoryOwner,
        String repositoryName,
        String branch,
        String containerName,
        int containerPort,
        String healthCheckPath,
        List<String> availabilityZones,
        Optional<String> certificateArn,
        boolean loadBalancerDeletionProtection,
        int imagesToKeep,
        CpuArchitecture cpuArchitecture,
        ServiceSettings service) {

    static final String APP_NAME_FORM =
            "3 to 20 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen, such as \"orders\"";
    static final String ACCOUNT_FORM =
            "a 12-digit AWS account ID written as a JSON string, such as \"123456789012\""
                    + " (a JSON number would lose leading zeros)";
    static final String REGION_FORM = "an AWS region code such as \"eu-west-1\"";
    static final String CONNECTION_FORM =
            "the ARN of a CodeConnections connection in the build account and region, such as"
                    + " \"arn:aws:codeconnections:eu-west-1:123456789012:connection/"
                    + "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b\"";
    static final String OWNER_FORM =
            "a GitHub user or organization name: letters, digits and single hyphens, at most 39 characters";
    static final String REPOSITORY_FORM =
            "a GitHub repository name: letters, digits, '.', '-' or '_', at most 100 characters";
    static final String BRANCH_FORM =
            "a git branch name such as \"main\", without spaces, '..', or a leading or trailing '/'";
    static final String CONTAINER_NAME_FORM =
            "1 to 255 letters, digits, hyphens or underscores";
    static final String PORT_FORM = "a whole number from 1 to 65535";
    static final String HEALTH_PATH_FORM =
            "a URL path starting with '/', at most 1024 characters of letters, digits and -._~/";
    static final String CERTIFICATE_FORM =
            "the ARN of an ACM certificate in the test account and the configured region, such as"
                    + " \"arn:aws:acm:eu-west-1:222222222222:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b\"";
    static final String BOOLEAN_FORM = "true or false";
    static final String IMAGES_TO_KEEP_FORM = "a whole number from 1 to 1000";
    static final String AZ_FORM =
            "a list of at least two distinct availability zone names in the configured region,"
                    + " such as [\"eu-west-1a\", \"eu-west-1b\"] (a load balancer needs two)";

    private static final Pattern APP_NAME = Pattern.compile("[a-z][a-z0-9-]{1,18}[a-z0-9]");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d{1,2}");
    private static final Pattern CONNECTION = Pattern.compile(
            "arn:aws(-cn|-us-gov)?:(codestar-connections|codeconnections):([a-z0-9-]+):(\\d{12}):"
                    + "connection/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9](-?[A-Za-z0-9]){0,38}");
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9._/-]{1,255}");
    private static final Pattern CONTAINER_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final Pattern CERTIFICATE = Pattern.compile(
            "arn:aws(-cn|-us-gov)?:acm:([a-z0-9-]+):(\\d{12}):certificate/[0-9a-f-]{36}");
    private static final Pattern HEALTH_PATH = Pattern.compile("/[A-Za-z0-9._~/-]{0,1023}");

    public DeliveryConfig {
        require(APP_NAME.matcher(appName).matches(), "appName", appName, APP_NAME_FORM);
        require(ACCOUNT.matcher(buildAccount).matches(), "buildAccount", buildAccount, ACCOUNT_FORM);
        require(ACCOUNT.matcher(testAccount).matches(), "testAccount", testAccount, ACCOUNT_FORM);
        require(!testAccount.equals(buildAccount), "testAccount", testAccount,
                "an account other than buildAccount: the point of this app is to keep build and runtime apart");
        require(REGION.matcher(region).matches(), "region", region, REGION_FORM);
        var connection = CONNECTION.matcher(connectionArn);
        require(connection.matches() && connection.group(3).equals(region)
                && connection.group(4).equals(buildAccount), "connectionArn", connectionArn, CONNECTION_FORM);
        require(OWNER.matcher(repositoryOwner).matches(), "repositoryOwner", repositoryOwner, OWNER_FORM);
        require(REPOSITORY.matcher(repositoryName).matches() && !repositoryName.matches("\\.+"),
                "repositoryName", repositoryName, REPOSITORY_FORM);
        require(BRANCH.matcher(branch).matches() && !branch.contains("..") && !branch.startsWith("/")
                && !branch.endsWith("/") && !branch.endsWith(".lock"), "branch", branch, BRANCH_FORM);
        require(CONTAINER_NAME.matcher(containerName).matches(), "containerName", containerName,
                CONTAINER_NAME_FORM);
        require(containerPort >= 1 && containerPort <= 65535, "containerPort", containerPort, PORT_FORM);
        require(HEALTH_PATH.matcher(healthCheckPath).matches(), "healthCheckPath", healthCheckPath,
                HEALTH_PATH_FORM);
        availabilityZones = List.copyOf(availabilityZones);
        require(availabilityZones.size() >= 2
                && new HashSet<>(availabilityZones).size() == availabilityZones.size()
                && availabilityZones.stream().allMatch(az -> az.matches(Pattern.quote(region) + "[a-z]")),
                "availabilityZones", availabilityZones, AZ_FORM);
        Objects.requireNonNull(certificateArn, "certificateArn");
        certificateArn.ifPresent(arn -> {
            var certificate = CERTIFICATE.matcher(arn);
            require(certificate.matches() && certificate.group(2).equals(region)
                    && certificate.group(3).equals(testAccount), "certificateArn", arn, CERTIFICATE_FORM);
        });
        require(imagesToKeep >= 1 && imagesToKeep <= 1000, "imagesToKeep", imagesToKeep, IMAGES_TO_KEEP_FORM);
        Objects.requireNonNull(cpuArchitecture, "cpuArchitecture");
        Objects.requireNonNull(service, "service");
        require(!(service.fargateSpot() && cpuArchitecture == CpuArchitecture.ARM64), "fargateSpot", true,
                "false while cpuArchitecture is ARM64: Fargate Spot runs X86_64 tasks only");
    }

    /**
     * Reads and validates the configuration from CDK context.
     *
     * @param context looks a context key up; returns null when the key is not set
     * @throws InvalidConfigException naming the first key whose value cannot be used
     */
    public static DeliveryConfig fromContext(Function<String, Object> context) {
        var read = new ContextReader(context);
        return new DeliveryConfig(
                read.string("appName", APP_NAME_FORM),
                read.string("buildAccount", ACCOUNT_FORM),
                read.string("testAccount", ACCOUNT_FORM),
                read.string("region", REGION_FORM),
                read.string("connectionArn", CONNECTION_FORM),
                read.string("repositoryOwner", OWNER_FORM),
                read.string("repositoryName", REPOSITORY_FORM),
                read.string("branch", BRANCH_FORM),
                read.string("containerName", CONTAINER_NAME_FORM),
                read.integer("containerPort", PORT_FORM),
                read.string("healthCheckPath", HEALTH_PATH_FORM),
                read.stringList("availabilityZones", AZ_FORM),
                Optional.ofNullable(read.optionalString("certificateArn", null, CERTIFICATE_FORM)),
                read.optionalBoolean("loadBalancerDeletionProtection", false, BOOLEAN_FORM),
                read.optionalInteger("imagesToKeep", 30, IMAGES_TO_KEEP_FORM),
                read.optionalEnum("cpuArchitecture", CpuArchitecture.class, CpuArchitecture.ARM64),
                ServiceSettings.read(read, ServiceSettings.DEFAULTS, ""));
    }

    /** The accounts the pipeline deploys to, in order. Today one: the test account. */
    public List<DeploymentTarget> targets() {
        return List.of(new DeploymentTarget("test", testAccount));
    }

    /** Every physical name that one account needs from the other. */
    public ResourceNames names() {
        return new ResourceNames(appName, buildAccount, region);
    }

    private static void require(boolean valid, String key, Object given, String expected) {
        if (!valid) {
            throw new InvalidConfigException(key, given, expected);
        }
    }
}
