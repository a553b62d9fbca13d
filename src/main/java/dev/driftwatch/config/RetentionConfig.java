package dev.driftwatch.config;

/**
 * The {@code retention:} section: PASS verdicts of UTC days that ended more than {@code rawDays} ago are folded
 * into one row per check and day; every other verdict, and the PASS verdicts that changed a check's state, are kept
 * as they are.
 */
public record RetentionConfig(Integer rawDays) {
    public static final int DEFAULT_RAW_DAYS = 90;
    /** A hundred years: far enough to keep everything raw, near enough that the day it names exists. */
    public static final int MAX_RAW_DAYS = 36_500;
    public static final RetentionConfig DEFAULTS = new RetentionConfig(null);

    public RetentionConfig {
        rawDays = rawDays == null ? DEFAULT_RAW_DAYS : rawDays;
    }
}
