package dev.driftwatch.check;

import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.Environment;
import java.util.ArrayList;
import java.util.List;

/** Every check to run: each contract × each kind of check (× each environment for the live API), optionally narrowed. */
public record Plan(List<Check> checks) {

    /**
     * @param contractId only this contract, or null for all
     * @param environment only the checks keyed by this environment, or null for all. It is the environment every
     *     output shows ({@code contract/environment/check}): a contract's own (production, staging) for the live API,
     *     or the one a kind names for checks about the contract as a whole ({@code public} for the docs pages)
     */
    public static Plan of(List<Contract> contracts, List<CheckFactory> factories, String contractId, String environment) {
        List<Check> checks = new ArrayList<>();
        for (Contract c : contracts) {
            if (contractId != null && !contractId.equals(c.id())) {
                continue;
            }
            List<Environment> envs = c.environments().stream().filter(e -> environment == null || environment.equals(e.name())).toList();
            for (CheckFactory f : factories) {
                // By the key, not by what the factory was given: a kind may ignore the contract's environments (the docs do).
                f.checksFor(c, envs).stream().filter(check -> environment == null || environment.equals(check.key().environment()))
                        .forEach(checks::add);
            }
        }
        return new Plan(List.copyOf(checks));
    }

    /** The environments of the plan's checks, in plan order: the names {@code --env} takes. */
    public List<String> environments() {
        return checks.stream().map(c -> c.key().environment()).distinct().toList();
    }
}
