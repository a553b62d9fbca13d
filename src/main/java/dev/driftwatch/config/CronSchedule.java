package dev.driftwatch.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.text.ParseException;
import java.util.Date;
import org.quartz.CronExpression;

/** A Quartz cron expression (seconds first, {@code ?} for one of the day fields), checked when loaded: it must parse and fire at least once more. */
public record CronSchedule(String expression) {

    @JsonCreator
    public static CronSchedule parse(String expression) {
        String e = expression == null ? "" : expression.strip();
        CronExpression cron;
        try {
            cron = new CronExpression(e);
        } catch (ParseException | RuntimeException ex) {
            throw new InvalidValue(e, "is not a Quartz cron expression", ex.getMessage(),
                    "write six or seven fields starting with seconds, e.g. \"0 */15 * * * ?\" for every 15 minutes");
        }
        // Quartz parses 30 February or a past year, then refuses the trigger when the daemon schedules it.
        // Asked here (in the daemon's time zone, the JVM default, as its triggers use), it is a config error like any other.
        if (cron.getNextValidTimeAfter(new Date()) == null) {
            throw new InvalidValue(e, "never fires (no time after now matches it)", null,
                    "check the day, month and year fields (there is no 30 February, and a year must not be past), e.g. \"0 0 6 * * ?\" fires daily at 06:00");
        }
        return new CronSchedule(e);
    }

    @JsonValue
    @Override
    public String toString() {
        return expression;
    }
}
