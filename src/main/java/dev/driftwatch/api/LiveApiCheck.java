package dev.driftwatch.api;

import dev.driftwatch.check.Check;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.CheckRun;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.Environment;
import java.time.Duration;

/** What the live-API checks share: one contract in one environment, the shared context, the check's key. */
abstract class LiveApiCheck implements Check {
    protected final Contract contract;
    protected final Environment environment;
    protected final ApiContext ctx;
    protected final CheckKey key;

    LiveApiCheck(Contract contract, Environment environment, ApiContext ctx, String check) {
        this.contract = contract;
        this.environment = environment;
        this.ctx = ctx;
        this.key = new CheckKey(contract.id(), environment.name(), check);
    }

    @Override
    public final CheckKey key() {
        return key;
    }

    /** Every attempt's call timeout plus the waits between them; the paid probe allows longer. */
    @Override
    public Duration timeout() {
        return ctx.client().worstCase();
    }

    /** A run judged against what this check already knows. */
    protected final CheckRun newRun() {
        return new CheckRun(key, ctx.clock(), ctx.history().knownState(key));
    }

    /** The environment's key, or null when its variable is not set (the check is then SKIPPED). */
    protected final String apiKey() {
        return ctx.secret(environment.apiKeyEnv());
    }

    protected final String noKey() {
        return "no API key: set " + environment.apiKeyEnv() + " to verify " + contract.id() + " in " + environment.name();
    }

    protected final LiveCall liveCall() {
        return new LiveCall(ctx, key, environment);
    }
}
