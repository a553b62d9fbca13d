package dev.driftwatch.docs;

import dev.driftwatch.check.Check;
import dev.driftwatch.check.CheckFactory;
import dev.driftwatch.check.CheckHistory;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.Environment;
import dev.driftwatch.http.ProviderClient;
import java.time.Clock;
import java.util.List;

/** The docs checks of a contract: one {@code docs:<page>} per page in checks.yaml. */
public final class DocsChecks implements CheckFactory {
    private final ProviderClient client;
    private final CheckHistory history;
    private final Clock clock;

    public DocsChecks(ProviderClient client, CheckHistory history, Clock clock) {
        this.client = client;
        this.history = history;
        this.clock = clock;
    }

    @Override
    public List<Check> checksFor(Contract contract, List<Environment> environments) {
        return contract.docs().stream().<Check>map(p -> new DocsCheck(contract, p, client, history, clock)).toList();
    }
}
