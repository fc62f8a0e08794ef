package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.config.Setting;
import io.github.crossaccountdelivery.config.Settings;
import io.github.crossaccountdelivery.model.DeliveryModel;
import io.github.crossaccountdelivery.model.LeadTime;
import io.github.crossaccountdelivery.model.ModelReport;
import io.github.crossaccountdelivery.model.Prices;
import io.github.crossaccountdelivery.model.Timings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README and the reference pages in {@code docs/} describe the app as it is. Text is
 * compared with runs of white space collapsed, so re-wrapping a paragraph breaks nothing.
 */
@ReadsWholeApps
class DocsTest {

    private static final Path DOCS = Path.of("docs");
    private static String security;
    private static String speedAndCost;

    @BeforeAll
    static void read() throws IOException {
        security = Files.readString(DOCS.resolve("security.md"));
        speedAndCost = Files.readString(DOCS.resolve("speed-and-cost.md"));
    }

    @Test
    void securityModelListsEveryAcknowledgedFindingWithItsResourceAndReason() {
        for (var config : List.of(Synthesized.example(), Synthesized.switchesOn(), Synthesized.progressive())) {
            for (Map<String, String> ack : config.acknowledgments) {
                if (config == Synthesized.progressive() && !ack.get("path").startsWith("orders-test/")) {
                    // Its staging and prod stacks have the test stack's acknowledgments, under their names.
                    continue;
                }
                String row = "| `%s` | `%s`".formatted(ack.get("rule").replace("|", "\\|"), ack.get("path"));
                assertThat(security.lines().map(DocsTest::flat).filter(line -> line.startsWith(row)))
                        .as("docs/security.md row for %s on %s", ack.get("rule"), ack.get("path"))
                        .anySatisfy(line -> assertThat(line).endsWith("| " + flat(ack.get("reason")) + " |"));
            }
        }
    }

    @Test
    void securityModelStatesTheNumberOfAcknowledgmentsPerPack() {
        var counts = ComplianceTest.countsByPack(Synthesized.example().acknowledgments);
        assertThat(flat(security)).contains("%d AwsSolutions, %d NIST 800-53 R5 and %d CloudFormation-validation"
                .formatted(counts.get("AwsSolutions"), counts.get("NIST.800.53.R5"), counts.get("CloudFormation")));
    }

    @Test
    void speedAndCostShowsTheModelsOutputForTheExample() {
        Synthesized example = Synthesized.example();
        DeliveryModel model = new DeliveryModel(Prices.of(example.config.names().region()));
        assertThat(flat(speedAndCost)).contains(flat("Prices: " + model.prices().source()));
        Map<String, Map<String, Object>> templates = new LinkedHashMap<>();
        for (String stack : example.stackNames()) {
            String rendered = ModelReport.render(model.model(stack, example.json(stack)));
            assertThat(flat(speedAndCost)).as("model output for %s", stack).contains(flat(rendered));
            templates.put(stack, example.json(stack));
        }
        // And each traffic-shifting strategy, as the progressive example's target stacks have them.
        Synthesized progressive = Synthesized.progressive();
        for (String stack : progressive.targetStacks()) {
            String rendered = ModelReport.render(model.model(stack, progressive.json(stack)));
            assertThat(flat(speedAndCost)).as("model output for the progressive %s", stack).contains(flat(rendered));
        }
        String leadTime = ModelReport.render(LeadTime.of(templates, Timings.load()).orElseThrow());
        assertThat(flat(speedAndCost)).as("lead-time output").contains(flat(leadTime));
    }

    @Test
    @SuppressWarnings("unchecked")
    void securityModelShowsEveryControlTowerExceptionWithItsReason() throws IOException {
        Map<String, Object> exceptions = Snapshots.JSON.readValue(DOCS.resolve("control-tower-exceptions.json").toFile(),
                Map.class);
        List<String> rows = security.lines().map(DocsTest::flat).toList();
        int checked = 0;
        for (var configuration : exceptions.entrySet()) {
            if (configuration.getKey().startsWith("//")) {
                continue;
            }
            for (Map<String, String> exception : (List<Map<String, String>>) configuration.getValue()) {
                String resource = exception.get("resource").substring(exception.get("resource").indexOf(':') + 1);
                String row = "| `%s` | `%s` |".formatted(exception.get("rule"), resource);
                assertThat(rows.stream().filter(line -> line.startsWith(row)))
                        .as("docs/security.md row for %s on %s", exception.get("rule"), resource)
                        .anySatisfy(line -> assertThat(line).endsWith("| " + flat(exception.get("reason")) + " |"));
                checked++;
            }
        }
        assertThat(checked).isPositive();
    }

    /**
     * The key tables of docs/configuration.md are generated from the settings table
     * ({@link Settings}): every key, what it means and its default, in the order the app reads them.
     * After a change to the table, {@code ./mvnw test -Dsnapshots.update=true} rewrites them.
     */
    @Test
    void theConfigurationReferenceIsGeneratedFromTheSettingsTable() throws IOException {
        Path file = DOCS.resolve("configuration.md");
        String page = Files.readString(file);
        int begin = page.indexOf(SETTINGS_BEGIN);
        int end = page.indexOf(SETTINGS_END);
        assertThat(begin).as("%s marks its generated tables", file).isNotNegative().isLessThan(end);
        String generated = SETTINGS_BEGIN + "\n" + settingsReference() + SETTINGS_END;
        if (Snapshots.UPDATE) {
            Files.writeString(file, page.substring(0, begin) + generated + page.substring(end + SETTINGS_END.length()));
            return;
        }
        assertThat(page.substring(begin, end + SETTINGS_END.length()))
                .as("docs/configuration.md's tables (regenerate: ./mvnw test -Dsnapshots.update=true)")
                .isEqualTo(generated);
    }

    private static final String SETTINGS_BEGIN =
            "<!-- Generated from src/main/java/io/github/crossaccountdelivery/config/Settings.java by DocsTest -->";
    private static final String SETTINGS_END = "<!-- End of the generated tables -->";

    /** The tables of every setting, by where it may be written. */
    static String settingsReference() {
        StringBuilder md = new StringBuilder();
        table(md, "Top-level keys. Those marked *per target* are every target's default, and a `targets` entry"
                + " may set its own.", Settings.all().stream()
                .filter(s -> s.scope() == Setting.Scope.APP || s.scope() == Setting.Scope.SHARED).toList());
        table(md, "Task size, rollout and release gates: at the top level as every target's default, or per target.",
                Settings.in(Setting.Scope.SERVICE));
        table(md, "The keys of a `targets` entry, besides the per-target ones above. An entry may also repeat the"
                + " top-level `region`, but not name another.", Settings.in(Setting.Scope.ENTRY));
        return md.toString();
    }

    private static void table(StringBuilder md, String intro, List<Setting<?>> settings) {
        md.append(intro).append("\n\n| Key | Meaning | Value | Default |\n|---|---|---|---|\n");
        for (Setting<?> setting : settings) {
            String meaning = setting.description() + (setting.scope() == Setting.Scope.SHARED ? " (*per target*)" : "");
            String fallback = setting.required() ? "required, such as `" + setting.example() + "`"
                    : setting.fallback() == null ? "not set" : "`" + setting.fallback() + "`";
            md.append("| `").append(setting.key()).append("` | ").append(meaning).append(" | ")
                    .append(setting.form().replace("|", "\\|").replace("<", "&lt;")).append(" | ").append(fallback).append(" |\n");
        }
        md.append("\n");
    }

    /**
     * The CDK CLI is pinned once, in pom.xml's {@code cdk.cli.version}; every command that names
     * a version, in the docs and the scripts, names that one.
     */
    @Test
    void everyCdkCliCommandNamesThePinnedVersion() throws IOException {
        Matcher pinned = Pattern.compile("<cdk.cli.version>([^<]+)</cdk.cli.version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(pinned.find()).as("pom.xml pins cdk.cli.version").isTrue();
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md"), Path.of(".ci", "run")));
        for (Path folder : List.of(DOCS, Path.of("scripts"), Path.of("acceptance"))) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> found = Files.walk(folder)) {
                    // Sources only: not what npm or Maven put there.
                    found.filter(Files::isRegularFile).filter(f -> !f.toString().contains("node_modules")
                            && !f.startsWith(folder.resolve("target"))
                            && !f.getFileName().toString().equals("package-lock.json")).forEach(files::add);
                }
            }
        }
        Pattern mention = Pattern.compile("aws-cdk@(\\d[\\w.-]*)");
        List<String> mentions = new ArrayList<>();
        for (Path file : files) {
            Matcher m = mention.matcher(Files.readString(file));
            while (m.find()) {
                mentions.add(file + ": " + m.group(1));
            }
        }
        assertThat(mentions).isNotEmpty()
                .allSatisfy(found -> assertThat(found).endsWith(": " + pinned.group(1)));
    }

    /** Links between the pages, and to files of the repository, lead somewhere. */
    @Test
    void everyRelativeLinkLeadsToAFileAndEveryAnchorToAHeading() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(DOCS)) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            Matcher m = link.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue;
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = file.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page + ": " + target + " (no such file)");
                } else if (anchor != null && !anchors(resolved).contains(anchor)) {
                    broken.add(page + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    /** GitHub's anchors for a Markdown file's headings. */
    private static List<String> anchors(Path markdown) throws IOException {
        if (!markdown.toString().endsWith(".md")) {
            return List.of();
        }
        return Files.readAllLines(markdown).stream().filter(l -> l.matches("#{1,6} .*"))
                .map(l -> l.replaceFirst("#+ ", "").strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
                .toList();
    }

    private static String flat(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
