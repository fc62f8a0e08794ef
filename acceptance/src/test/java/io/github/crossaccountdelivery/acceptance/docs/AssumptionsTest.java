package io.github.crossaccountdelivery.acceptance.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.acceptance.run.Assertion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/aws-assumptions.md and the run stay linked: every assumption cites where AWS (or the
 * third party) says so and names the assertions that prove it, and every assertion proves at
 * least one assumption.
 */
class AssumptionsTest {

    private static final Path PAGE = Path.of("..", "docs", "aws-assumptions.md");
    private static final Pattern ASSERTION_ID = Pattern.compile("\\bA\\d+\\b");

    /** One row of the table: its cells, split on unescaped pipes. */
    record Row(String id, String assumption, String source, String provedBy) {
    }

    private static List<Row> rows;

    @BeforeAll
    static void read() throws IOException {
        rows = Files.readAllLines(PAGE).stream().filter(line -> line.matches("\\| U\\d+ \\|.*"))
                .map(line -> line.substring(1, line.length() - 1).split("\\|", -1))
                .map(cells -> new Row(cells[0].strip(), cells[1].strip(), cells[3].strip(), cells[4].strip()))
                .toList();
    }

    @Test
    void theAssumptionsAreNumberedInOrderWithoutGaps() {
        assertThat(rows).isNotEmpty();
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).id()).isEqualTo("U" + (i + 1));
        }
    }

    @Test
    void everyAssumptionCitesASource() {
        assertThat(rows).allSatisfy(row -> assertThat(row.source()).as(row.id()).contains("](https://"));
    }

    /**
     * Every row names assertions the run has, or says plainly that none proves it yet, and why
     * ("None yet: ..."): an assumption is never left unproved without a word, and never linked to
     * an assertion that does not prove it.
     */
    @Test
    void everyAssumptionIsProvedByAssertionsTheRunHasOrSaysNoneDoesYet() {
        Set<String> known = new TreeSet<>(Arrays.stream(Assertion.values()).map(Enum::name).toList());
        for (Row row : rows) {
            List<String> named = ids(row.provedBy());
            if (row.provedBy().startsWith("None yet")) {
                assertThat(row.provedBy()).as(row.id() + " says why none proves it yet").matches("None yet: .{20,}");
                assertThat(known).as(row.id()).containsAll(named);
                continue;
            }
            assertThat(named).as(row.id() + " names an assertion").isNotEmpty();
            assertThat(known).as(row.id()).containsAll(named);
        }
    }

    @Test
    void everyAssertionProvesAtLeastOneAssumption() {
        Set<String> named = new TreeSet<>();
        rows.forEach(row -> named.addAll(ids(row.provedBy())));
        assertThat(named).containsAll(Arrays.stream(Assertion.values()).map(Enum::name).toList());
    }

    private static List<String> ids(String cell) {
        Matcher matcher = ASSERTION_ID.matcher(cell);
        return matcher.results().map(m -> m.group()).toList();
    }
}
