package io.github.crossaccountdelivery.acceptance.run;

import io.github.crossaccountdelivery.acceptance.local.ProjectCopy;
import io.github.crossaccountdelivery.acceptance.ports.Account;
import io.github.crossaccountdelivery.acceptance.ports.AwsCallException;
import io.github.crossaccountdelivery.acceptance.ports.Cdk;
import io.github.crossaccountdelivery.acceptance.ports.CommandResult;
import io.github.crossaccountdelivery.acceptance.ports.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Everything the run needs before it creates anything, checked at once: a run that would fail
 * half-way costs money and leaves more to tear down than one that does not start. Each problem is
 * one line, naming what is missing and how to provide it; a check that depends on another (the
 * connection on the build account's credentials) is skipped when that one failed, so every line
 * is worth acting on.
 *
 * <p>Design is {@link #check}: the option values, then the tools, then each account (credentials,
 * bootstrap, leftovers of an earlier run), the connection, the repository, and last the app's
 * own configuration checks on the run's cdk.json (`cdk synth`, no credentials needed).
 *
 * <p>Over 200 lines because it is one list of checks, each a few lines, that must all run and
 * all report into the same list.
 */
public final class Preflight {

    static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");
    /** The app's own form (config/Settings.java), with the partition, region and account as groups. */
    static final Pattern CONNECTION = Pattern.compile("arn:(aws|aws-cn|aws-us-gov):(?:codestar-connections"
            + "|codeconnections):([a-z0-9-]+):(\\d{12}):connection/[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}");
    static final Pattern CERTIFICATE = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov):acm:([a-z0-9-]+):(\\d{12}):certificate/[0-9a-f-]{36}");
    static final Pattern REPOSITORY = Pattern.compile("([A-Za-z0-9](?:-?[A-Za-z0-9]){0,38})/([A-Za-z0-9._-]{1,100})");
    static final Pattern APP_NAME = Pattern.compile("[a-z][a-z0-9-]{1,18}[a-z0-9]");
    static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

    private final Account.Opener accounts;
    private final Cdk cdk;
    private final Git git;

    public Preflight(Account.Opener accounts, Cdk cdk, Git git) {
        this.accounts = accounts;
        this.cdk = cdk;
        this.git = git;
    }

    /**
     * @param plan    the run, when nothing stands in its way
     * @param build   the build account, when its credentials work
     * @param test    the test account, likewise
     */
    public record Outcome(List<String> problems, Optional<RunPlan> plan, Optional<Account> build,
                         Optional<Account> test) {
        public Outcome {
            problems = List.copyOf(problems);
        }
    }

    /**
     * @param runId   the run's random ID, for the default names
     * @param tempDir where the default work directory goes
     */
    public Outcome check(Options options, String runId, Path tempDir, Timeouts timeouts) throws InterruptedException {
        List<String> problems = new ArrayList<>();
        for (Options.Flag flag : Options.FLAGS) {
            if (flag.required() && options.value(flag.name()).isEmpty()) {
                problems.add("missing --%s %s: %s".formatted(flag.name(), flag.placeholder(), flag.meaning()));
            }
        }

        Optional<String> region = valid(options, "region", REGION, "an AWS region code such as eu-west-1", problems);
        Optional<String> buildAccount = valid(options, "build-account", ACCOUNT, "a 12-digit account ID", problems);
        Optional<String> testAccount = valid(options, "test-account", ACCOUNT, "a 12-digit account ID", problems);
        if (buildAccount.isPresent() && buildAccount.equals(testAccount)) {
            problems.add("--test-account is the build account: the run needs two accounts");
        }
        String app = options.value("app-name").orElse("acc-" + runId);
        if (!APP_NAME.matcher(app).matches()) {
            problems.add("--app-name '%s' is not 3 to 20 lowercase letters, digits or hyphens, starting with a letter"
                    .formatted(app));
        }
        String architecture = options.value("cpu-architecture").orElse("ARM64");
        if (!architecture.equals("ARM64") && !architecture.equals("X86_64")) {
            problems.add("--cpu-architecture '%s' is neither ARM64 nor X86_64".formatted(architecture));
        }
        List<String> zones = options.value("availability-zones")
                .map(z -> Arrays.stream(z.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElseGet(() -> region.map(r -> List.of(r + "a", r + "b")).orElse(List.of()));
        region.ifPresent(r -> {
            if (zones.stream().distinct().count() < 2 || zones.stream().anyMatch(z -> !z.matches(r + "[a-z]"))) {
                problems.add("--availability-zones %s is not two or more distinct zones of %s, such as %sa,%sb"
                        .formatted(String.join(",", zones), r, r, r));
            }
        });

        Optional<String> connection = connection(options.value("connection-arn"), region, buildAccount, problems);

        Optional<String> certificate = options.value("certificate-arn");
        Optional<String> domain = options.value("domain-name").map(String::toLowerCase);
        if (certificate.isPresent() != domain.isPresent()) {
            problems.add(certificate.isPresent()
                    ? "--certificate-arn needs --domain-name: TLS is checked against the name the certificate is for"
                    : "--domain-name needs --certificate-arn: without a certificate the service answers HTTP only");
        }
        certificate.ifPresent(arn -> {
            Matcher m = CERTIFICATE.matcher(arn);
            if (!m.matches()) {
                problems.add("--certificate-arn '%s' is not an ACM certificate ARN".formatted(arn));
            } else if (region.isPresent() && !m.group(2).equals(region.get())
                    || testAccount.isPresent() && !m.group(3).equals(testAccount.get())) {
                problems.add("--certificate-arn is in %s of account %s; the load balancer needs one in %s of the test account"
                        .formatted(m.group(2), m.group(3), region.orElse("?")));
            }
        });
        domain.ifPresent(d -> {
            if (!DOMAIN.matcher(d).matches()) {
                problems.add("--domain-name '%s' is not a DNS name such as app.example.com".formatted(d));
            }
        });

        Optional<Matcher> repository = options.value("repository").map(REPOSITORY::matcher).filter(Matcher::matches);
        options.value("repository").filter(r -> repository.isEmpty()).ifPresent(r ->
                problems.add("--repository '%s' is not OWNER/NAME of a GitHub repository".formatted(r)));
        Optional<String> gitUrl = options.value("git-url")
                .or(() -> repository.map(m -> "https://github.com/%s/%s.git".formatted(m.group(1), m.group(2))));
        // Credentials in the URL would end up in the report and the logs; git has better places for them.
        gitUrl.filter(url -> url.matches("[A-Za-z+]+://[^/@]*:[^/@]*@.*")).ifPresent(url -> problems.add(
                "--git-url holds a password or token: give it through ACCEPTANCE_GIT_TOKEN or your credential helper instead"));
        boolean defaultBranch = options.value("branch").isEmpty();
        String branch = options.value("branch").orElse("acceptance-" + runId);
        if (!branch.matches("[A-Za-z0-9._/-]+") || branch.contains("..") || branch.startsWith("/")
                || branch.endsWith("/") || branch.endsWith(".lock")) {
            problems.add("--branch '%s' is not a usable branch name".formatted(branch));
        }

        Path projectDir = options.value("project-dir").map(Path::of).orElse(Path.of("")).toAbsolutePath().normalize();
        for (String needed : List.of("cdk.json", "pom.xml", "mvnw", "src/main", "examples/sample-app/Dockerfile")) {
            if (!Files.exists(projectDir.resolve(needed))) {
                problems.add("--project-dir %s has no %s: point it at the cross-account-delivery checkout"
                        .formatted(projectDir, needed));
                break;
            }
        }
        Path workDir = options.value("work-dir").map(Path::of)
                .orElse(tempDir.resolve("cross-account-delivery-acceptance-" + runId)).toAbsolutePath().normalize();
        if (!emptyOrAbsent(workDir)) {
            problems.add("--work-dir %s is not empty: the run writes its own copy of the project there".formatted(workDir));
        }
        Path report = options.value("report").map(Path::of).orElse(workDir.resolve("report.txt")).toAbsolutePath();

        cdk.unavailable().ifPresent(why -> problems.add("the CDK CLI cannot run: " + why));
        Optional<String> gitProblem = git.unavailable();
        gitProblem.ifPresent(why -> problems.add("git cannot run: " + why));

        Names names = new Names(app, buildAccount.orElse("?"), testAccount.orElse("?"), region.orElse("?"),
                architecture);
        Optional<Account> build = account("build", options.value("build-profile"), buildAccount, region, problems);
        Optional<Account> test = account("test", options.value("test-profile"), testAccount, region, problems);
        build.ifPresent(b -> checkBuildAccount(b, names, connection, problems));
        test.ifPresent(t -> checkTestAccount(t, names, buildAccount, problems));

        boolean branchExists = false;
        if (gitUrl.isPresent() && gitProblem.isEmpty() && problems.stream().noneMatch(p -> p.startsWith("--git-url"))) {
            Git.PushAccess access = git.pushAccess(gitUrl.get(), branch);
            access.problem().ifPresent(why -> problems.add("cannot push to %s: %s".formatted(gitUrl.get(), why)));
            branchExists = access.branchExists();
            if (branchExists && defaultBranch) {
                problems.add("branch %s already exists in %s: pass --branch to use it, or delete it".formatted(branch,
                        gitUrl.get()));
            }
        }

        if (!problems.isEmpty()) {
            return new Outcome(problems, Optional.empty(), build, test);
        }
        RunPlan plan = new RunPlan(runId, names, options.value("build-profile").orElseThrow(),
                options.value("test-profile").orElseThrow(), zones, connection.orElseThrow(),
                repository.get().group(1), repository.get().group(2), gitUrl.orElseThrow(), branch, !branchExists,
                certificate, domain, projectDir, workDir, report, timeouts);

        // Last, the app's own checks on the run's configuration: cheaper now than as a failed deploy.
        ProjectCopy.write(projectDir, plan.projectCopy(), plan.cdkContext());
        CommandResult synth = cdk.synth(plan.projectCopy(), timeouts.synth());
        if (!synth.ok()) {
            List<String> refusals = synth.tail().lines().filter(l -> l.contains("Invalid configuration")).toList();
            problems.add("the app refuses the run's configuration: cdk synth " + synth.failure()
                    + (refusals.isEmpty() ? "" : "\n  " + String.join("\n  ", refusals)));
            return new Outcome(problems, Optional.empty(), build, test);
        }
        return new Outcome(problems, Optional.of(plan), build, test);
    }

    private static Optional<String> connection(Optional<String> arn, Optional<String> region,
                                               Optional<String> buildAccount, List<String> problems) {
        if (arn.isEmpty()) {
            return arn;
        }
        Matcher m = CONNECTION.matcher(arn.get());
        if (!m.matches()) {
            problems.add("--connection-arn '%s' is not a CodeConnections connection ARN".formatted(arn.get()));
            return Optional.empty();
        }
        if (region.isPresent() && !m.group(2).equals(region.get())
                || buildAccount.isPresent() && !m.group(3).equals(buildAccount.get())) {
            problems.add("--connection-arn names a connection in %s of account %s; the pipeline needs one in %s of the build account %s"
                    .formatted(m.group(2), m.group(3), region.orElse("?"), buildAccount.orElse("?")));
            return Optional.empty();
        }
        return arn;
    }

    private static Optional<String> valid(Options options, String flag, Pattern form, String expected,
                                          List<String> problems) {
        Optional<String> value = options.value(flag);
        if (value.isPresent() && !form.matcher(value.get()).matches()) {
            problems.add("--%s '%s' is not %s".formatted(flag, value.get(), expected));
            return Optional.empty();
        }
        return value;
    }

    /** The account, when its profile answers STS with the expected account ID. */
    private Optional<Account> account(String label, Optional<String> profile, Optional<String> expected,
                                      Optional<String> region, List<String> problems) {
        if (profile.isEmpty() || expected.isEmpty() || region.isEmpty()) {
            return Optional.empty();
        }
        try {
            Account account = accounts.open(label, profile.get(), region.get());
            String actual = account.identity().callerAccount();
            if (!actual.equals(expected.get())) {
                problems.add("--%s-profile %s has credentials for account %s, not the %s account %s"
                        .formatted(label, profile.get(), actual, label, expected.get()));
                return Optional.empty();
            }
            return Optional.of(account);
        } catch (AwsCallException | IllegalArgumentException e) {
            problems.add("no working credentials in --%s-profile %s for the %s account: %s (sign in, e.g. `aws sso login --profile %s`)"
                    .formatted(label, profile.get(), label, e.getMessage(), profile.get()));
            return Optional.empty();
        }
    }

    private static void checkBuildAccount(Account build, Names names, Optional<String> connection,
                                          List<String> problems) {
        attempt(problems, "the build account", () -> {
            if (build.stacks().find("CDKToolkit").isEmpty()) {
                problems.add("the build account %s is not bootstrapped in %s: run cdk bootstrap (README, Deploy, step 1)"
                        .formatted(names.buildAccount(), names.region()));
            }
            leftover(build.stacks().find(names.buildStack()).isPresent(), "stack " + names.buildStack(), problems);
            leftover(build.buckets().exists(names.artifactBucket()), "bucket " + names.artifactBucket(), problems);
            leftover(build.images().repositoryExists(names.repository()), "ECR repository " + names.repository(),
                    problems);
            leftover(build.images().repositoryExists(names.cacheRepository()),
                    "ECR repository " + names.cacheRepository(), problems);
            leftover(build.keys().keyForAlias(names.artifactKeyAlias()).isPresent(),
                    "KMS alias " + names.artifactKeyAlias(), problems);
            for (String group : names.buildLogGroups()) {
                leftover(build.logs().names(group).contains(group), "log group " + group + " of the build account",
                        problems);
            }
        });
        connection.ifPresent(arn -> attempt(problems, "the connection", () -> {
            String status = build.connections().status(arn);
            if (!status.equals("AVAILABLE")) {
                problems.add("connection %s is %s, not AVAILABLE: finish its handshake in the console (README, Deploy, step 2)"
                        .formatted(arn, status));
            }
        }));
    }

    private static void checkTestAccount(Account test, Names names, Optional<String> buildAccount,
                                         List<String> problems) {
        attempt(problems, "the test account", () -> {
            var toolkit = test.stacks().find("CDKToolkit");
            if (toolkit.isEmpty()) {
                problems.add("the test account %s is not bootstrapped in %s: run cdk bootstrap with --trust %s (README, Deploy, step 1)"
                        .formatted(names.testAccount(), names.region(), buildAccount.orElse("BUILD")));
            } else if (buildAccount.isPresent() && Stream.of(toolkit.get().parameters()
                    .getOrDefault("TrustedAccounts", "").split(",")).map(String::strip)
                    .noneMatch(buildAccount.get()::equals)) {
                problems.add("the test account's bootstrap does not trust the build account: bootstrap it again with --trust %s"
                        .formatted(buildAccount.get()));
            }
            leftover(test.stacks().find(names.testStack()).isPresent(), "stack " + names.testStack(), problems);
            leftover(test.keys().keyForAlias(names.testLogKeyAlias()).isPresent(),
                    "KMS alias " + names.testLogKeyAlias(), problems);
            for (String group : names.testLogGroups()) {
                leftover(test.logs().names(group).contains(group), "log group " + group + " of the test account",
                        problems);
            }
            leftover(!test.services().activeTaskDefinitions(names.taskFamily()).isEmpty(),
                    "task definition family " + names.taskFamily(), problems);
        });
    }

    private static void leftover(boolean exists, String what, List<String> problems) {
        if (exists) {
            problems.add(what + " already exists (an earlier deployment or run): delete it, or pick another --app-name");
        }
    }

    private static void attempt(List<String> problems, String what, Runnable check) {
        try {
            check.run();
        } catch (AwsCallException e) {
            problems.add("cannot check " + what + ": " + e.getMessage());
        }
    }

    private static boolean emptyOrAbsent(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
