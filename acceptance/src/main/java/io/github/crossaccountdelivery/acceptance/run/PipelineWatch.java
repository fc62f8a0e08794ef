package io.github.crossaccountdelivery.acceptance.run;

import io.github.crossaccountdelivery.acceptance.ports.Pipelines;
import io.github.crossaccountdelivery.acceptance.ports.Pipelines.ActionRun;
import io.github.crossaccountdelivery.acceptance.ports.Pipelines.Execution;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Follows the pipeline execution of one commit to its end, with a bound per stage: a build that
 * hangs is reported as the Build stage overrunning, not as a run that never ends. The first
 * execution whose source revision is the commit is the one followed (a later one of the same
 * commit would be a retry the run did not start).
 */
public final class PipelineWatch {

    private final Pipelines pipelines;
    private final String pipeline;
    private final Timeouts timeouts;
    private final Waiter waiter;
    private final Consumer<String> progress;

    public PipelineWatch(Pipelines pipelines, String pipeline, Timeouts timeouts, Waiter waiter,
                         Consumer<String> progress) {
        this.pipelines = pipelines;
        this.pipeline = pipeline;
        this.timeouts = timeouts;
        this.waiter = waiter;
        this.progress = progress;
    }

    /** The finished execution and every action it ran. */
    public record Outcome(Execution execution, List<ActionRun> actions) {
        public Outcome {
            actions = List.copyOf(actions);
        }

        /** The stage's action run (each stage of this pipeline has one action). */
        public Optional<ActionRun> stage(String stage) {
            return actions.stream().filter(a -> a.stage().equals(stage)).max(Comparator.comparing(ActionRun::started));
        }

        /** How long the stage's action ran, if it ended. */
        public Optional<Duration> duration(String stage) {
            return stage(stage).flatMap(a -> a.ended().map(end -> Duration.between(a.started(), end)));
        }
    }

    /**
     * @throws TimedOut when no execution of the commit starts within its bound, a stage runs past
     *                  its own, or the execution as a whole does
     */
    public Outcome await(String commit) throws InterruptedException, TimedOut {
        Instant startedWaiting = waiter.now();
        Map<String, String> reported = new HashMap<>();
        String[] executionId = {null};
        return waiter.until("pipeline %s's execution of commit %s".formatted(pipeline, shortId(commit)),
                timeouts.execution(), () -> {
                    Optional<Execution> execution = pipelines.executions(pipeline).stream()
                            .filter(e -> commit.equals(e.commit()))
                            .filter(e -> executionId[0] == null || e.id().equals(executionId[0]))
                            .min(Comparator.comparing(Execution::started));
                    Instant now = waiter.now();
                    if (execution.isEmpty()) {
                        if (Duration.between(startedWaiting, now).compareTo(timeouts.executionAppears()) > 0) {
                            throw new TimedOut("no execution of commit %s started in pipeline %s within %s"
                                    .formatted(shortId(commit), pipeline, Waiter.minutes(timeouts.executionAppears())));
                        }
                        return Waiter.Poll.pending("no execution of the commit yet");
                    }
                    Execution current = execution.get();
                    executionId[0] = current.id();
                    List<ActionRun> actions = pipelines.actions(pipeline, current.id());
                    for (ActionRun action : actions) {
                        String key = action.stage() + "/" + action.action();
                        if (!action.status().equals(reported.put(key, action.status()))) {
                            progress.accept("%s %s: %s%s".formatted(shortId(commit), key, action.status(),
                                    action.summary().isBlank() ? "" : " (" + action.summary() + ")"));
                        }
                    }
                    if (current.finished()) {
                        return Waiter.Poll.done(new Outcome(current, actions));
                    }
                    for (ActionRun action : actions) {
                        Duration bound = timeouts.stage(action.stage());
                        Duration ran = Duration.between(action.started(), now);
                        if (action.running() && ran.compareTo(bound) > 0) {
                            throw new TimedOut("stage %s of execution %s (commit %s) ran for %s, past its bound of %s"
                                    .formatted(action.stage(), current.id(), shortId(commit), Waiter.minutes(ran),
                                            Waiter.minutes(bound)));
                        }
                    }
                    return Waiter.Poll.pending("execution %s %s".formatted(current.id(), current.status()));
                });
    }

    static String shortId(String commit) {
        return commit.length() > 10 ? commit.substring(0, 10) : commit;
    }
}
