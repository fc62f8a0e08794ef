package io.github.crossaccountdelivery.acceptance.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.acceptance.ports.CommandResult;
import io.github.crossaccountdelivery.acceptance.run.CdkVersion;
import io.github.crossaccountdelivery.acceptance.ports.CommandRunner.Command;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command lines the run gives the CDK CLI: pinned, one stack at a time, never asking. */
class CdkCliTest {

    final List<Command> commands = new ArrayList<>();
    final CdkCli cdk = new CdkCli(command -> {
        commands.add(command);
        return new CommandResult(0, false, "", Path.of("log"));
    });
    final Path project = Path.of("/work/project");

    @Test
    void deploysOneStackExclusivelyWithTheProfileAndWithoutAskingAtThePinnedVersion() throws Exception {
        cdk.deploy(project, "orders-build", "build", List.of(), Duration.ofMinutes(30));

        Command command = commands.get(0);
        assertThat(command.argv()).containsExactly("npx", "--yes", "aws-cdk@" + CdkVersion.PINNED, "deploy", "orders-build",
                "--profile", "build", "--exclusively", "--require-approval", "never", "--no-notices", "--progress",
                "events");
        assertThat(command.directory()).isEqualTo(project);
        assertThat(command.timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(command.environment()).containsEntry("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        assertThat(command.echo()).isTrue();
    }

    @Test
    void passesContextOverridesAsDashC() throws Exception {
        cdk.deploy(project, "orders-test", "test", List.of("taskMemoryMiB=1024"), Duration.ofMinutes(30));

        assertThat(commands.get(0).argv()).endsWith("-c", "taskMemoryMiB=1024");
    }

    @Test
    void destroysOneStackExclusivelyWithoutAsking() throws Exception {
        cdk.destroy(project, "orders-test", "test", Duration.ofMinutes(45));

        assertThat(commands.get(0).argv()).containsExactly("npx", "--yes", "aws-cdk@" + CdkVersion.PINNED, "destroy",
                "orders-test", "--profile", "test", "--exclusively", "--force", "--no-notices");
    }

    @Test
    void synthesizesWithoutLookupsOrCredentials() throws Exception {
        cdk.synth(project, Duration.ofMinutes(10));

        assertThat(commands.get(0).argv()).containsExactly("npx", "--yes", "aws-cdk@" + CdkVersion.PINNED, "synth",
                "--no-lookups", "--no-notices", "--quiet");
        assertThat(String.join(" ", commands.get(0).argv())).doesNotContain("--profile");
    }

    @Test
    void saysWhyItCannotRunWhenNodeIsMissing() {
        CdkCli noNode = new CdkCli(command -> new CommandResult(127, false, "cannot start node", Path.of("log")));

        assertThat(noNode.unavailable()).hasValueSatisfying(why -> assertThat(why)
                .startsWith("node --version exited with status 127").contains("install Node.js"));
    }
}
