package io.github.crossaccountdelivery.config;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What CodePipeline's {@code DeploymentWindow} rule accepts, checked at synthesis so that a window
 * that could never open, or one CodePipeline would refuse, stops {@code cdk synth} instead of the
 * pipeline's update. The rule's reference gives the forms
 * (https://docs.aws.amazon.com/codepipeline/latest/userguide/rule-reference-DeploymentWindow.html):
 *
 * <ul>
 * <li>{@code Cron}: six fields and an optional year, separated by white space: seconds (only
 *     {@code *} is listed; its example writes {@code 0}), minutes 0-59, hours 0-23, day-of-month
 *     1-31 (with {@code ? L W}), month 1-12 or JAN-DEC, day-of-week 1-7 or SUN-SAT (with
 *     {@code ? L #}), year 1970-2199; {@code , - * /} in every field but the seconds. As in the
 *     Quartz syntax the reference follows, exactly one of day-of-month and day-of-week is
 *     {@code ?}.</li>
 * <li>{@code TimeZone}: {@code Region/City} (a time zone database name), {@code UTC} with an
 *     optional {@code +HH:MM} or {@code -HH:MM} offset, or a 3 to 5 letter abbreviation such as
 *     {@code EST}; the reference's table of abbreviations is Java's own time zone IDs.</li>
 * </ul>
 */
final class DeployWindows {

    static final String CRON_FORM = "a DeploymentWindow cron expression of 6 or 7 fields, seconds minutes hours"
            + " day-of-month month day-of-week [year], with exactly one of day-of-month and day-of-week '?',"
            + " such as \"0 0 9-16 ? * MON-FRI *\" (09:00 to 16:59 on weekdays)";
    static final String TIME_ZONE_FORM = "a time zone as CodePipeline's DeploymentWindow rule takes it:"
            + " Region/City such as \"Europe/Dublin\", UTC with an optional offset such as \"UTC+05:30\","
            + " or an abbreviation such as \"EST\"";

    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final Pattern UTC = Pattern.compile("UTC([+-](0\\d|1[0-4]):[0-5]\\d)?");
    private static final Pattern REGION_CITY = Pattern.compile("[A-Za-z]+(/[A-Za-z_]+)+");
    private static final Set<String> ABBREVIATIONS = new TreeSet<>(Arrays.stream(TimeZone.getAvailableIDs())
            .filter(id -> id.matches("[A-Z]{3,5}")).toList());

    private DeployWindows() {
    }

    /** Whether CodePipeline's DeploymentWindow rule takes this cron expression. */
    static boolean validCron(String cron) {
        return cronProblem(cron) == null;
    }

    /** What is wrong with a cron expression, said for the expression given: null when nothing is. */
    static String cronProblem(String cron) {
        String[] fields = cron.trim().split("\\s+");
        if (fields.length < 6 || fields.length > 7) {
            return "it has " + fields.length + " field" + (fields.length == 1 ? "" : "s");
        }
        if (!fields[0].equals("0") && !fields[0].equals("*")) {
            return "the seconds field is \"" + fields[0] + "\", and the rule takes only 0 or *";
        }
        Field[] rules = {
            new Field("minutes", 0, 59, List.of(), false),
            new Field("hours", 0, 23, List.of(), false),
            new Field("day-of-month", 1, 31, List.of(), true),
            new Field("month", 1, 12, MONTHS, false),
            new Field("day-of-week", 1, 7, DAYS, true),
            new Field("year", 1970, 2199, List.of(), false)};
        for (int i = 1; i < fields.length; i++) {
            String problem = rules[i - 1].problem(fields[i]);
            if (problem != null) {
                return "the " + rules[i - 1].name + " field is \"" + fields[i] + "\": " + problem;
            }
        }
        boolean dayOfMonthAny = fields[3].equals("?");
        boolean dayOfWeekAny = fields[5].equals("?");
        if (dayOfMonthAny == dayOfWeekAny) {
            return dayOfMonthAny ? "both day-of-month and day-of-week are '?'"
                    : "neither day-of-month (\"" + fields[3] + "\") nor day-of-week (\"" + fields[5] + "\") is '?'";
        }
        return null;
    }

    /** Whether CodePipeline's DeploymentWindow rule takes this time zone. */
    static boolean validTimeZone(String zone) {
        return UTC.matcher(zone).matches()
                || REGION_CITY.matcher(zone).matches() && ZoneId.getAvailableZoneIds().contains(zone)
                || ABBREVIATIONS.contains(zone);
    }

    /** The form expected for a time zone that is not one, with the closest known name when there is one. */
    static String timeZoneExpected(String given) {
        String closest = ContextKeys.closest(given, ZoneId.getAvailableZoneIds().stream().sorted().toList());
        return closest != null ? TIME_ZONE_FORM + ": did you mean " + closest + "?" : TIME_ZONE_FORM;
    }

    /**
     * One field of the expression: its name, its bounds, the names it may use for values, and
     * whether it is a day field ({@code ?} and {@code L}).
     */
    private record Field(String name, int min, int max, List<String> names, boolean day) {

        private static final Pattern ITEM = Pattern.compile("(\\*|[A-Za-z0-9]+(-[A-Za-z0-9]+)?)(/(\\d+))?");

        String problem(String text) {
            if (day && text.equals("?")) {
                return null;
            }
            for (String item : text.split(",", -1)) {
                String problem = item.isEmpty() ? "an empty item" : itemProblem(item.toUpperCase(Locale.ROOT));
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }

        private String itemProblem(String item) {
            if (day && name.equals("day-of-month")
                    && item.matches("L(-([1-9]|[12]\\d|30))?|LW|([1-9]|[12]\\d|3[01])W")) {
                return null;
            }
            if (day && name.equals("day-of-week") && (item.equals("L")
                    || item.matches("([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)(L|#[1-5])"))) {
                return null;
            }
            Matcher matcher = ITEM.matcher(item);
            if (!matcher.matches()) {
                return expected();
            }
            if (matcher.group(4) != null && Integer.parseInt(matcher.group(4)) < 1) {
                return "a step of at least 1";
            }
            if (matcher.group(1).equals("*")) {
                return null;
            }
            for (String bound : matcher.group(1).split("-")) {
                if (value(bound) < 0) {
                    return expected();
                }
            }
            return null;
        }

        /** The value of a number or a name, or -1 when it is neither in bounds. */
        private int value(String text) {
            int index = names.indexOf(text);
            if (index >= 0) {
                return index + 1;
            }
            if (!text.matches("\\d{1,4}")) {
                return -1;
            }
            int number = Integer.parseInt(text);
            return number >= min && number <= max ? number : -1;
        }

        private String expected() {
            return "values " + min + "-" + max + (names.isEmpty() ? "" : " or " + names.get(0) + "-"
                    + names.get(names.size() - 1)) + " with , - * /" + (day ? " and " + (name.equals("day-of-month")
                    ? "? L W" : "? L #") : "");
        }
    }
}
