package io.github.crossaccountdelivery.acceptance.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void takesValuesAfterTheFlagOrAfterAnEqualsSign() {
        Options options = Options.parse("--region", "eu-west-1", "--build-account=111111111111", "--yes");

        assertThat(options.value("region")).contains("eu-west-1");
        assertThat(options.value("build-account")).contains("111111111111");
        assertThat(options.yes()).isTrue();
        assertThat(options.value("test-account")).isEmpty();
    }

    @Test
    void aLaterValueOfTheSameFlagWins() {
        assertThat(Options.parse("--project-dir", "/a", "--project-dir", "/b").value("project-dir")).contains("/b");
    }

    @Test
    void unknownFlagsAndFlagsWithoutValuesAreAllReported() {
        assertThatThrownBy(() -> Options.parse("--regoin", "eu-west-1", "--branch", "--yes", "stray"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option --regoin\n--branch needs a value\n"
                        + "unexpected argument 'stray': every setting is a --flag");
    }

    @Test
    void theUsageNamesEveryFlagAndHowGitGetsItsCredentials() {
        String usage = Options.usage();

        assertThat(Options.FLAGS).allSatisfy(f -> assertThat(usage).contains("--" + f.name() + " "));
        assertThat(usage).contains("(required) AWS CLI profile", "ACCEPTANCE_GIT_TOKEN", "--yes", "--help");
        assertThat(Options.parse("--help").help()).isTrue();
    }
}
