package io.github.crossaccountdelivery.acceptance.ports;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** CodePipeline, in the build account. */
public interface Pipelines {

    /** The pipeline's recent executions, newest first; empty when the pipeline does not exist. */
    List<Execution> executions(String pipeline);

    /** Every action run of one execution. */
    List<ActionRun> actions(String pipeline, String executionId);

    /**
     * @param status InProgress, Stopping, Stopped, Succeeded, Superseded, Failed or Cancelled
     * @param commit the source revision the execution runs (the Git commit)
     */
    record Execution(String id, String status, String commit, Instant started, Instant updated) {
        public boolean finished() {
            return !status.equals("InProgress") && !status.equals("Stopping");
        }
    }

    /**
     * @param status  InProgress, Abandoned, Succeeded or Failed
     * @param ended   when the action reached its status; empty while it runs
     * @param summary what the action said about itself (an error message when it failed), or ""
     */
    record ActionRun(String stage, String action, String status, Instant started, Optional<Instant> ended,
                     String summary) {
        public boolean running() {
            return status.equals("InProgress");
        }
    }
}
