package dev.driftwatch.check;

import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.Environment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Makes the checks of one kind (live API, docs pages) for a contract and the environments to check. */
public interface CheckFactory {
    List<Check> checksFor(Contract contract, List<Environment> environments);

    /** What to do first when a finding of this kind's rules breaks the contract: rule ID → advice, for alerts. */
    default Map<String, String> advice() {
        return Map.of();
    }

    /** The advice of every kind, for the alerts of a whole plan. */
    static Map<String, String> adviceOf(List<CheckFactory> factories) {
        Map<String, String> out = new LinkedHashMap<>();
        factories.forEach(f -> out.putAll(f.advice()));
        return Map.copyOf(out);
    }
}
