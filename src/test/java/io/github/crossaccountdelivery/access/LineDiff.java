package io.github.crossaccountdelivery.access;

import java.util.ArrayList;
import java.util.List;

/** A unified diff of two texts, line by line, for a test failure a person reads. */
public final class LineDiff {

    private LineDiff() {
    }

    /**
     * The lines that differ, {@code -} for the expected text's and {@code +} for the actual's, with
     * {@code context} unchanged lines around each change and a {@code @@} header per hunk.
     */
    public static String unified(String expected, String actual, int context) {
        String[] a = expected.split("\n", -1);
        String[] b = actual.split("\n", -1);
        int[][] common = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                common[i][j] = a[i].equals(b[j]) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        record Line(char mark, String text, int left, int right) {
        }
        List<Line> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                lines.add(new Line(' ', a[i], ++i, ++j));
            } else if (i < a.length && (j == b.length || common[i + 1][j] >= common[i][j + 1])) {
                lines.add(new Line('-', a[i], ++i, j));
            } else {
                lines.add(new Line('+', b[j], i, ++j));
            }
        }
        StringBuilder out = new StringBuilder();
        int k = 0;
        while (k < lines.size()) {
            if (lines.get(k).mark() == ' ') {
                k++;
                continue;
            }
            int start = Math.max(0, k - context);
            int end = k;
            int quiet = 0;
            while (end < lines.size() && quiet <= 2 * context) {
                quiet = lines.get(end).mark() == ' ' ? quiet + 1 : 0;
                end++;
            }
            end = Math.min(lines.size(), end - Math.max(0, quiet - context));
            out.append("@@ -").append(lines.get(start).left()).append(" +").append(lines.get(start).right()).append(" @@\n");
            for (int n = start; n < end; n++) {
                out.append(lines.get(n).mark()).append(lines.get(n).text()).append('\n');
            }
            k = end;
        }
        return out.toString();
    }
}
