package dev.driftwatch.api;

import dev.driftwatch.check.Check;
import dev.driftwatch.check.CheckFactory;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.Environment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The live-API checks of a contract: {@code models}, {@code endpoint}, {@code generation}, each if enabled. */
public final class ApiChecks implements CheckFactory {
    /** What to do first when one of these rules breaks the contract. */
    private static final Map<String, String> ADVICE = Map.ofEntries(
            Map.entry("model-not-listed", "The pinned model ID is gone from the models list: find its successor in the provider's release notes, then update `model` in checks.yaml and in your code."),
            Map.entry("model-not-found", "The provider no longer knows the model: find its successor, then update `model` in checks.yaml and in your code."),
            Map.entry("model-shutdown-passed", "The model's shutdown date has passed while your code still uses it: move to its successor now, then update `model` in checks.yaml."),
            Map.entry("sunset-passed", "The endpoint's Sunset date has passed: requests may stop being answered at any time; move to what the provider's Link header or changelog names."),
            Map.entry("endpoint-gone", "The endpoint no longer exists at this path: check the provider's changelog for its new path."),
            Map.entry("auth-rejected", "The key is refused: check that the key in the environment is valid and not revoked or out of credit."),
            Map.entry("validation-missing", "The provider accepted a request it should refuse, and may have billed it: driftwatch stopped this probe. Check the provider's billing and changelog; any edit of checks.yaml runs the probe again."),
            Map.entry("request-rejected", "The provider now refuses the request your code sends: read its message above and adapt the request (and `request:` in checks.yaml)."),
            Map.entry("response-property-removed", "A field your code reads is gone from the response: adapt the code that reads it, then the response schema."),
            Map.entry("response-property-type-changed", "A field your code reads changed its type: adapt the code that reads it, then the response schema."),
            Map.entry("response-items-extra", "The provider returns more images than asked for, and bills each: check the invoice, then the `n` your code sends."),
            Map.entry("response-size-mismatch", "The provider answers with another size than asked for: check whether the size your code sends is still supported."),
            Map.entry("image-undecodable", "The response carries no readable image where your code expects one: look at the excerpt, then at the provider's status page."));
    private final ApiContext ctx;

    public ApiChecks(ApiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Map<String, String> advice() {
        return ADVICE;
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
