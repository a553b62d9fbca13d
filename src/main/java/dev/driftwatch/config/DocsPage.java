package dev.driftwatch.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A provider docs page that states facts about the contract: where it is, when to read it, what
 * to leave out as noise ({@code ignore} selectors, {@code volatile} patterns), which regions are
 * watched for changes, the facts it must keep stating, and its own alert thresholds.
 */
public record DocsPage(String name, HttpAddress url, CronSchedule schedule, List<String> ignore,
                       @JsonProperty("volatile") List<String> volatilePatterns, List<String> regions, List<DocsFact> facts,
                       AlertThresholds alert) {
    public DocsPage {
        schedule = schedule == null ? CronSchedule.parse("0 20 */6 * * ?") : schedule;
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
        volatilePatterns = volatilePatterns == null ? List.of() : List.copyOf(volatilePatterns);
        regions = regions == null ? List.of() : List.copyOf(regions);
        facts = facts == null ? List.of() : List.copyOf(facts);
    }
}
