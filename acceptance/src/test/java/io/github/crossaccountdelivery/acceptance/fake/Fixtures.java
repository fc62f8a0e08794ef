package io.github.crossaccountdelivery.acceptance.fake;

import io.github.crossaccountdelivery.acceptance.run.Names;
import io.github.crossaccountdelivery.acceptance.run.Program;
import io.github.crossaccountdelivery.acceptance.run.Timeouts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A project to copy, the command line of a complete run, and the fakes wired as the program's environment. */
public final class Fixtures {

    public static final String RUN_ID = "test01";
    public static final String APP = "acc-test01";
    public static final String BUILD = "111111111111";
    public static final String TEST = "222222222222";
    public static final String CONNECTION =
            "arn:aws:codeconnections:eu-west-1:111111111111:connection/0b5c2d6e-1f3a-4b7c-9d8e-2a1b3c4d5e6f";

    private Fixtures() {
    }

    public static Names names() {
        return new Names(APP, BUILD, TEST, "eu-west-1", "ARM64");
    }

    /** The checkout this module is in (the tests run in acceptance/). */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples/sample-app"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no examples/sample-app above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /**
     * A small project with the real cdk.json and sample application, plus the folders a copy
     * must skip (build output, Git, tests, this module).
     */
    public static Path project(Path root) {
        Path project = root.resolve("project");
        try {
            Path repo = repositoryRoot();
            Files.createDirectories(project.resolve("src/main/java"));
            Files.copy(repo.resolve("cdk.json"), project.resolve("cdk.json"));
            Files.writeString(project.resolve("pom.xml"), "<project/>\n");
            Files.writeString(project.resolve("mvnw"), "#!/bin/sh\n");
            project.resolve("mvnw").toFile().setExecutable(true);
            Files.writeString(project.resolve("src/main/java/App.java"), "class App {}\n");
            copyTree(repo.resolve("examples/sample-app"), project.resolve("examples/sample-app"));
            for (String skipped : List.of("target", ".git", "cdk.out", "acceptance", "src/test")) {
                Files.createDirectories(project.resolve(skipped));
                Files.writeString(project.resolve(skipped).resolve("marker"), "not copied\n");
            }
            Files.writeString(project.resolve("cdk.context.json"), "{}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return project;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.sorted().toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** The command line of a complete run, with the given options added (later ones win). */
    public static String[] arguments(Path project, Path work, String... more) {
        List<String> args = new ArrayList<>(List.of("--build-profile", "build", "--test-profile", "test",
                "--build-account", BUILD, "--test-account", TEST, "--region", "eu-west-1",
                "--connection-arn", CONNECTION, "--repository", "example-org/acceptance-sandbox",
                "--app-name", APP, "--project-dir", project.toString(), "--work-dir", work.toString(), "--yes"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    public static Program.Environment environment(FakeCloud cloud, Path temp) {
        return new Program.Environment(cloud.opener(), cloud.cdk, cloud.git, cloud.http, cloud.console, cloud.clock,
                cloud.sleeper(), temp, () -> RUN_ID, Timeouts.standard(), dir -> { }, () -> { });
    }
}
