package io.github.crossaccountdelivery;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Starts the whole-app syntheses ({@link BackgroundSyntheses}) as the test run starts, if any of
 * its classes is marked {@link ReadsWholeApps}: registered with the JUnit Platform in
 * {@code META-INF/services}.
 */
public final class StartBackgroundSyntheses implements TestExecutionListener {

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        boolean needed = PlannedClasses.any(plan, type -> type.isAnnotationPresent(ReadsWholeApps.class));
        if (needed) {
            BackgroundSyntheses.start();
        }
    }
}
