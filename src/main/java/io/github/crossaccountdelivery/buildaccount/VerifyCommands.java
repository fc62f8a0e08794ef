package io.github.crossaccountdelivery.buildaccount;

import io.github.crossaccountdelivery.common.ClasspathText;
import io.github.crossaccountdelivery.common.Ordered;
import io.github.crossaccountdelivery.naming.TargetNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shell commands of the post-deploy verification, as a CodePipeline Commands action takes
 * them: {@code pipeline/verify-commands.sh} from the class path, one command per line, with
 * blank and comment lines dropped, after one {@code export} per setting.
 *
 * <p>The Commands action has no environment variables of its own in CDK, and CodePipeline allows
 * at most 50 commands of at most 1000 characters each, with no command spanning lines
 * (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ActionDeclaration.html).
 */
public final class VerifyCommands {

    /** The commands' source on the class path. */
    public static final String RESOURCE = "/pipeline/verify-commands.sh";
    static final int MAX_COMMANDS = 50;
    static final int MAX_LENGTH = 1000;

    private VerifyCommands() {
    }

    /** The file's commands: one per line, blank lines and {@code #} comments dropped. */
    public static List<String> fromFile() {
        return ClasspathText.read(RESOURCE).lines()
                .filter(line -> !line.isBlank() && !line.strip().startsWith("#"))
                .toList();
    }

    /**
     * The commands that verify a deploy to {@code target}: its service, its URL's parameter, the
     * domain name its certificate is for, and the checks.
     */
    public static List<String> of(TargetNames target, TargetStages.Checks checks) {
        return with(Ordered.map(
                "CLUSTER_NAME", target.cluster(),
                "SERVICE_NAME", target.service(),
                "CONTAINER_NAME", checks.containerName(),
                "HEALTH_CHECK_PATH", checks.healthCheckPath(),
                "SERVICE_URL_PARAMETER", target.serviceUrlParameter(),
                // The name the https certificate is issued for, which the health check verifies
                // it against; empty for plain http. An https target without one fails, saying why.
                "SERVICE_DOMAIN", checks.domainName().orElse(""),
                "SMOKE_TEST_PATH", checks.smokeTestPath(),
                "VERIFY_TIMEOUT_SECONDS", Integer.toString(checks.timeoutSeconds())));
    }

    /**
     * The settings as exports, then the file's commands.
     *
     * @param settings variable names and values, in order; values are validated configuration
     *                 (names, paths, numbers), single-quoted here
     * @throws IllegalArgumentException when the result breaks CodePipeline's limits
     */
    static List<String> with(Map<String, String> settings) {
        List<String> commands = new ArrayList<>();
        settings.forEach((name, value) -> {
            if (!name.matches("[A-Z_][A-Z0-9_]*") || value.contains("'") || value.contains("\n")) {
                throw new IllegalArgumentException("cannot export " + name + "=" + value);
            }
            commands.add("export " + name + "='" + value + "'");
        });
        commands.addAll(fromFile());
        if (commands.size() > MAX_COMMANDS || commands.stream().anyMatch(c -> c.length() > MAX_LENGTH)) {
            throw new IllegalArgumentException("the verification's commands exceed CodePipeline's limits");
        }
        return List.copyOf(commands);
    }
}
