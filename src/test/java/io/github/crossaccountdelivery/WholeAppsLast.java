package io.github.crossaccountdelivery;

import java.util.Comparator;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The test run's class order ({@code junit-platform.properties}): classes marked
 * {@link ReadsWholeApps} last, every class otherwise in the order it was found. The others run
 * while a second JVM synthesizes the whole apps ({@link BackgroundSyntheses}).
 */
public final class WholeAppsLast implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        // List.sort is stable: the order within each group is kept.
        context.getClassDescriptors().sort(Comparator.comparing(type -> type.isAnnotated(ReadsWholeApps.class)));
    }
}
