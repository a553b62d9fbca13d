package dev.driftwatch.check;

import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.Environment;
import java.util.ArrayList;
import java.util.List;

/** Every check to run: each contract × each kind of check (× each environment for the live API), optionally narrowed. */
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
            List<Environment> envs = c.environments().stream().filter(e -> environment == null || environment.equals(e.name())).toList();
            for (CheckFactory f : factories) {
                checks.addAll(f.checksFor(c, envs));
            }
        }
        return new Plan(List.copyOf(checks));
    }
}
