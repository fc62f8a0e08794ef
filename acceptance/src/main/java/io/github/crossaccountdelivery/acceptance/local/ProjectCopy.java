package io.github.crossaccountdelivery.acceptance.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The run's own copy of the project: what `cdk deploy` needs to synthesize the app (the Maven
 * wrapper, pom.xml, src/main, buildspec.yml, scripts/run-app.sh, ...), with a cdk.json that holds
 * the run's values. The user's cdk.json is read, never written.
 */
public final class ProjectCopy {

    /** Folders that are build output, tooling caches, tests or this module: not needed to deploy. */
    private static final Set<String> SKIPPED = Set.of(".git", "target", "cdk.out", "node_modules", ".tool-cache",
            "acceptance", "src/test", ".idea", ".vscode");
    /** cdk.json is written afresh; cdk.context.json holds lookups for the user's accounts, not the run's. */
    private static final Set<String> REWRITTEN = Set.of("cdk.json", "cdk.context.json");

    private ProjectCopy() {
    }

    /**
     * Copies the project and writes its cdk.json: the user's, with the {@code context} entries
     * replaced by {@code settings} where they name the same key, and added otherwise.
     */
    public static void write(Path projectDir, Path target, Map<String, Object> settings) {
        try {
            Files.createDirectories(target);
            Files.walkFileTree(projectDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    String relative = projectDir.relativize(dir).toString().replace('\\', '/');
                    if (SKIPPED.contains(relative) || SKIPPED.contains(dir.getFileName().toString())) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    Files.createDirectories(target.resolve(relative));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String relative = projectDir.relativize(file).toString().replace('\\', '/');
                    if (!REWRITTEN.contains(relative)) {
                        // COPY_ATTRIBUTES keeps mvnw and scripts/run-app.sh executable.
                        Files.copy(file, target.resolve(relative), StandardCopyOption.COPY_ATTRIBUTES,
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
            Files.writeString(target.resolve("cdk.json"), cdkJson(
                    Files.readString(projectDir.resolve("cdk.json"), StandardCharsets.UTF_8), settings));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the project from " + projectDir + " to " + target, e);
        }
    }

    /** The user's cdk.json with the run's settings in its context; everything else (app, feature flags) kept. */
    @SuppressWarnings("unchecked")
    static String cdkJson(String userCdkJson, Map<String, Object> settings) {
        Map<String, Object> document = new LinkedHashMap<>((Map<String, Object>) Json.parse(userCdkJson));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("//", "Written by the acceptance run (acceptance/README.md) for its own deployment;"
                + " it is not your cdk.json.");
        Object userContext = document.getOrDefault("context", Map.of());
        ((Map<String, Object>) userContext).forEach((key, value) -> {
            if (!key.equals("//")) {
                context.put(key, value);
            }
        });
        // Keys of the user's own deployment that the run does not set would change what it tests
        // (a second target, deletion protection): the run keeps only CDK's own keys from them.
        context.keySet().removeIf(key -> !cdksOwn(key) && !settings.containsKey(key));
        context.putAll(settings);
        document.put("context", context);
        return Json.write(document);
    }

    /** Feature flags, the CLI's own keys, acknowledgments and the comment: what the app lets through too. */
    private static boolean cdksOwn(String key) {
        return key.startsWith("@") || key.startsWith("aws:") || key.equals("acknowledged-issue-numbers")
                || key.startsWith("//");
    }
}
