package dev.driftwatch.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.text.ParseException;
import org.quartz.CronExpression;

/** A Quartz cron expression (seconds first, {@code ?} for one of the day fields), checked when loaded. */
public record CronSchedule(String expression) {

    @JsonCreator
    public static CronSchedule parse(String expression) {
        String e = expression == null ? "" : expression.strip();
        try {
            new CronExpression(e);
        } catch (ParseException | RuntimeException ex) {
            throw new InvalidValue("'" + e + "' is not a Quartz cron expression (" + ex.getMessage() + ")",
                    "write six or seven fields starting with seconds, e.g. \"0 */15 * * * ?\" for every 15 minutes");
        }
        return new CronSchedule(e);
    }

    @JsonValue
    @Override
    public String toString() {
        return expression;
    }
}
