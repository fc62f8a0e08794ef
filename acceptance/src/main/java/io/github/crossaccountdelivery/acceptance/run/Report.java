package io.github.crossaccountdelivery.acceptance.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run found, in a form to attach to a bug report: the setting (versions, accounts,
 * region), one line per assertion (ID, PASS or FAIL, detail), the timings, and what teardown
 * removed and could not remove. No credentials or tokens ever reach it: it holds account IDs,
 * resource names and AWS's own messages.
 */
public final class Report {

    /** The timings every report lists, named as the README's, in this order; "not measured" when absent. */
    public static final List<String> TIMINGS = List.of("commit-to-running-in-test", "deploy", "verify", "rollback",
            "build", "test-stack-deploy", "build-stack-deploy", "day-two-deploy", "push-to-execution-start",
            "teardown", "total");

    private final List<String> setting = new ArrayList<>();
    private final Map<Assertion, Verdict> verdicts = new EnumMap<>(Assertion.class);
    private final Map<String, Duration> timings = new LinkedHashMap<>();
    private final List<String> teardown = new ArrayList<>();
    private Optional<String> stopped = Optional.empty();
    private boolean interrupted;

    /** A line of the setting, such as {@code region: eu-west-1}. */
    public void setting(String name, String value) {
        setting.add("%-12s %s".formatted(name + ":", value));
    }

    public void record(Assertion assertion, Verdict verdict) {
        verdicts.put(assertion, verdict);
    }

    public Optional<Verdict> verdict(Assertion assertion) {
        return Optional.ofNullable(verdicts.get(assertion));
    }

    public void timing(String name, Duration duration) {
        if (!TIMINGS.contains(name)) {
            throw new IllegalArgumentException("unknown timing " + name);
        }
        timings.put(name, duration);
    }

    public Optional<Duration> timing(String name) {
        return Optional.ofNullable(timings.get(name));
    }

    /** The run stopped before its end; later assertions were not checked. */
    public void stopped(String step, String why) {
        stopped = Optional.of("%s: %s".formatted(step, why));
    }

    public void interrupted(String step) {
        interrupted = true;
        stopped = Optional.of(step + ": interrupted (Ctrl-C or SIGTERM)");
    }

    public boolean wasInterrupted() {
        return interrupted;
    }

    public void teardown(Teardown.Result result) {
        result.removed().forEach(r -> teardown.add("TEARDOWN removed      " + r));
        result.leftBehind().forEach(r -> teardown.add("TEARDOWN NOT REMOVED  " + r));
        result.kept().forEach(r -> teardown.add("TEARDOWN kept         " + r));
    }

    /** Every assertion without a verdict fails, saying why it was not checked. */
    public void closeUnchecked() {
        String why = stopped.map(s -> "not checked: the run stopped at " + s).orElse("not checked");
        for (Assertion assertion : Assertion.values()) {
            verdicts.putIfAbsent(assertion, Verdict.fail(why));
        }
    }

    public long failures() {
        return verdicts.values().stream().filter(v -> !v.passed()).count();
    }

    /** 0 when every assertion passed, 130 after an interruption (as a shell reports SIGINT), 1 otherwise. */
    public int exitCode() {
        if (interrupted) {
            return 130;
        }
        return failures() == 0 && verdicts.size() == Assertion.values().length ? 0 : 1;
    }

    public String render(Instant started, Instant finished) {
        StringBuilder out = new StringBuilder("cross-account-delivery acceptance report\n");
        setting.forEach(line -> out.append(line).append('\n'));
        out.append("%-12s %s to %s%n".formatted("time:", started, finished));
        long failed = failures();
        out.append("%-12s %s%n".formatted("outcome:", interrupted ? "INTERRUPTED, %d of %d assertions failed"
                .formatted(failed, verdicts.size()) : failed == 0 ? "PASS, all %d assertions passed"
                .formatted(verdicts.size()) : "FAIL, %d of %d assertions failed".formatted(failed, verdicts.size())));
        stopped.ifPresent(s -> out.append("%-12s %s%n".formatted("stopped at:", s)));
        out.append('\n');
        for (Assertion assertion : Assertion.values()) {
            Verdict v = verdicts.get(assertion);
            if (v != null) {
                out.append("%-3s %-4s %s: %s%n".formatted(assertion.name(), v.passed() ? "PASS" : "FAIL",
                        assertion.slug(), v.detail()));
            }
        }
        out.append('\n');
        for (String name : TIMINGS) {
            out.append("TIMING %-26s %s%n".formatted(name,
                    Optional.ofNullable(timings.get(name)).map(Report::format).orElse("not measured")));
        }
        if (!teardown.isEmpty()) {
            out.append('\n');
            teardown.forEach(line -> out.append(line).append('\n'));
        }
        return out.toString();
    }

    static String format(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600 ? "%dh%02dm%02ds".formatted(s / 3600, s % 3600 / 60, s % 60)
                : "%dm%02ds".formatted(s / 60, s % 60);
    }
}
