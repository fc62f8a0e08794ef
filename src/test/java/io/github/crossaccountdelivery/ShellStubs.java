package io.github.crossaccountdelivery;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * Stand-ins for the commands a shell script calls, for tests that run the script in bash; the AWS
 * CLI has one of its own, {@link FakeAwsCli}.
 */
public final class ShellStubs {

    /**
     * The bash the tests' scripts run in, the first on {@code PATH}, as {@code env bash} would find
     * it: named in the stubs' first line, it saves a process and a {@code PATH} search on each of
     * the several hundred calls a test run makes.
     */
    private static final String BASH = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .filter(folder -> !folder.isEmpty())
            .map(folder -> Path.of(folder, "bash"))
            .filter(Files::isExecutable)
            .findFirst()
            .map(Path::toString)
            // A first line is split at its first blank: a path with one cannot be named there.
            .filter(path -> path.chars().noneMatch(Character::isWhitespace))
            .orElse("/usr/bin/env bash");

    private ShellStubs() {
    }

    /** Writes an executable bash script {@code name} into {@code folder}. */
    public static void stub(Path folder, String name, String body) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, "#!" + BASH + "\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
