package io.github.crossaccountdelivery.acceptance.run;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The command line, as given: every value optional here, because the run refuses to start with
 * one line per missing or malformed value ({@link Preflight}) rather than at the first.
 *
 * @param values flag (without the leading dashes) to value
 * @param yes    do not ask before creating resources
 * @param help   print the usage and stop
 */
public record Options(Map<String, String> values, boolean yes, boolean help) {

    /** Every flag that takes a value, with what it means; the order is the usage text's. */
    public static final List<Flag> FLAGS = List.of(
            new Flag("build-profile", "NAME", true, "AWS CLI profile with credentials for the build account"),
            new Flag("test-profile", "NAME", true, "AWS CLI profile with credentials for the test account"),
            new Flag("build-account", "ID", true, "the build account's 12-digit ID"),
            new Flag("test-account", "ID", true, "the test account's 12-digit ID"),
            new Flag("region", "REGION", true, "the region of both accounts' resources, e.g. eu-west-1"),
            new Flag("connection-arn", "ARN", true,
                    "an AVAILABLE CodeConnections connection in the build account and region"),
            new Flag("repository", "OWNER/NAME", true,
                    "the GitHub repository the connection can read and you may push to"),
            new Flag("git-url", "URL", false, "where to push (default https://github.com/OWNER/NAME.git)"),
            new Flag("branch", "NAME", false,
                    "the branch to deliver (default acceptance-RUNID: created, then deleted, by the run)"),
            new Flag("app-name", "NAME", false,
                    "appName of the deployment (default acc-RUNID, so no earlier run's leftovers collide)"),
            new Flag("availability-zones", "A,B", false, "two or more zones of the region (default REGIONa,REGIONb)"),
            new Flag("cpu-architecture", "ARM64|X86_64", false, "what the image is built for (default ARM64)"),
            new Flag("certificate-arn", "ARN", false,
                    "HTTPS with this ACM certificate of the test account (needs --domain-name)"),
            new Flag("domain-name", "NAME", false,
                    "the certificate's name, resolving to the load balancer (needs --certificate-arn)"),
            new Flag("work-dir", "DIR", false,
                    "where the project copy, logs and report go (default a new directory under the temp dir)"),
            new Flag("report", "FILE", false, "where the report goes (default WORK-DIR/report.txt)"),
            new Flag("project-dir", "DIR", false, "the cross-account-delivery checkout (scripts/acceptance sets it)"));

    public Options {
        values = Map.copyOf(values);
    }

    public Optional<String> value(String flag) {
        return Optional.ofNullable(values.get(flag)).filter(v -> !v.isBlank());
    }

    /**
     * Parses {@code --flag value}, {@code --flag=value}, {@code --yes} and {@code --help}.
     *
     * @throws IllegalArgumentException naming every unknown flag and every flag without a value
     */
    public static Options parse(String... args) {
        Map<String, String> values = new TreeMap<>();
        List<String> errors = new java.util.ArrayList<>();
        boolean yes = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--yes") || arg.equals("-y")) {
                yes = true;
                continue;
            }
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                errors.add("unexpected argument '" + arg + "': every setting is a --flag");
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            String flag = name;
            if (FLAGS.stream().noneMatch(f -> f.name().equals(flag))) {
                errors.add("unknown option --" + flag);
                if (value == null && i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    i++;
                }
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    errors.add("--" + flag + " needs a value");
                    continue;
                }
                value = args[++i];
            }
            values.put(flag, value);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", errors));
        }
        return new Options(values, yes, help);
    }

    /** The usage text. */
    public static String usage() {
        StringBuilder text = new StringBuilder("""
                Usage: scripts/acceptance --build-profile NAME --test-profile NAME --build-account ID \\
                         --test-account ID --region REGION --connection-arn ARN --repository OWNER/NAME [options]

                Deploys cross-account-delivery into a build and a test account, pushes a sample application,
                checks what the pipeline does with a good and a broken release, tears everything down and
                writes a report. It costs money: it prints an estimate and asks first (unless --yes).
                See acceptance/README.md.

                """);
        for (Flag flag : FLAGS) {
            text.append("  %-36s %s%s%n".formatted("--" + flag.name() + " " + flag.placeholder(),
                    flag.required() ? "(required) " : "", flag.meaning()));
        }
        text.append("  %-36s %s%n".formatted("--yes", "do not ask before creating resources"));
        text.append("  %-36s %s%n".formatted("--help", "this text"));
        text.append("""

                git pushes with your own credentials for --git-url (an SSH key, a credential helper), or,
                over https, with a token in the environment variable ACCEPTANCE_GIT_TOKEN.
                """);
        return text.toString();
    }

    public record Flag(String name, String placeholder, boolean required, String meaning) {
    }
}
