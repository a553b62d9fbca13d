package dev.driftwatch.api;

import dev.driftwatch.check.Check;
import dev.driftwatch.check.CheckFactory;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.Environment;
import java.util.ArrayList;
import java.util.List;

/** The live-API checks of a contract: {@code models}, {@code endpoint}, {@code generation}, each if enabled. */
public final class ApiChecks implements CheckFactory {
    private final ApiContext ctx;

    public ApiChecks(ApiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public List<Check> checksFor(Contract contract, List<Environment> environments) {
        List<Check> checks = new ArrayList<>();
        for (Environment environment : environments) {
            checksFor(contract, environment, checks);
        }
        return checks;
    }

    private void checksFor(Contract contract, Environment environment, List<Check> checks) {
        if (contract.checks().models().enabled()) {
            checks.add(new ModelsCheck(contract, environment, ctx));
        }
        if (contract.checks().endpoint().enabled()) {
            checks.add(new EndpointCheck(contract, environment, ctx));
        }
        if (contract.checks().generation().enabled()) {
            checks.add(new GenerationCheck(contract, environment, ctx));
        }
    }
}
