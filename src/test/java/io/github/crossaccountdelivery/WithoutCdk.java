package io.github.crossaccountdelivery;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that uses neither CDK nor jsii (it runs shell scripts or Node handlers, say).
 * Such classes run first ({@link TestClassOrder}), while jsii starts on a thread of its own
 * ({@link EarlyJsii}); every other class waits until it has. An ArchUnit rule holds the mark to
 * what it says: a marked class depends on nothing of CDK, jsii or constructs, not even through
 * the project's own classes, since jsii is not thread-safe.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WithoutCdk {
}
