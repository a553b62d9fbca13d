package dev.driftwatch.check;

import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.Environment;
import java.util.ArrayList;
import java.util.List;

/** Every check to run: each contract × each environment × each kind of check, optionally narrowed. */
public record Plan(List<Check> checks) {

    /**
     * @param contractId only this contract, or null for all
     * @param environment only this environment, or null for all
     */
    public static Plan of(List<Contract> contracts, List<CheckFactory> factories, String contractId, String environment) {
        List<Check> checks = new ArrayList<>();
        for (Contract c : contracts) {
            if (contractId != null && !contractId.equals(c.id())) {
                continue;
            }
            for (Environment env : c.environments()) {
                if (environment != null && !environment.equals(env.name())) {
                    continue;
                }
                for (CheckFactory f : factories) {
                    checks.addAll(f.checksFor(c, env));
                }
            }
        }
        return new Plan(List.copyOf(checks));
    }
}
