package io.github.crossaccountdelivery.acceptance.run;

/** One assertion's outcome: pass or fail, and what was seen, for the report. */
public record Verdict(boolean passed, String detail) {

    public static Verdict pass(String detail) {
        return new Verdict(true, detail);
    }

    public static Verdict fail(String detail) {
        return new Verdict(false, detail);
    }
}
