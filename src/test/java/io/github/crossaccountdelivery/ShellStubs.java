package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Stand-ins for the commands a shell script calls, for tests that run the script in bash. */
public final class ShellStubs {

    private static String realPython;

    private ShellStubs() {
    }

    /** Writes an executable bash script {@code name} into {@code folder}. */
    public static void stub(Path folder, String name, String body) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, "#!/usr/bin/env bash\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * The directory of the interpreter python3 resolves to, to put on the PATH before the rest:
     * a version manager's shim (pyenv's, on this project's machines) takes longer to start than
     * the interpreter itself, and the scripts start python3 on every poll.
     */
    public static synchronized String pythonDirectory() throws IOException, InterruptedException {
        if (realPython == null) {
            Process which = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").start();
            realPython = new String(which.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(which.waitFor()).as("python3 runs").isZero();
        }
        return Path.of(realPython).getParent().toString();
    }
}
