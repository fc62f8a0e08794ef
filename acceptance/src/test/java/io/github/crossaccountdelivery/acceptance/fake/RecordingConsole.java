package io.github.crossaccountdelivery.acceptance.fake;

import io.github.crossaccountdelivery.acceptance.ports.Console;
import java.util.ArrayList;
import java.util.List;

/** Keeps what the run said, and answers its question as told. */
public final class RecordingConsole implements Console {

    public final List<String> lines = new ArrayList<>();
    public boolean answer;
    public int questions;

    @Override
    public synchronized void say(String line) {
        lines.add(line);
    }

    @Override
    public boolean confirm(String question) {
        questions++;
        lines.add(question);
        return answer;
    }

    public String text() {
        return String.join("\n", lines);
    }
}
