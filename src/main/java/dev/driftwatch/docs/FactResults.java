package dev.driftwatch.docs;

import dev.driftwatch.check.Finding;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a docs page's facts said this time: the findings, the values to store for the next run's
 * comparison (fact name → value), every model ID the {@code models} facts found (sorted), and
 * whether one of our extractors came back empty (the check is then UNVERIFIED, not BROKEN).
 */
public record FactResults(List<Finding> findings, Map<String, String> values, List<String> models, boolean extractorFault) {
    public FactResults {
        findings = List.copyOf(findings);
        // In fact order, so the stored evidence reads like the configuration.
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        models = List.copyOf(models);
    }
}
