package io.github.crossaccountdelivery.acceptance.local;

import io.github.crossaccountdelivery.acceptance.ports.Console;
import java.io.PrintStream;

/** Standard output, and the terminal for the one question the run asks. */
public final class TerminalConsole implements Console {

    private final PrintStream out = System.out;

    @Override
    public synchronized void say(String line) {
        out.println(line);
        out.flush();
    }

    @Override
    public boolean confirm(String question) {
        java.io.Console terminal = System.console();
        if (terminal == null) {
            say(question + " No terminal to ask on: pass --yes to run without asking.");
            return false;
        }
        String answer = terminal.readLine("%s [y/N] ", question);
        return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    }
}
