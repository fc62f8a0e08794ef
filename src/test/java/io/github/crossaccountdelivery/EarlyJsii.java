package io.github.crossaccountdelivery;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import software.amazon.jsii.JsiiEngine;

/**
 * Starts jsii as the test run starts, on a thread of its own: its Node process, with aws-cdk-lib
 * loaded (about 0.8 s on a 2-core machine), while the classes marked {@link WithoutCdk} run. Every
 * other class waits for it ({@link WaitForEarlyJsii}) before anything of it runs, so no two
 * threads ever use jsii at once. A run with no class outside the mark starts nothing.
 * Registered with the JUnit Platform in {@code META-INF/services}.
 */
public final class EarlyJsii implements TestExecutionListener {

    private static volatile CompletableFuture<Void> started = CompletableFuture.completedFuture(null);

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        boolean needed = PlannedClasses.any(plan, type -> !type.isAnnotationPresent(WithoutCdk.class));
        if (needed) {
            CompletableFuture<Void> future = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    // Loading the module is most of jsii's start; an App here would leave a folder in /tmp.
                    JsiiEngine.getInstance().loadModule(software.amazon.awscdk.$Module.class);
                    future.complete(null);
                } catch (RuntimeException | Error e) {
                    future.completeExceptionally(e);
                }
            }, "early-jsii");
            thread.setDaemon(true);
            started = future;
            thread.start();
        }
    }

    /** Returns once jsii has started, or at once if this run never started it early. */
    static void awaitStarted() {
        try {
            started.get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new IllegalStateException("jsii did not start", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("jsii has not started in 5 minutes", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while jsii started", e);
        }
    }
}
