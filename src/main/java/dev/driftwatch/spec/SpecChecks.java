package dev.driftwatch.spec;

import dev.driftwatch.check.Check;
import dev.driftwatch.check.CheckFactory;
import dev.driftwatch.check.CheckHistory;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.Environment;
import dev.driftwatch.http.ProviderClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The spec checks of a contract: one {@code spec:<name>} per published document in checks.yaml. */
public final class SpecChecks implements CheckFactory {
    /** What to do first when one of these rules breaks the contract. */
    private static final Map<String, String> ADVICE = Map.ofEntries(
            Map.entry("spec-request-rejected", "The provider's spec no longer accepts the request your code sends: read the finding, check the live endpoint check, then change the request or ask the provider."),
            Map.entry("spec-read-field-optional", "The provider's spec no longer promises a field your code reads: make your code cope with its absence, then record that with 'driftwatch accept'."),
            Map.entry("spec-read-field-missing", "The provider's spec no longer declares a field your code reads: confirm with a live generation, then change your code and the contract's response schema."),
            Map.entry("spec-operation-removed", "The pinned operation is gone from the provider's spec: look for its successor and confirm with the live endpoint check."),
            Map.entry("response-property-became-optional", "The provider's spec made a field your code reads optional: make your code cope with its absence, then 'driftwatch accept'."),
            Map.entry("response-property-removed", "The provider's spec removed a field your code reads: confirm with a live generation, then change your code."),
            Map.entry("request-property-enum-value-removed", "The provider's spec no longer lists a value your request sends: pick a listed value and update the pinned request."));
    private final ProviderClient client;
    private final CheckHistory history;
    private final Clock clock;

    public SpecChecks(ProviderClient client, CheckHistory history, Clock clock) {
        this.client = client;
        this.history = history;
        this.clock = clock;
    }

    @Override
    public Map<String, String> advice() {
        return ADVICE;
    }

    @Override
    public List<Check> checksFor(Contract contract, List<Environment> environments) {
        return contract.specs().stream().<Check>map(s -> new SpecCheck(contract, s, client, history, clock)).toList();
    }
}
