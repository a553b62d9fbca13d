package dev.driftwatch.alert;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.config.AlertThresholds;
import dev.driftwatch.config.AlertsConfig;
import dev.driftwatch.config.DocsPage;
import dev.driftwatch.contract.Contract;
import java.util.List;
import java.util.Optional;

/** Finds a check's thresholds: its own {@code alert:}, then {@code alerts.defaults}, then the built-in ones. */
public final class AlertPolicies {
    private static final String DOCS = "docs:";
    private final List<Contract> contracts;
    private final AlertsConfig alerts;

    public AlertPolicies(List<Contract> contracts, AlertsConfig alerts) {
        this.contracts = List.copyOf(contracts);
        this.alerts = alerts;
    }

    /** The policy of a check that checks.yaml still declares; empty for one it no longer does. */
    public Optional<AlertPolicy> policyFor(CheckKey key) {
        Optional<Contract> contract = contracts.stream().filter(c -> c.id().equals(key.contract())).findFirst();
        if (contract.isEmpty()) {
            return Optional.empty();
        }
        AlertThresholds own;
        if (key.check().startsWith(DOCS)) {
            String page = key.check().substring(DOCS.length());
            Optional<DocsPage> docs = contract.get().docs().stream().filter(p -> p.name().equals(page)).findFirst();
            if (docs.isEmpty()) {
                return Optional.empty();
            }
            own = docs.get().alert();
        } else {
            own = contract.get().checks().alertOf(key.check());
        }
        return Optional.of(AlertPolicy.of(alerts.thresholds(own)));
    }
}
