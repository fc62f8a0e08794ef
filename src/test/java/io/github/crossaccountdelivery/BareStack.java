package io.github.crossaccountdelivery;

import io.github.crossaccountdelivery.common.LogGroups;
import io.github.crossaccountdelivery.naming.AppNames;
import io.github.crossaccountdelivery.naming.TargetNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jetbrains.annotations.NotNull;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * A stack of its own for testing one construct: in an app of its own with {@code cdk.json}'s
 * feature flags (which decide what CDK synthesizes), in the build or the test account of the
 * names below, with two zones of its region so that a network needs no lookup.
 */
public final class BareStack extends Stack {

    /** The names the construct tests use: app {@code orders}, build account 1111..., region eu-west-1. */
    public static final AppNames NAMES = new AppNames("orders", "111111111111", "eu-west-1");
    /** The test target's names: account 2222.... */
    public static final TargetNames TEST = NAMES.target("test", "222222222222");

    private static Map<String, Object> featureFlags;

    private BareStack(Construct scope, String account) {
        super(scope, "Bare", StackProps.builder()
                .env(Environment.builder().account(account).region(NAMES.region()).build())
                .build());
    }

    /** A stack in the build account. */
    public static Stack inBuildAccount() {
        return new BareStack(app(), NAMES.buildAccount());
    }

    /** A stack in the test account. */
    public static Stack inTestAccount() {
        return new BareStack(app(), TEST.account());
    }

    /** How log groups are made in a test stack: a key of its own, kept a year. */
    public static LogGroups logGroups(Stack stack) {
        return new LogGroups(Key.Builder.create(stack, "TestLogKey").build(), 365);
    }

    @Override
    public @NotNull List<String> getAvailabilityZones() {
        return List.of(NAMES.region() + "a", NAMES.region() + "b");
    }

    private static App app() {
        try {
            Path out = Path.of("target", "bare-stacks");
            Files.createDirectories(out);
            return new App(AppProps.builder().context(flags())
                    .outdir(Files.createTempDirectory(out, "app").toString()).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Map<String, Object> flags() {
        if (featureFlags == null) {
            featureFlags = new LinkedHashMap<>();
            TestConfigurations.cdkJsonContext().forEach((key, value) -> {
                if (key.startsWith("@aws-cdk")) {
                    featureFlags.put(key, value);
                }
            });
        }
        return featureFlags;
    }
}
