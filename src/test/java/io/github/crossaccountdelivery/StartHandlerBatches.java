package io.github.crossaccountdelivery;

import java.util.function.Supplier;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Starts the handler tests' Node processes ({@link HandlerBatch}) as the test run starts. Their
 * scenarios spend most of their time waiting out timers (a handler retrying until its time is
 * up), about a second per class; started here, that time passes while other classes run, and each
 * class waits only for what is left of it before its first test. Registered with the JUnit Platform
 * in {@code META-INF/services}.
 */
public final class StartHandlerBatches implements TestExecutionListener {

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        start(plan, CurrentImageHandlerTest.class, () -> CurrentImageHandlerTest.BATCH);
        start(plan, DeliveryMetricsHandlerTest.class, () -> DeliveryMetricsHandlerTest.BATCH);
        start(plan, ReleaseCheckHandlerTest.class, () -> ReleaseCheckHandlerTest.BATCH);
    }

    private static void start(TestPlan plan, Class<?> testClass, Supplier<HandlerBatch.Once<?>> batch) {
        if (PlannedClasses.any(plan, testClass::equals)) {
            try {
                batch.get().start();
            } catch (Exception e) {
                // Nothing started: the class starts its batch itself, and reports this failure then.
            }
        }
    }
}
