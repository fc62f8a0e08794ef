package io.github.crossaccountdelivery;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The test run's class order ({@code junit-platform.properties}): classes marked {@link WithoutCdk}
 * first, while jsii starts ({@link EarlyJsii}); classes marked {@link ReadsWholeApps} last, by when
 * a second JVM has made the whole apps ({@link BackgroundSyntheses}); within each group, the order
 * the classes were found in.
 */
public final class TestClassOrder implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        // List.sort is stable: the order within each group is kept.
        context.getClassDescriptors().sort(Comparator.comparingInt(TestClassOrder::group));
    }

    private static int group(ClassDescriptor type) {
        if (type.isAnnotated(WithoutCdk.class)) {
            return 0;
        }
        return type.isAnnotated(ReadsWholeApps.class) ? 2 : 1;
    }
}
