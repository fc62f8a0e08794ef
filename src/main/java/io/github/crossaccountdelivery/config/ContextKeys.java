package io.github.crossaccountdelivery.config;

import io.github.crossaccountdelivery.config.InvalidConfigException.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The context keys this app reads, the keys that belong to CDK itself, and the order in which
 * problems are reported.
 *
 * <p>A misspelt optional key ({@code desiredcount}, {@code fargateSpott}) would otherwise be
 * ignored without a word and its default used, which is how a production service ends up with
 * one task. So every key that is neither the app's nor CDK's stops synthesis, with the closest
 * known key suggested.
 */
final class ContextKeys {

    /** Every top-level key, in the order that missing keys are reported: the order of {@link Settings}. */
    static final List<String> TOP_LEVEL = Settings.all().stream()
            .filter(s -> s.scope() != Setting.Scope.ENTRY).map(Setting::key).toList();

    /**
     * Every key of a {@code targets} entry, in the order that missing keys are reported: its own
     * keys, the region (which an entry may repeat but not change), then the top-level defaults it
     * may set for itself.
     */
    static final List<String> TARGET = Stream.of(Settings.in(Setting.Scope.ENTRY), List.<Setting<?>>of(Settings.REGION),
            Settings.in(Setting.Scope.SHARED), Settings.in(Setting.Scope.SERVICE))
            .flatMap(List::stream).map(Setting::key).toList();

    /**
     * The keys of context-lookup results that the CLI caches in {@code cdk.context.json}, such as
     * {@code availability-zones:account=111111111111:region=eu-west-1}: the provider name, a
     * colon, then the query. The provider names are those of the cloud assembly schema's
     * {@code ContextProvider} (context-queries.ts); the key is built by aws-cdk-lib's
     * {@code ContextProvider.getKey}.
     */
    private static final Pattern LOOKUP_RESULT = Pattern.compile(
            "(ami|availability-zones|hosted-zone|ssm|vpc-provider|endpoint-service-availability-zones"
                    + "|load-balancer|load-balancer-listener|security-group|key-provider|cc-api-provider|plugin):.+");

    private static final Pattern TARGET_KEY = Pattern.compile("targets\\[(\\d+)](?:\\.(.+))?");

    private ContextKeys() {
    }

    /**
     * Whether a key belongs to CDK rather than to this app; the whole context reaches the app, so
     * these pass untouched. {@code @aws-cdk/...} and {@code @aws-cdk-containers/...} are feature
     * flags and framework settings (the CLI adds {@code @aws-cdk/core:failSynthOnValidationErrors}
     * itself); {@code aws-cdk:enableDiffNoFail} is a v1-era flag; {@code aws:cdk:...} is what CDK
     * CLI 2.1148.1 injects on every run (path and asset metadata, version reporting, bundling
     * stacks, asset staging), and it refuses {@code -c aws:...} from users;
     * {@code aws-cdk-private:...} is what {@code App} stores for some of its props;
     * {@code acknowledged-issue-numbers} and {@code cli-telemetry} come back from
     * {@code cdk.context.json}, where {@code cdk acknowledge} and {@code cdk cli-telemetry} write
     * them (https://docs.aws.amazon.com/cdk/v2/guide/cli-telemetry.html), as do context-lookup
     * results ({@link #LOOKUP_RESULT}); keys starting with {@code //} are comments.
     */
    static boolean belongsToCdk(String key) {
        return key.startsWith("@aws-cdk/") || key.startsWith("@aws-cdk-containers/")
                || key.startsWith("aws-cdk:") || key.startsWith("aws:cdk:") || key.startsWith("aws-cdk-private:")
                || key.equals("acknowledged-issue-numbers") || key.equals("cli-telemetry")
                || LOOKUP_RESULT.matcher(key).matches() || key.startsWith("//");
    }

    /** Records a problem for each top-level key that neither this app nor CDK reads. */
    static void checkTopLevel(Map<?, ?> context, Problems problems) {
        for (Map.Entry<?, ?> entry : context.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (TOP_LEVEL.contains(key) || belongsToCdk(key)) {
                continue;
            }
            String expected = TARGET.contains(key)
                    ? "a top-level key: " + key + " is a setting of one entry of targets"
                    : unknown(key, TOP_LEVEL);
            problems.add(key, entry.getValue(), expected);
        }
    }

    /** Records a problem for each key of a {@code targets} entry that a target does not have. */
    static void checkTarget(String origin, Map<?, ?> entry, Problems problems) {
        for (Map.Entry<?, ?> setting : entry.entrySet()) {
            String key = String.valueOf(setting.getKey());
            if (TARGET.contains(key)) {
                continue;
            }
            String expected = TOP_LEVEL.contains(key)
                    ? "a setting a target can have: " + key + " is set at the top level only"
                    : unknown(key, TARGET);
            problems.add(origin + "." + key, setting.getValue(), expected);
        }
    }

    private static String unknown(String key, List<String> known) {
        String closest = closest(key, known);
        return closest != null
                ? "a key this app reads: did you mean " + closest + "?"
                : "a key this app reads, one of " + String.join(", ", known)
                        + " (keys of CDK itself, such as feature flags, pass as they are)";
    }

    /**
     * The candidate nearest to {@code given} in edit distance, ignoring case, or null when none is
     * near enough to be what was meant: at most 3 edits, and at most one per three characters so
     * that short words do not match anything.
     */
    static String closest(String given, List<String> candidates) {
        int allowed = Math.max(1, Math.min(3, given.length() / 3));
        LevenshteinDistance distance = new LevenshteinDistance(allowed);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance.apply(given.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            // -1: more than `allowed` edits apart. Ties go to the earlier candidate.
            if (d >= 0 && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /**
     * The problems in the order a user reads the configuration: top-level keys in the order of
     * the context (which is {@code cdk.json}'s, see {@link DeliveryConfig#fromContext}); inside
     * {@code targets}, entry by entry, each entry's keys in its own order and then the keys it
     * lacks in the order of {@link #TARGET}; last, the top-level keys that are not set, in the
     * order of {@link #TOP_LEVEL}. Problems of the same key keep the order they were found in.
     */
    static List<Problem> inContextOrder(List<Problem> problems, Map<?, ?> context, List<?> targetEntries) {
        List<Object> keys = new ArrayList<>(context.keySet());
        return problems.stream().sorted(Comparator.comparingLong(p -> rank(p.key(), keys, targetEntries))).toList();
    }

    /** Where a key's problems go: fields of rank, each below a thousand, in one number. */
    private static long rank(String key, List<Object> contextKeys, List<?> targetEntries) {
        Matcher target = TARGET_KEY.matcher(key);
        String topLevel = target.matches() ? Settings.TARGETS.key() : key;
        long rank = 1_000_000L * (contextKeys.contains(topLevel) ? contextKeys.indexOf(topLevel)
                : 1_000 + documented(topLevel, TOP_LEVEL));
        if (!target.matches()) {
            return rank;
        }
        int index = Integer.parseInt(target.group(1));
        String field = target.group(2);
        List<Object> own = index < targetEntries.size() && targetEntries.get(index) instanceof Map<?, ?> entry
                ? new ArrayList<>(entry.keySet()) : List.of();
        return rank + 1_000L * (index + 1) + (field == null ? 0
                : own.contains(field) ? 1 + own.indexOf(field) : 500 + documented(field, TARGET));
    }

    private static int documented(String key, List<String> order) {
        int index = order.indexOf(key);
        return index >= 0 ? index : order.size();
    }
}
