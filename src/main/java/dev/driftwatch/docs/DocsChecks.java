package dev.driftwatch.docs;

import dev.driftwatch.check.Check;
import dev.driftwatch.check.CheckFactory;
import dev.driftwatch.check.CheckHistory;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.Environment;
import dev.driftwatch.http.ProviderClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The docs checks of a contract: one {@code docs:<page>} per page in checks.yaml. */
public final class DocsChecks implements CheckFactory {
    /** What to do first when one of these rules breaks the contract. */
    private static final Map<String, String> ADVICE = Map.of(
            "docs-fact-missing", "The docs page no longer states a fact your contract relies on: read the diff, then confirm with the provider.",
            "docs-page-gone", "The docs page is gone: find where it moved and update its `url` in checks.yaml.",
            "docs-live-disagree", "The docs and the live API disagree about the pinned model or endpoint, and the live checks found it gone: find the successor in the docs, then update checks.yaml and your code.");
    private final ProviderClient client;
    private final CheckHistory history;
    private final Clock clock;

    public DocsChecks(ProviderClient client, CheckHistory history, Clock clock) {
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
        return contract.docs().stream().<Check>map(p -> new DocsCheck(contract, p, client, history, clock)).toList();
    }
}
