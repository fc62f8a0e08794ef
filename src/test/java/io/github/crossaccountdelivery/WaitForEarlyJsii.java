package io.github.crossaccountdelivery;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;

/**
 * Holds every test class not marked {@link WithoutCdk} until jsii has started ({@link EarlyJsii}):
 * before its {@code @BeforeAll} methods and before its first instance, whichever comes first, so
 * that nothing of the class (its static initializers included) touches jsii while the starting
 * thread still does. Registered for every class through JUnit Jupiter's extension
 * auto-detection ({@code junit-platform.properties}, {@code META-INF/services}).
 */
public final class WaitForEarlyJsii implements BeforeAllCallback, TestInstancePreConstructCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        awaitUnlessMarked(context.getRequiredTestClass());
    }

    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factory, ExtensionContext context) {
        awaitUnlessMarked(factory.getTestClass());
    }

    private static void awaitUnlessMarked(Class<?> testClass) {
        Class<?> outermost = testClass;
        while (outermost.getEnclosingClass() != null) {
            outermost = outermost.getEnclosingClass();
        }
        if (!outermost.isAnnotationPresent(WithoutCdk.class)) {
            EarlyJsii.awaitStarted();
        }
    }
}
