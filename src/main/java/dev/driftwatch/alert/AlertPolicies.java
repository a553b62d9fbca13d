package dev.driftwatch.alert;

import dev.driftwatch.check.Check;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.config.AlertsConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A check's thresholds: its own {@code alert:} (which the check's kind reads), then {@code alerts.defaults}, then the built-in ones. */
public final class AlertPolicies {
    private final Map<CheckKey, AlertPolicy> byKey = new LinkedHashMap<>();

    public AlertPolicies(List<Check> checks, AlertsConfig alerts) {
        for (Check c : checks) {
            byKey.put(c.key(), AlertPolicy.of(alerts.thresholds(c.alertThresholds()), c.spansEnvironments()));
        }
    }

    /** The policy of a check that checks.yaml still declares; empty for one it no longer does. */
    public Optional<AlertPolicy> policyFor(CheckKey key) {
        return Optional.ofNullable(byKey.get(key));
    }
}
