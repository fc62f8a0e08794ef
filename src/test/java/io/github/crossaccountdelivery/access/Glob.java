package io.github.crossaccountdelivery.access;

import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** IAM's wildcards: {@code *} any run of characters, {@code ?} one character. */
final class Glob {

    private static final ConcurrentHashMap<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private Glob() {
    }

    static boolean matches(String pattern, String value, boolean ignoreCase) {
        return PATTERNS.computeIfAbsent((ignoreCase ? "i:" : "c:") + pattern, key -> {
            StringBuilder regex = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                if (c == '*') {
                    regex.append(".*");
                } else if (c == '?') {
                    regex.append('.');
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(regex.toString(), (ignoreCase ? Pattern.CASE_INSENSITIVE : 0) | Pattern.DOTALL);
        }).matcher(value).matches();
    }
}
