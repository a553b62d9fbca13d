package dev.driftwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code retention:} section: its default, and the values refused at their line. */
class RetentionConfigTest extends ChecksYamlTest {

    @Test
    void theShippedFileKeepsNinetyDaysRawAndAFileWithoutTheSectionDefaultsToNinety() throws Exception {
        assertThat(load().retention().rawDays()).isEqualTo(90);
        ws.edit("retention:\n  rawDays: 90\n", "");
        assertThat(load().retention()).isEqualTo(RetentionConfig.DEFAULTS);
        assertThat(load().retention().rawDays()).isEqualTo(RetentionConfig.DEFAULT_RAW_DAYS);
    }

    @Test
    void anotherNumberOfDaysIsTaken() throws Exception {
        ws.edit("  rawDays: 90", "  rawDays: 400");
        assertThat(load().retention().rawDays()).isEqualTo(400);
    }

    @Test
    void zeroOrANegativeNumberOfDaysIsRefusedAtItsValue() {
        ws.edit("  rawDays: 90", "  rawDays: 0");
        assertThat(errorOf()).isEqualTo(rawDaysValue() + ": rawDays must be a whole number of days from 1 to 36500, got 0"
                + " — write e.g. 90 (the default): PASS verdicts of older days are folded into one row per check and day");
        ws.edit("  rawDays: 0", "  rawDays: -3");
        assertThat(errorOf()).startsWith(rawDaysValue() + ": rawDays must be a whole number of days from 1 to 36500, got -3");
    }

    @Test
    void aNumberOfDaysPastAHundredYearsIsRefused() {
        ws.edit("  rawDays: 90", "  rawDays: 99999999");
        assertThat(errorOf()).startsWith(rawDaysValue() + ": rawDays must be a whole number of days from 1 to 36500");
    }

    @Test
    void aFractionOrAWordIsRefusedAsNotAWholeNumber() {
        ws.edit("  rawDays: 90", "  rawDays: 1.5");
        assertThat(errorOf()).isEqualTo(rawDaysValue() + ": 'rawDays' has the wrong kind of value — write a whole number");
        ws.edit("  rawDays: 1.5", "  rawDays: ninety");
        assertThat(errorOf()).isEqualTo(rawDaysValue() + ": 'rawDays' has the wrong kind of value — write a whole number");
    }

    @Test
    void anUnknownKeyInTheSectionIsRefusedWithTheKnownOne() {
        ws.edit("  rawDays: 90", "  rawdays: 90");
        assertThat(errorOf()).isEqualTo(at("rawdays") + ": unknown key 'rawdays' — use one of: rawDays");
    }

    private ChecksFile load() throws ConfigException {
        return new ConfigLoader(Map.of()).load(ws.config).file();
    }

    /** {@code FILE:LINE:COLUMN} of the value of {@code rawDays:}. */
    private String rawDaysValue() {
        String key = at("rawDays: ");
        int colon = key.lastIndexOf(':');
        return key.substring(0, colon + 1) + (Integer.parseInt(key.substring(colon + 1)) + "rawDays: ".length());
    }
}
