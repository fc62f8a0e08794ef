package io.github.crossaccountdelivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Stand-ins for the commands a shell script calls, for tests that run the script in bash; the AWS
 * CLI has one of its own, {@link FakeAwsCli}.
 */
public final class ShellStubs {

    private ShellStubs() {
    }

    /** Writes an executable bash script {@code name} into {@code folder}. */
    public static void stub(Path folder, String name, String body) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, "#!/usr/bin/env bash\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
