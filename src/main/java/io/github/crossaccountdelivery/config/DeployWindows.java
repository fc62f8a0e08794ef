package io.github.crossaccountdelivery.config;

import java.text.ParseException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * What CodePipeline's {@code DeploymentWindow} rule accepts, checked at synthesis so that a window
 * CodePipeline would refuse stops {@code cdk synth} instead of the pipeline's update. The rule's
 * reference gives the forms
 * (https://docs.aws.amazon.com/codepipeline/latest/userguide/rule-reference-DeploymentWindow.html):
 *
 * <ul>
 * <li>{@code Cron}: Quartz's syntax, six fields and an optional year (seconds, minutes, hours,
 *     day-of-month, month, day-of-week, year), with exactly one of the two day fields {@code ?};
 *     the seconds field is listed with {@code *} only and its example writes {@code 0}. Quartz's
 *     own {@link CronExpression} reads the rest, rather than a parser of our own; the year, which
 *     the rule takes from 1970 to 2199 and Quartz up to 2299, is bounded here.</li>
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

    private static final Pattern YEAR = Pattern.compile("(?<![/\\d])\\d+");
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
        // Quartz says "not implemented" of this one; Unix cron's habit of two day fields is common.
        boolean dayOfMonthAny = fields[3].equals("?");
        if (dayOfMonthAny == fields[5].equals("?")) {
            return dayOfMonthAny ? "both day-of-month and day-of-week are '?'"
                    : "neither day-of-month (\"" + fields[3] + "\") nor day-of-week (\"" + fields[5] + "\") is '?'";
        }
        if (fields.length == 7) {
            // The rule takes years 1970 to 2199; Quartz takes up to 2299. A step after '/' is no year.
            Matcher year = YEAR.matcher(fields[6]);
            while (year.find()) {
                if (year.group().length() != 4 || Integer.parseInt(year.group()) < 1970
                        || Integer.parseInt(year.group()) > 2199) {
                    return "the year field names " + year.group() + ", and the rule takes years 1970 to 2199";
                }
            }
        }
        try {
            CronExpression.validateExpression(cron.trim());
            return null;
        } catch (ParseException e) {
            return e.getMessage().strip().replaceAll("\\.$", "");
        }
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
}
