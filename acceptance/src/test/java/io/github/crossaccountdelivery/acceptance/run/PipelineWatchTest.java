package io.github.crossaccountdelivery.acceptance.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.crossaccountdelivery.acceptance.fake.FakeClock;
import io.github.crossaccountdelivery.acceptance.ports.AwsCallException;
import io.github.crossaccountdelivery.acceptance.ports.Pipelines;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Following one commit's execution with a bound per stage, on a fake clock: an hour's wait takes no time. */
class PipelineWatchTest {

    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    final FakeClock clock = new FakeClock(T0);
    final Waiter waiter = new Waiter(clock, clock::advance, Duration.ofSeconds(15));
    final List<String> progress = new ArrayList<>();

    /** An execution whose stages each take the given time, starting at {@code start}; the last may fail. */
    static final class Script implements Pipelines {
        final List<String[]> executions = new ArrayList<>();
        final FakeClock clock;
        Duration stage = Duration.ofMinutes(2);
        Duration build = Duration.ofMinutes(2);
        boolean deployFails;
        int failuresLeft;

        Script(FakeClock clock) {
            this.clock = clock;
        }

        void execution(String id, String commit, Instant start) {
            executions.add(new String[] {id, commit, start.toString()});
        }

        private List<ActionRun> runs(Instant start) {
            Instant now = clock.instant();
            List<ActionRun> runs = new ArrayList<>();
            Instant at = start;
            for (String stageName : List.of("Source", "Build", "Deploy-test", "Verify-test")) {
                if (at.isAfter(now)) {
                    break;
                }
                Instant end = at.plus(stageName.equals("Build") ? build : stage);
                boolean fails = deployFails && stageName.equals("Deploy-test");
                runs.add(end.isAfter(now) ? new ActionRun(stageName, "A", "InProgress", at, Optional.empty(), "")
                        : new ActionRun(stageName, "A", fails ? "Failed" : "Succeeded", at, Optional.of(end), ""));
                if (fails) {
                    break;
                }
                at = end;
            }
            return runs;
        }

        @Override
        public List<Execution> executions(String pipeline) {
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new AwsCallException("codepipeline:ListPipelineExecutions: Rate exceeded");
            }
            Instant now = clock.instant();
            return executions.stream().filter(e -> !Instant.parse(e[2]).isAfter(now)).map(e -> {
                List<ActionRun> runs = runs(Instant.parse(e[2]));
                ActionRun last = runs.get(runs.size() - 1);
                boolean done = !last.running() && (last.status().equals("Failed") || runs.size() == 4);
                return new Execution(e[0], done ? (last.status().equals("Failed") ? "Failed" : "Succeeded")
                        : "InProgress", e[1], Instant.parse(e[2]), now);
            }).toList();
        }

        @Override
        public List<ActionRun> actions(String pipeline, String executionId) {
            return executions.stream().filter(e -> e[0].equals(executionId)).findFirst()
                    .map(e -> runs(Instant.parse(e[2]))).orElse(List.of());
        }
    }

    final Script script = new Script(clock);
    final PipelineWatch watch = new PipelineWatch(script, "orders", Timeouts.standard(), waiter, progress::add);

    @Test
    void followsTheCommitsExecutionToItsEndOnTheFakeClock() throws Exception {
        script.execution("e1", "abc", T0.plusSeconds(30));

        PipelineWatch.Outcome outcome = watch.await("abc");

        assertThat(outcome.execution().status()).isEqualTo("Succeeded");
        assertThat(outcome.actions()).extracting(Pipelines.ActionRun::stage)
                .containsExactly("Source", "Build", "Deploy-test", "Verify-test");
        assertThat(outcome.duration("Build")).contains(Duration.ofMinutes(2));
        assertThat(Duration.between(T0, clock.instant())).isBetween(Duration.ofMinutes(8), Duration.ofMinutes(9));
        assertThat(progress).contains("abc Build/A: InProgress", "abc Build/A: Succeeded");
    }

    @Test
    void followsOnlyTheExecutionOfItsCommit() throws Exception {
        script.execution("other", "def", T0);
        script.deployFails = true;
        script.execution("mine", "abc", T0.plusSeconds(60));

        PipelineWatch.Outcome outcome = watch.await("abc");

        assertThat(outcome.execution().id()).isEqualTo("mine");
        assertThat(outcome.execution().status()).isEqualTo("Failed");
        assertThat(outcome.stage("Deploy-test")).map(Pipelines.ActionRun::status).contains("Failed");
        assertThat(outcome.stage("Verify-test")).isEmpty();
    }

    @Test
    void aStagePastItsBoundEndsTheWaitNamingTheStage() {
        script.build = Duration.ofHours(5);
        script.execution("e1", "abc", T0);

        assertThatThrownBy(() -> watch.await("abc")).isInstanceOf(TimedOut.class)
                .hasMessageStartingWith("stage Build of execution e1 (commit abc) ran for 35m")
                .hasMessageEndingWith("past its bound of 35 min");
        assertThat(Duration.between(T0, clock.instant())).isLessThan(Duration.ofMinutes(40));
    }

    @Test
    void noExecutionWithinItsBoundEndsTheWait() {
        script.execution("e1", "someone-elses-commit", T0);

        assertThatThrownBy(() -> watch.await("abc")).isInstanceOf(TimedOut.class)
                .hasMessage("no execution of commit abc started in pipeline orders within 10 min");
        assertThat(Duration.between(T0, clock.instant())).isBetween(Duration.ofMinutes(10), Duration.ofMinutes(11));
    }

    @Test
    void passingAwsErrorsAreLookedPast() throws Exception {
        script.failuresLeft = 3;
        script.execution("e1", "abc", T0);

        assertThat(watch.await("abc").execution().status()).isEqualTo("Succeeded");
    }

    @Test
    void anAwsErrorThatPersistsEndsAsATimeoutQuotingIt() {
        script.failuresLeft = Integer.MAX_VALUE;

        assertThatThrownBy(() -> watch.await("abc")).isInstanceOf(TimedOut.class)
                .hasMessageContaining("last seen: error: codepipeline:ListPipelineExecutions: Rate exceeded");
    }
}
