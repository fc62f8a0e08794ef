package io.github.crossaccountdelivery.acceptance.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Puts a release of examples/sample-app into the Git work tree the run pushes from. A release is
 * the sample application with its name in {@code release.txt} (the application answers it on
 * {@code /}) and the status its {@code /health} answers in {@code health-status}: 200 for a good
 * release, 500 for a broken one.
 */
public final class SampleApp {

    /** What the sample's {@code /} answers; the run looks for this marker to know which release serves. */
    public static String releaseMarker(String release) {
        return "\"release\": \"" + release + "\"";
    }

    private SampleApp() {
    }

    /** Replaces every file of the work tree but .git with the sample application's, as release {@code release}. */
    public static void writeRelease(Path sampleApp, Path workTree, String release, boolean healthy) {
        try {
            Files.createDirectories(workTree);
            try (Stream<Path> old = Files.list(workTree)) {
                for (Path path : old.filter(p -> !p.getFileName().toString().equals(".git")).toList()) {
                    deleteRecursively(path);
                }
            }
            try (Stream<Path> files = Files.walk(sampleApp)) {
                for (Path source : files.sorted().toList()) {
                    Path target = workTree.resolve(sampleApp.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
            Files.writeString(workTree.resolve("release.txt"), release + "\n");
            Files.writeString(workTree.resolve("health-status"), (healthy ? "200" : "500") + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write release " + release + " into " + workTree, e);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> tree = Files.walk(path)) {
            List<Path> paths = tree.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                Files.delete(p);
            }
        }
    }
}
