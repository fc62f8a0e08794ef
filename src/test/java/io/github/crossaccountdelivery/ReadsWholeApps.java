package io.github.crossaccountdelivery;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that reads whole-app syntheses ({@link Synthesized}). Such classes run after
 * the others ({@link TestClassOrder}), by when a second JVM has made the syntheses
 * ({@link BackgroundSyntheses}); a run with none of them starts no second JVM. Without the mark a
 * class still gets its syntheses, only sooner than they are ready, so it waits.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ReadsWholeApps {
}
