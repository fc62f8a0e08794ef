package io.github.crossaccountdelivery.config;

import java.util.HashSet;
import java.util.Set;
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
 * @param region           region of every account's resources
 * @param connectionArn    CodeConnections connection to GitHub, in the build account
 * @param repositoryOwner  GitHub user or organization that owns the source repository
 * @param repositoryName   GitHub repository holding the application and its {@code Dockerfile}
 * @param branch           branch whose commits the pipeline delivers
 * @param containerName    container name in the task definition, written into {@code imagedefinitions.json}
 * @param containerPort    port the application listens on
 * @param healthCheckPath  path the load balancer probes, answering 200 when the application is healthy
 * @param imagesToKeep     how many of the newest images the repository keeps (default 30)
 * @param cpuArchitecture  what the image is built for and the tasks run on (default ARM64)
 * @param notificationEmail optional address subscribed to pipeline failures and pending approvals
 * @param targets          the accounts the pipeline deploys to, in order: {@code targets}, or the
 *                         two-account form's one target named {@code test} in {@code testAccount}
 */
public record DeliveryConfig(
        String appName,
        String buildAccount,
        String region,
        String connectionArn,
        String repositoryOwner,
        String repositoryName,
        String branch,
        String containerName,
        int containerPort,
        String healthCheckPath,
        int imagesToKeep,
        CpuArchitecture cpuArchitecture,
        Optional<String> notificationEmail,
        List<DeploymentTarget> targets) {

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
            "the ARN of an ACM certificate in the target's account (%s) and the configured region, such as"
                    + " \"arn:aws:acm:eu-west-1:222222222222:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b\"";
    static final String EMAIL_FORM = "an e-mail address such as \"team@example.com\"";
    static final String TARGETS_FORM = "a non-empty JSON array of targets, each an object with at least \"name\""
            + " and \"account\", such as [{\"name\":\"test\",\"account\":\"222222222222\"}]";
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
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern HEALTH_PATH = Pattern.compile("/[A-Za-z0-9._~/-]{0,1023}");

    public DeliveryConfig {
        require(APP_NAME.matcher(appName).matches(), "appName", appName, APP_NAME_FORM);
        require(ACCOUNT.matcher(buildAccount).matches(), "buildAccount", buildAccount, ACCOUNT_FORM);
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
        require(imagesToKeep >= 1 && imagesToKeep <= 1000, "imagesToKeep", imagesToKeep, IMAGES_TO_KEEP_FORM);
        Objects.requireNonNull(cpuArchitecture, "cpuArchitecture");
        Objects.requireNonNull(notificationEmail, "notificationEmail");
        notificationEmail.ifPresent(email ->
                require(EMAIL.matcher(email).matches(), "notificationEmail", email, EMAIL_FORM));
        targets = List.copyOf(targets);
        require(!targets.isEmpty(), "targets", targets, TARGETS_FORM);
        Set<String> names = new HashSet<>();
        Set<String> accounts = new HashSet<>();
        for (DeploymentTarget target : targets) {
            require(names.add(target.name()), target.key("name"), target.name(),
                    "a name no other target has: each target gets its own stack and stages");
            require(!target.account().equals(buildAccount), target.key("account"), target.account(),
                    "an account other than buildAccount: the point of this app is to keep build and runtime apart");
            require(accounts.add(target.account()), target.key("account"), target.account(),
                    "an account no other target has: one target per account keeps each target's role"
                            + " unable to act in another");
            var zones = target.availabilityZones();
            require(zones.size() >= 2 && new HashSet<>(zones).size() == zones.size()
                    && zones.stream().allMatch(az -> az.matches(Pattern.quote(region) + "[a-z]")),
                    target.key("availabilityZones"), zones, AZ_FORM);
            target.certificateArn().ifPresent(arn -> {
                var certificate = CERTIFICATE.matcher(arn);
                require(certificate.matches() && certificate.group(2).equals(region)
                        && certificate.group(3).equals(target.account()), target.key("certificateArn"), arn,
                        CERTIFICATE_FORM.formatted(target.account()));
            });
            require(!(target.service().fargateSpot() && cpuArchitecture == CpuArchitecture.ARM64),
                    target.key("fargateSpot"), true,
                    "false while cpuArchitecture is ARM64: Fargate Spot runs X86_64 tasks only");
        }
    }

    /**
     * Reads and validates the configuration from CDK context.
     *
     * @param context looks a context key up; returns null when the key is not set
     * @throws InvalidConfigException naming the first key whose value cannot be used
     */
    public static DeliveryConfig fromContext(Function<String, Object> context) {
        var read = new ContextReader(context);
        String appName = read.string("appName", APP_NAME_FORM);
        String buildAccount = read.string("buildAccount", ACCOUNT_FORM);
        // A target list replaces the two-account form, so that the same cdk.json serves both:
        // -c targets='[...]' adds staging and prod; leaving it out deploys to testAccount alone.
        List<DeploymentTarget> targets = context.apply("targets") == null
                ? List.of(TargetsReader.testAccountTarget(read))
                : new TargetsReader(read).targets(context.apply("region"));
        return new DeliveryConfig(
                appName,
                buildAccount,
                read.string("region", REGION_FORM),
                read.string("connectionArn", CONNECTION_FORM),
                read.string("repositoryOwner", OWNER_FORM),
                read.string("repositoryName", REPOSITORY_FORM),
                read.string("branch", BRANCH_FORM),
                read.string("containerName", CONTAINER_NAME_FORM),
                read.integer("containerPort", PORT_FORM),
                read.string("healthCheckPath", HEALTH_PATH_FORM),
                read.optionalInteger("imagesToKeep", 30, IMAGES_TO_KEEP_FORM),
                read.optionalEnum("cpuArchitecture", CpuArchitecture.class, CpuArchitecture.ARM64),
                Optional.ofNullable(read.optionalString("notificationEmail", null, EMAIL_FORM)),
                targets);
    }

    /** The first target: in the two-account form, the test account. */
    public DeploymentTarget firstTarget() {
        return targets.get(0);
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
