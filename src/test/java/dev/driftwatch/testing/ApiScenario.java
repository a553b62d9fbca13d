package dev.driftwatch.testing;

import dev.driftwatch.api.ApiChecks;
import dev.driftwatch.api.ApiContext;
import dev.driftwatch.http.ProviderClient;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.check.Check;
import dev.driftwatch.check.PlanRunner;
import dev.driftwatch.check.Redactor;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.config.ConfigLoader;
import dev.driftwatch.config.LoadedConfig;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.ContractLoader;
import dev.driftwatch.docs.DocsChecks;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Runs the checks of the shipped contract (live API and docs pages) against a {@link FakeProvider},
 * recording each verdict in a real SQLite audit trail, as {@code driftwatch verify} does.
 */
public final class ApiScenario implements AutoCloseable {
    public final FakeProvider provider;
    public final TestWorkspace workspace;
    private final Map<String, String> env;
    private AuditTrail audit;
    private Clock clock = Clock.systemUTC();

    public ApiScenario(Path dir) {
        this.provider = new FakeProvider();
        this.workspace = new TestWorkspace(dir);
        this.env = new java.util.HashMap<>(workspace.env(provider));
        this.audit = AuditTrail.openSqlite(auditFile());
    }

    public Path auditFile() {
        return workspace.dir.resolve("data").resolve("driftwatch.db");
    }

    public ApiScenario withoutKey() {
        env.remove("WISGATE_API_KEY");
        return this;
    }

    public ApiScenario withEnv(String name, String value) {
        env.put(name, value);
        return this;
    }

    public ApiScenario at(Clock fixed) {
        this.clock = fixed;
        return this;
    }

    /** Closes and reopens the audit trail: what a process restart does. */
    public ApiScenario restart() {
        audit.close();
        audit = AuditTrail.openSqlite(auditFile());
        return this;
    }

    public AuditTrail audit() {
        return audit;
    }

    /**
     * Runs {@code check} once against the provider as it is, and expects it to hold: the baseline a release
     * change is then measured against (the first run of a check only records what it sees).
     */
    public Verdict baseline(String check) {
        Verdict v = run(check);
        if (!v.holds()) {
            throw new IllegalStateException("the baseline run of " + check + " did not hold: " + v.outcome() + " " + v.summary());
        }
        return v;
    }

    /** Runs one check ({@code models}, {@code endpoint}, {@code generation}, {@code docs:<page>}) once and records its verdict. */
    public Verdict run(String check) {
        try {
            LoadedConfig loaded = new ConfigLoader(env).load(workspace.config);
            List<Contract> contracts = new ContractLoader().load(loaded);
            Contract contract = contracts.get(0);
            ProviderClient client = new ProviderClient(loaded.file().http(), clock);
            ApiContext ctx = ApiContext.of(loaded, client, audit, env, clock);
            List<Check> checks = new java.util.ArrayList<>(new ApiChecks(ctx).checksFor(contract, contract.environments().subList(0, 1)));
            checks.addAll(new DocsChecks(client, audit, clock).checksFor(contract, contract.environments()));
            checks.addAll(new dev.driftwatch.spec.SpecChecks(client, audit, clock).checksFor(contract, contract.environments()));
            Check target = checks.stream().filter(c -> c.key().check().equals(check)).findFirst().orElseThrow();
            try (PlanRunner runner = new PlanRunner(2, new Redactor(List.of(FakeProvider.KEY)), clock)) {
                Verdict v = runner.runOne(target);
                audit.record(v);
                return v;
            }
        } catch (dev.driftwatch.config.ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        audit.close();
        provider.close();
    }
}
