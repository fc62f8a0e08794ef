package io.github.crossaccountdelivery.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything the app needs to know, read once from CDK context by the entry point and
 * validated here: a configuration with any problem stops synthesis before any template is
 * written, with every problem reported at once.
 *
 * <p>Each component has the name of its context key, so an error message can name the key
 * the user has to fix. A value is first checked on its own (its {@link Rule}); the rules
 * between keys ({@link CrossKeyChecks}) then run only on values that passed, and blame the key
 * that is wrong given the others, showing what it should be from the user's own values.
 *
 * <p>Over 200 lines on purpose: each setting's rule and the form a
 * message shows for it sit next to the component they check. Reading lives in
 * {@link ContextReader} and {@link TargetsReader}, the rules between keys in
 * {@link CrossKeyChecks}.
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
 * @param scanFailOn       the lowest image-scan finding severity that stops the pipeline (default CRITICAL)
 * @param smokeTestPath    path of an optional smoke-test script in the application repository
 *                         (default {@code scripts/smoke-test.sh})
 * @param containerUser    the user the container runs as, {@code uid} or {@code uid:gid}, or
 *                         {@code image} for the image's own {@code USER} (default {@code 1000:1000})
 * @param readonlyRootFilesystem whether the container's root filesystem is read-only (default true)
 * @param logRetentionDays how long every log group keeps its events, in days (default 365)
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
        List<DeploymentTarget> targets,
        ScanFailOn scanFailOn,
        String smokeTestPath,
        String containerUser,
        boolean readonlyRootFilesystem,
        int logRetentionDays) {

    static final String APP_NAME_FORM =
            "3 to 20 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen, such as \"orders\"";
    static final String ACCOUNT_FORM =
            "a 12-digit AWS account ID written as a JSON string, such as \"123456789012\""
                    + " (a JSON number would lose leading zeros)";
    static final String REGION_FORM = "an AWS region code that aws-cdk-lib knows, such as \"eu-west-1\"";
    static final String CONNECTION_FORM =
            "the ARN of a CodeConnections connection in the build account and region,"
                    + " arn:<partition>:codeconnections:<region>:<buildAccount>:connection/<uuid>";
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
    static final String EMAIL_FORM = "an e-mail address such as \"team@example.com\"";
    static final String TARGETS_FORM = "a non-empty JSON array of targets, each an object with at least \"name\""
            + " and \"account\", such as [{\"name\":\"test\",\"account\":\"<12-digit account ID>\"}]";
    static final String BOOLEAN_FORM = "true or false";
    static final String IMAGES_TO_KEEP_FORM = "a whole number from 1 to 1000";
    static final String SMOKE_TEST_PATH_FORM = "a relative path of a file in the application repository, such as"
            + " \"scripts/smoke-test.sh\": letters, digits and . _ - /, without a leading '/' or '..'";
    static final String CONTAINER_USER_FORM = "the user the container runs as, \"uid\" or \"uid:gid\" in digits"
            + " with a uid of at least 1, such as \"1000:1000\"; or \"image\" to keep the image's own USER";
    /**
     * CloudWatch Logs' retention periods of a year or more: governed accounts keep logs for at
     * least a year. https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
     */
    static final List<Integer> LOG_RETENTION_DAYS =
            List.of(365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    /** {@code arn:<partition>:<service>:<region>:<account>:connection/<uuid>}, the groups in that order. */
    static final Pattern CONNECTION = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov):(codestar-connections|codeconnections):([a-z0-9-]+):(\\d{12}):"
                    + "connection/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern CONTAINER_USER = Pattern.compile("(\\d{1,10})(:(\\d{1,10}))?");

    static final Rule<String> APP_NAME = Rule.of("appName", APP_NAME_FORM,
            name -> name.matches("[a-z][a-z0-9-]{1,18}[a-z0-9]"));
    static final Rule<String> BUILD_ACCOUNT = Rule.account("buildAccount");
    static final Rule<String> REGION = new Rule<>("region", REGION_FORM, Regions::supported, Regions::expected);
    static final Rule<String> CONNECTION_ARN = Rule.of("connectionArn", CONNECTION_FORM,
            arn -> CONNECTION.matcher(arn).matches());
    static final Rule<String> REPOSITORY_OWNER = Rule.of("repositoryOwner", OWNER_FORM,
            owner -> owner.matches("[A-Za-z0-9](-?[A-Za-z0-9]){0,38}"));
    static final Rule<String> REPOSITORY_NAME = Rule.of("repositoryName", REPOSITORY_FORM,
            name -> name.matches("[A-Za-z0-9._-]{1,100}") && !name.matches("\\.+"));
    static final Rule<String> BRANCH = Rule.of("branch", BRANCH_FORM,
            branch -> branch.matches("[A-Za-z0-9._/-]{1,255}") && !branch.contains("..") && !branch.startsWith("/")
                    && !branch.endsWith("/") && !branch.endsWith(".lock"));
    static final Rule<String> CONTAINER_NAME = Rule.of("containerName", CONTAINER_NAME_FORM,
            name -> name.matches("[A-Za-z0-9_-]{1,255}"));
    static final Rule<Integer> CONTAINER_PORT = Rule.of("containerPort", PORT_FORM,
            containerPort -> containerPort >= 1 && containerPort <= 65535);
    static final Rule<String> HEALTH_CHECK_PATH = Rule.of("healthCheckPath", HEALTH_PATH_FORM,
            path -> path.matches("/[A-Za-z0-9._~/-]{0,1023}"));
    static final Rule<Integer> IMAGES_TO_KEEP = Rule.range("imagesToKeep", 1, 1000);
    static final Rule<String> NOTIFICATION_EMAIL = Rule.of("notificationEmail", EMAIL_FORM,
            email -> email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"));
    // Checked out of the application repository by the build, so it must stay inside it.
    static final Rule<String> SMOKE_TEST_PATH = Rule.of("smokeTestPath", SMOKE_TEST_PATH_FORM,
            path -> path.matches("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*") && !path.contains("..")
                    && path.length() <= 1024);
    // Root in the container is refused by default: the image's own USER is the explicit opt-out.
    static final Rule<String> CONTAINER_USER_RULE = new Rule<>("containerUser", CONTAINER_USER_FORM,
            user -> user.equals("image") || runsAsNonRoot(user),
            user -> user.equals("root") || user.startsWith("root:") || user.matches("0+(:.*)?")
                    ? "a uid of at least 1, such as \"1000:1000\": uid 0 is root, which this app does not run;"
                            + " write \"image\" to run as the USER the image declares instead"
                    : CONTAINER_USER_FORM);
    static final Rule<Integer> LOG_RETENTION = new Rule<>("logRetentionDays",
            "one of CloudWatch Logs' retention periods of a year or more: " + LOG_RETENTION_DAYS,
            LOG_RETENTION_DAYS::contains,
            days -> days < 365
                    ? "at least 365, since governed accounts require at least a year of logs: one of "
                            + LOG_RETENTION_DAYS
                    : "one of CloudWatch Logs' retention periods of a year or more: " + LOG_RETENTION_DAYS);

    public DeliveryConfig {
        APP_NAME.require(appName);
        BUILD_ACCOUNT.require(buildAccount);
        REGION.require(region);
        CONNECTION_ARN.require(connectionArn);
        REPOSITORY_OWNER.require(repositoryOwner);
        REPOSITORY_NAME.require(repositoryName);
        BRANCH.require(branch);
        CONTAINER_NAME.require(containerName);
        CONTAINER_PORT.require(containerPort);
        HEALTH_CHECK_PATH.require(healthCheckPath);
        IMAGES_TO_KEEP.require(imagesToKeep);
        Objects.requireNonNull(cpuArchitecture, "cpuArchitecture");
        Objects.requireNonNull(notificationEmail, "notificationEmail");
        notificationEmail.ifPresent(NOTIFICATION_EMAIL::require);
        Objects.requireNonNull(scanFailOn, "scanFailOn");
        SMOKE_TEST_PATH.require(smokeTestPath);
        CONTAINER_USER_RULE.require(containerUser);
        LOG_RETENTION.require(logRetentionDays);
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new InvalidConfigException("targets", targets, TARGETS_FORM);
        }
        Problems problems = new Problems();
        CrossKeyChecks.checkAcross(buildAccount, region, connectionArn, cpuArchitecture,
                targets.stream().map(CrossKeyChecks.TargetFacts::of).toList(), DeploymentTarget::keyOf, problems);
        problems.throwIfAny();
    }

    /**
     * Reads and validates the configuration from the whole CDK context.
     *
     * <p>Problems are reported in the order of the context's keys, so the map's iteration order
     * matters. The app passes {@code app.getNode().getAllContext()}, which keeps the order the
     * context was given in: the CDK CLI sends {@code CDK_CONTEXT_JSON} with the keys of
     * {@code cdk.json} in file order ({@code -c} keys keep the position of the key they override,
     * new ones follow), the app parses it with {@code JSON.parse}, and jsii hands the object to
     * Java as a {@code LinkedHashMap}; a {@code LinkedHashMap} given as {@code AppProps.context}
     * keeps its order the same way. (JavaScript puts integer-like keys such as {@code "123"}
     * first; no key of this app looks like that.)
     *
     * @param context every context key with its value, in the order given
     * @throws InvalidConfigException with every problem found, one per key at fault
     */
    public static DeliveryConfig fromContext(Map<String, Object> context) {
        Problems problems = new Problems();
        ContextKeys.checkTopLevel(context, problems);
        ContextReader read = new ContextReader(context, "", problems);
        String appName = read.string(APP_NAME);
        String buildAccount = read.string(BUILD_ACCOUNT);
        String region = read.string(REGION);
        String connectionArn = read.string(CONNECTION_ARN);
        String repositoryOwner = read.string(REPOSITORY_OWNER);
        String repositoryName = read.string(REPOSITORY_NAME);
        String branch = read.string(BRANCH);
        String containerName = read.string(CONTAINER_NAME);
        Integer containerPort = read.integer(CONTAINER_PORT);
        String healthCheckPath = read.string(HEALTH_CHECK_PATH);
        Integer imagesToKeep = read.optionalInteger(IMAGES_TO_KEEP, 30);
        CpuArchitecture cpuArchitecture = read.optionalEnum("cpuArchitecture", CpuArchitecture.class,
                CpuArchitecture.ARM64);
        String email = read.optionalString(NOTIFICATION_EMAIL, null);
        ScanFailOn scanFailOn = read.optionalEnum("scanFailOn", ScanFailOn.class, ScanFailOn.CRITICAL);
        String smokeTestPath = read.optionalString(SMOKE_TEST_PATH, "scripts/smoke-test.sh");
        String containerUser = read.optionalString(CONTAINER_USER_RULE, "1000:1000");
        Boolean readonlyRootFilesystem = read.optionalBoolean("readonlyRootFilesystem", true);
        Integer logRetentionDays = read.optionalInteger(LOG_RETENTION, 365);
        Boolean deletionProtection = read.optionalBoolean("loadBalancerDeletionProtection", false);
        Map<String, Object> service = ServiceSettings.read(read, ServiceSettings.DEFAULTS.values());
        ServiceSettings.checkAcross(service, (atFault, other) -> atFault, problems);

        TargetsReader targets = new TargetsReader(read, region, service, deletionProtection, problems);
        CrossKeyChecks.checkAcross(buildAccount, region, connectionArn, cpuArchitecture, targets.facts(), targets::keyOf,
                problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(ContextKeys.inContextOrder(problems.list(), context, targets.entries()));
        }
        return new DeliveryConfig(appName, buildAccount, region, connectionArn, repositoryOwner, repositoryName,
                branch, containerName, containerPort, healthCheckPath, imagesToKeep, cpuArchitecture,
                Optional.ofNullable(email), targets.targets(), scanFailOn, smokeTestPath, containerUser,
                readonlyRootFilesystem, logRetentionDays);
    }

    private static boolean runsAsNonRoot(String user) {
        Matcher matcher = CONTAINER_USER.matcher(user);
        if (!matcher.matches()) {
            return false;
        }
        long uid = Long.parseLong(matcher.group(1));
        long gid = matcher.group(3) == null ? 0 : Long.parseLong(matcher.group(3));
        return uid >= 1 && uid <= Integer.MAX_VALUE && gid <= Integer.MAX_VALUE;
    }

    /** Every top-level context key this app reads; any other key that is not CDK's is refused. */
    public static List<String> contextKeys() {
        return ContextKeys.TOP_LEVEL;
    }

    /** Every key a {@code targets} entry may have. */
    public static List<String> targetKeys() {
        return ContextKeys.TARGET;
    }

    /** The first target: in the two-account form, the test account. */
    public DeploymentTarget firstTarget() {
        return targets.get(0);
    }

    /** Every physical name that one account needs from the other. */
    public ResourceNames names() {
        return new ResourceNames(appName, buildAccount, region);
    }

    /** The user for the task definition's container, or empty to keep the image's own {@code USER}. */
    public Optional<String> runAsUser() {
        return containerUser.equals("image") ? Optional.empty() : Optional.of(containerUser);
    }
}
