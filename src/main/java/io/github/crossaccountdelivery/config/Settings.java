package io.github.crossaccountdelivery.config;

import static io.github.crossaccountdelivery.config.Setting.Scope.SHARED;

import io.github.crossaccountdelivery.common.CpuArchitecture;
import io.github.crossaccountdelivery.common.LogRetention;
import io.github.crossaccountdelivery.common.ScanFailOn;
import io.github.crossaccountdelivery.naming.Arn;
import io.github.crossaccountdelivery.naming.Partitions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of the app and its pipeline, and those a target may set for itself with the
 * top-level value as its default, declared once each in the order missing keys are reported and
 * the configuration reference lists them; {@link TargetSettings} has the rest. Each gives the
 * context key, its kind, its rule, its default and what it means.
 */
public final class Settings {

    private static final List<Setting<?>> ALL = new ArrayList<>();

    static final String ACCOUNT_FORM = "a 12-digit AWS account ID written as a JSON string, such as"
            + " \"123456789012\" (a JSON number would lose leading zeros)";
    static final String TARGETS_FORM = "a non-empty JSON array of targets, each an object with at least \"name\""
            + " and \"account\", such as [{\"name\":\"test\",\"account\":\"<12-digit account ID>\"}]";
    private static final String RETENTION_FORM = "one of CloudWatch Logs' retention periods of a year or more: "
            + LogRetention.DAYS;
    private static final String CONTAINER_USER_FORM = "the user the container runs as, \"uid\" or \"uid:gid\""
            + " in digits with a uid of at least 1, such as \"1000:1000\"; or \"image\" to keep the image's own USER";

    // ---- The app and its pipeline ----

    public static final Setting<String> APP_NAME = declare(Setting.text("appName", "3 to 20 lowercase letters,"
                    + " digits or hyphens, starting with a letter and not ending with a hyphen, such as \"orders\"",
            name -> name.matches("[a-z][a-z0-9-]{1,18}[a-z0-9]"))
            .about("Prefixes every physical name", "orders"));
    public static final Setting<String> BUILD_ACCOUNT = declare(account("buildAccount")
            .about("The account of the pipeline, the build, the artifacts and the images", "\"111111111111\""));
    /** Required in the two-account form, that is when {@link #TARGETS} is not set; ignored otherwise. */
    public static final Setting<String> TEST_ACCOUNT = declare(account("testAccount")
            .about("The account of the one target, `test`, when `targets` is not set; ignored when it is",
                    "\"222222222222\""));
    public static final Setting<String> REGION = declare(Setting.text("region",
                    "an AWS region code that aws-cdk-lib knows, such as \"eu-west-1\"", Partitions::supported)
            .explainedBy(Settings::regionExpected)
            .about("Where every account's resources go", "eu-west-1"));
    /** Required in the two-account form; with {@link #TARGETS}, each target needs its own or this. */
    public static final Setting<List<String>> AVAILABILITY_ZONES = declare(Setting.texts("availabilityZones",
                    "a list of at least two distinct availability zone names of the configured region"
                            + " (a load balancer needs two)",
            zones -> zones.size() >= 2 && new HashSet<>(zones).size() == zones.size()
                    && zones.stream().allMatch(zone -> zone.matches("[a-z]{2}(-[a-z]+)+-\\d{1,2}[a-z]")))
            .in(SHARED).optional()
            .about("The zones the target's network spans; required unless every `targets` entry sets its own",
                    "[\"eu-west-1a\",\"eu-west-1b\"]"));
    public static final Setting<String> CONNECTION_ARN = declare(Setting.text("connectionArn",
                    "the ARN of a CodeConnections connection in the build account and region,"
                            + " arn:<partition>:codeconnections:<region>:<buildAccount>:connection/<uuid>",
            arn -> Arn.parse(arn).filter(a -> a.is("codestar-connections|codeconnections",
                    "connection/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}")).isPresent())
            .about("The connection to GitHub, authorized for the repository's owner",
                    "arn:aws:codeconnections:eu-west-1:111111111111:connection/…"));
    public static final Setting<String> REPOSITORY_OWNER = declare(Setting.text("repositoryOwner",
                    "a GitHub user or organization name: letters, digits and single hyphens, at most 39 characters",
            owner -> owner.matches("[A-Za-z0-9](-?[A-Za-z0-9]){0,38}"))
            .about("The GitHub user or organization that owns the repository", "example-org"));
    public static final Setting<String> REPOSITORY_NAME = declare(Setting.text("repositoryName",
                    "a GitHub repository name: letters, digits, '.', '-' or '_', at most 100 characters",
            name -> name.matches("[A-Za-z0-9._-]{1,100}") && !name.matches("\\.+"))
            .about("The repository, with a `Dockerfile` at its root", "orders-service"));
    public static final Setting<String> BRANCH = declare(Setting.text("branch",
                    "a git branch name such as \"main\", without spaces, '..', or a leading or trailing '/'",
            branch -> branch.matches("[A-Za-z0-9._/-]{1,255}") && !branch.contains("..") && !branch.startsWith("/")
                    && !branch.endsWith("/") && !branch.endsWith(".lock"))
            .about("The branch whose commits are delivered", "main"));
    public static final Setting<String> CONTAINER_NAME = declare(Setting.text("containerName",
                    "1 to 255 letters, digits, hyphens or underscores", name -> name.matches("[A-Za-z0-9_-]{1,255}"))
            .about("The container's name in the task definition and in `imagedefinitions.json`", "app"));
    public static final Setting<Integer> CONTAINER_PORT = declare(Setting.range("containerPort", 1, 65535)
            .about("The port the application listens on (1024 or above for a non-root user)", "8080"));
    public static final Setting<String> HEALTH_CHECK_PATH = declare(Setting.text("healthCheckPath",
                    "a URL path starting with '/', at most 1024 characters of letters, digits and -._~/",
            path -> path.matches("/[A-Za-z0-9._~/-]{0,1023}"))
            .about("The path that answers 200 while the application is healthy", "/health"));
    public static final Setting<String> CERTIFICATE_ARN = declare(Setting.text("certificateArn",
                    "the ARN of an ACM certificate in the target's account and the configured region,"
                            + " arn:<partition>:acm:<region>:<account>:certificate/<id>",
            arn -> Arn.parse(arn).filter(a -> a.is("acm", "certificate/[0-9a-f-]{36}")).isPresent()).in(SHARED).optional()
            .about("HTTPS on 443 with this certificate, and HTTP redirected to it", ""));
    public static final Setting<String> DOMAIN_NAME = declare(Setting.text("domainName", "a DNS name such as"
                    + " \"orders.example.com\": lowercase labels of letters, digits and inner hyphens, separated by dots",
            name -> name.length() <= 253 && name.matches("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}"))
            .in(SHARED).optional().about("The name the certificate is for and clients use; required with"
                    + " `certificateArn`, and what Verify checks the certificate against", ""));
    public static final Setting<Boolean> LOAD_BALANCER_DELETION_PROTECTION = declare(
            Setting.flag("loadBalancerDeletionProtection").in(SHARED).orElse(false)
                    .about("Whether the load balancer refuses deletion", ""));
    public static final Setting<Boolean> ALLOW_UNLISTED_ZONES = declare(Setting.flag("allowUnlistedZones").in(SHARED)
            .orElse(false).about("Accept zones the table of each region's zones does not list, for an account that"
                    + " has them", ""));
    public static final Setting<Integer> IMAGES_TO_KEEP = declare(Setting.range("imagesToKeep", 1, 1000).orElse(30)
            .about("How many of the newest images the repository keeps", ""));
    public static final Setting<CpuArchitecture> CPU_ARCHITECTURE = declare(
            Setting.choice("cpuArchitecture", CpuArchitecture.class).orElse(CpuArchitecture.ARM64)
                    .about("What the image is built for and the tasks run on", ""));
    public static final Setting<String> NOTIFICATION_EMAIL = declare(Setting.text("notificationEmail",
                    "an e-mail address such as \"team@example.com\"", email -> email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"))
            .optional().about("Address subscribed to pipeline failures and pending approvals (AWS sends a"
                    + " confirmation link first)", ""));
    public static final Setting<ScanFailOn> SCAN_FAIL_ON = declare(Setting.choice("scanFailOn", ScanFailOn.class)
            .orElse(ScanFailOn.CRITICAL).about("The lowest severity of an ECR scan finding that fails the build;"
                    + " `NONE` turns the scan gate off", ""));
    // Checked out of the application repository by the build, so it must stay inside it.
    public static final Setting<String> SMOKE_TEST_PATH = declare(Setting.text("smokeTestPath",
                    "a relative path of a file in the application repository, such as \"scripts/smoke-test.sh\":"
                            + " letters, digits and . _ - /, without a leading '/' or '..'",
            path -> path.matches("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*") && !path.contains("..") && path.length() <= 1024)
            .orElse("scripts/smoke-test.sh").about("A script in the application repository that Verify runs with"
                    + " `SERVICE_URL` set; absent in the repository means no smoke test", ""));
    // Root in the container is refused by default: the image's own USER is the explicit opt-out.
    public static final Setting<String> CONTAINER_USER = declare(Setting.text("containerUser", CONTAINER_USER_FORM,
                    user -> user.equals("image") || runsAsNonRoot(user))
            .explainedBy(user -> user.equals("root") || user.startsWith("root:") || user.matches("0+(:.*)?")
                    ? "a uid of at least 1, such as \"1000:1000\": uid 0 is root, which this app does not run;"
                            + " write \"image\" to run as the USER the image declares instead"
                    : CONTAINER_USER_FORM)
            .orElse("1000:1000").about("The user the container runs as: `\"uid\"` or `\"uid:gid\"` (not root), or"
                    + " `\"image\"` for the image's own `USER`", ""));
    public static final Setting<Boolean> READONLY_ROOT_FILESYSTEM = declare(Setting.flag("readonlyRootFilesystem")
            .orElse(true).about("A read-only root file system with a writable `/tmp`; `false` if the application"
                    + " writes elsewhere", ""));
    public static final Setting<Integer> LOG_RETENTION_DAYS = declare(Setting.whole("logRetentionDays",
                    RETENTION_FORM, LogRetention.DAYS::contains)
            .explainedBy(days -> days < 365 ? "at least 365, since governed accounts require at least a year of"
                    + " logs: one of " + LogRetention.DAYS : RETENTION_FORM)
            .orElse(365).about("How long every log group keeps events (governed accounts require a year or more)",
                    ""));
    public static final Setting<Object> TARGETS = declare(Setting.structure("targets", TARGETS_FORM).optional()
            .about("The accounts to deploy to, in order; replaces `testAccount`. See [More accounts]"
                    + "(#more-accounts-test-staging-prod)", ""));

    private Settings() {
    }

    /**
     * Every setting, in the order missing keys are reported and the configuration reference lists
     * them: this table's, then {@link TargetSettings}'.
     */
    public static List<Setting<?>> all() {
        List<Setting<?>> all = new ArrayList<>(ALL);
        all.addAll(TargetSettings.ALL);
        return List.copyOf(all);
    }

    /** The settings of one scope, in order. */
    public static List<Setting<?>> in(Setting.Scope scope) {
        return all().stream().filter(s -> s.scope() == scope).toList();
    }

    private static <T> Setting<T> declare(Setting<T> setting) {
        ALL.add(setting);
        return setting;
    }

    static Setting<String> account(String key) {
        return Setting.text(key, ACCOUNT_FORM, account -> account.matches("\\d{12}"));
    }

    /** What a region that cannot be used should be, said for the value given. */
    private static String regionExpected(String given) {
        String form = "an AWS region code that aws-cdk-lib knows, in the " + String.join(", ", Partitions.SUPPORTED)
                + " partition";
        String partition = Partitions.byRegion().get(given);
        if (partition != null) {
            return form + ": " + given + " is in the " + partition + " partition, where the app's notification rule"
                    + " type (AWS::CodeStarNotifications::NotificationRule) does not exist";
        }
        String closest = ContextKeys.closest(given,
                Partitions.byRegion().keySet().stream().filter(Partitions::supported).toList());
        return closest != null ? form + ": did you mean " + closest + "?" : form;
    }

    private static boolean runsAsNonRoot(String user) {
        Matcher matcher = Pattern.compile("(\\d{1,10})(:(\\d{1,10}))?").matcher(user);
        return matcher.matches() && Long.parseLong(matcher.group(1)) >= 1
                && Long.parseLong(matcher.group(1)) <= Integer.MAX_VALUE
                && (matcher.group(3) == null || Long.parseLong(matcher.group(3)) <= Integer.MAX_VALUE);
    }
}
