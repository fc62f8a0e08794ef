package io.github.crossaccountdelivery;

import java.util.function.Predicate;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestPlan;

/** What the test run's listeners ask of its plan before it starts: which classes it will run. */
final class PlannedClasses {

    private PlannedClasses() {
    }

    /** Whether any class of the plan passes {@code test}. */
    static boolean any(TestPlan plan, Predicate<Class<?>> test) {
        return plan.getRoots().stream()
                .flatMap(root -> plan.getDescendants(root).stream())
                .flatMap(node -> node.getSource().stream())
                .anyMatch(source -> source instanceof ClassSource type && test.test(type.getJavaClass()));
    }
}
