package io.github.crossaccountdelivery.acceptance.ports;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** CloudFormation stacks of one account and region. */
public interface Stacks {

    /** The stack, unless it does not exist (a deleted stack does not exist). */
    Optional<State> find(String stackName);

    /** The stack's resources with their physical IDs; empty when the stack does not exist. */
    List<Resource> resources(String stackName);

    /**
     * @param status     CloudFormation's stack status, e.g. CREATE_COMPLETE
     * @param outputs    output key to value
     * @param parameters parameter key to value (the bootstrap stack's TrustedAccounts, for one)
     */
    record State(String name, String status, Map<String, String> outputs, Map<String, String> parameters) {
        public State {
            outputs = Map.copyOf(outputs);
            parameters = Map.copyOf(parameters);
        }

        /** A create, update, delete or rollback is still running: nothing else may change the stack. */
        public boolean busy() {
            return status.endsWith("_IN_PROGRESS");
        }
    }

    /** One resource of a stack: the logical ID in the template, its type and the name or ID AWS gave it. */
    record Resource(String logicalId, String type, String physicalId) {
    }
}
