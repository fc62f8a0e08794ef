package io.github.crossaccountdelivery.acceptance.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

    static final Instant START = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void listsOneLinePerAssertionWithItsIdVerdictNameAndDetail() {
        Report report = new Report();
        for (Assertion a : Assertion.values()) {
            report.record(a, Verdict.pass("ok " + a.name()));
        }
        report.record(Assertion.A7, Verdict.fail("ended ROLLBACK_FAILED"));

        String text = report.render(START, START.plusSeconds(3600));

        assertThat(text.lines().filter(l -> l.matches("A\\d+ +(PASS|FAIL) .*"))).hasSize(Assertion.values().length)
                .contains("A7  FAIL broken-release-rolled-back: ended ROLLBACK_FAILED",
                        "A10 PASS teardown-leaves-nothing-behind: ok A10");
        assertThat(text).contains("outcome:     FAIL, 1 of " + Assertion.values().length + " assertions failed");
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void assertionsTheRunDidNotReachFailSayingWhereItStopped() {
        Report report = new Report();
        report.record(Assertion.A1, Verdict.pass("one image"));
        report.stopped("release 1 through the pipeline", "stage Build ran past its bound");

        report.closeUnchecked();

        assertThat(report.verdict(Assertion.A1)).contains(Verdict.pass("one image"));
        assertThat(report.verdict(Assertion.A9)).contains(Verdict.fail("not checked: the run stopped at release 1"
                + " through the pipeline: stage Build ran past its bound"));
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void everyAssertionPassingExitsZeroAndAnInterruptionExits130() {
        Report passing = new Report();
        for (Assertion a : Assertion.values()) {
            passing.record(a, Verdict.pass(""));
        }
        assertThat(passing.exitCode()).isZero();

        passing.interrupted("deploy orders-build");
        assertThat(passing.exitCode()).isEqualTo(130);
        assertThat(passing.render(START, START)).contains("outcome:     INTERRUPTED",
                "stopped at:  deploy orders-build: interrupted (Ctrl-C or SIGTERM)");
    }

    @Test
    void listsEveryTimingInTheReadmesOrderSayingWhichWereNotMeasured() {
        Report report = new Report();
        report.timing("rollback", Duration.ofSeconds(312));
        report.timing("total", Duration.ofMinutes(75));

        List<String> timings = report.render(START, START).lines().filter(l -> l.startsWith("TIMING")).toList();

        assertThat(timings).hasSize(Report.TIMINGS.size());
        assertThat(timings.get(0)).isEqualTo("TIMING commit-to-running-in-test  not measured");
        assertThat(timings).contains("TIMING rollback                   5m12s", "TIMING total                      1h15m00s");
        assertThatThrownBy(() -> report.timing("lunch", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void teardownLinesSayWhatWasRemovedWhatWasNotAndWhatIsKept() {
        Report report = new Report();
        report.teardown(new Teardown.Result(List.of("stack orders-build"), List.of("bucket b: AccessDenied"),
                List.of("the work directory /tmp/w"), List.of()));

        assertThat(report.render(START, START)).contains("TEARDOWN removed      stack orders-build",
                "TEARDOWN NOT REMOVED  bucket b: AccessDenied", "TEARDOWN kept         the work directory /tmp/w");
    }

    @Test
    void everyAssertionSaysWhatAwsBehaviourItProves() {
        assertThat(Assertion.values()).allSatisfy(a -> {
            assertThat(a.slug()).matches("[a-z0-9-]+");
            assertThat(a.proves()).isNotBlank();
        });
    }
}
