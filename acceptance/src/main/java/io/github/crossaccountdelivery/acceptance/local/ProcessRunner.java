package io.github.crossaccountdelivery.acceptance.local;

import io.github.crossaccountdelivery.acceptance.ports.CommandResult;
import io.github.crossaccountdelivery.acceptance.ports.CommandRunner;
import io.github.crossaccountdelivery.acceptance.ports.Console;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs commands as child processes. Each command's output (stdout and stderr together) goes to a
 * numbered log file, and its last lines are kept for the failure message. A command that runs
 * past its timeout, or whose run is interrupted (Ctrl-C), is stopped with its children: the run
 * then tears down instead of waiting on it.
 */
public final class ProcessRunner implements CommandRunner {

    private static final int TAIL_LINES = 60;

    private final Console console;
    private final AtomicInteger counter = new AtomicInteger();
    private volatile Path logDirectory;

    public ProcessRunner(Console console, Path logDirectory) {
        this.console = console;
        this.logDirectory = logDirectory;
    }

    /** Where the logs of later commands go (the work directory, once the preflight has chosen it). */
    public void logTo(Path directory) {
        this.logDirectory = directory;
    }

    @Override
    public CommandResult run(Command command) throws InterruptedException {
        Path log = logDirectory.resolve("%02d-%s.log".formatted(counter.incrementAndGet(),
                command.name().replaceAll("[^A-Za-z0-9._-]", "_")));
        Deque<String> tail = new ArrayDeque<>();
        Process process;
        try {
            Files.createDirectories(logDirectory);
            ProcessBuilder builder = new ProcessBuilder(command.argv()).directory(command.directory().toFile())
                    .redirectErrorStream(true);
            builder.environment().putAll(command.environment());
            process = builder.start();
        } catch (IOException e) {
            return new CommandResult(127, false, "cannot start %s: %s".formatted(command.argv().get(0), e.getMessage()),
                    log);
        }
        try {
            // Nothing is typed into a command: a prompt fails at once instead of waiting forever.
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed
        }
        Thread reader = new Thread(() -> copy(process, log, tail, command.echo()), "output of " + command.name());
        reader.setDaemon(true);
        reader.start();
        boolean finished;
        try {
            finished = process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            stop(process);
            throw e;
        }
        if (!finished) {
            stop(process);
        }
        reader.join(5_000);
        String text;
        synchronized (tail) {
            text = String.join("\n", tail);
        }
        return new CommandResult(finished ? process.exitValue() : -1, !finished, text, log);
    }

    private void copy(Process process, Path log, Deque<String> tail, boolean echo) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); PrintWriter out = new PrintWriter(Files.newBufferedWriter(log))) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                out.flush();
                if (echo) {
                    console.say("    | " + line);
                }
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // The process was stopped, or the log cannot be written: the exit status still tells.
        }
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
