package dev.driftwatch.spec;

import dev.driftwatch.check.Check;
import dev.driftwatch.check.CheckHistory;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.CheckRun;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.KnownFact;
import dev.driftwatch.check.KnownMembers;
import dev.driftwatch.check.Snapshot;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.config.AlertThresholds;
import dev.driftwatch.config.SpecSource;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.http.ConditionalGet;
import dev.driftwatch.http.ExchangeFailure;
import dev.driftwatch.http.ProviderClient;
import dev.driftwatch.http.ProviderResponse;
import dev.driftwatch.http.SendMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import okhttp3.Request;

/**
 * {@code spec:<name>}: the provider's published OpenAPI document still agrees with the contract. Reads the document
 * (conditional GET), pins the contract's operation with every component it references and snapshots it; when the
 * pinned part changed since the last reading, classifies each difference (openapi-diff, {@link SpecDiff}); on every run
 * holds the contract against it ({@link ContractHold}) and reconciles its models with the live API and the docs
 * ({@link SpecReconciliation}). A document that cannot be read is UNVERIFIED with the reason, never a crash.
 */
public final class SpecCheck implements Check {
    /** A published spec belongs to the contract, not to one of its API environments (as docs pages do). */
    public static final String ENVIRONMENT = "public";
    /** Known-state subjects of a spec check. */
    static final String BODY = "spec-body-sha256";
    static final String OPERATION_SEEN = "spec-operation-seen";
    static final String MODEL = "spec-model:";
    static final String MODELS_MISSING = "spec:models-operation-missing";
    private final Contract contract;
    private final SpecSource source;
    private final OperationRef operation;
    private final List<OperationRef> optional;
    private final ProviderClient client;
    private final CheckHistory history;
    private final Clock clock;
    private final CheckKey key;

    public SpecCheck(Contract contract, SpecSource source, ProviderClient client, CheckHistory history, Clock clock) {
        this.contract = contract;
        this.source = source;
        this.operation = OperationRef.parse(source.operation());
        this.optional = source.models() == null ? List.of() : List.of(OperationRef.parse(source.models()));
        this.client = client;
        this.history = history;
        this.clock = clock;
        this.key = new CheckKey(contract.id(), ENVIRONMENT, "spec:" + source.name());
    }

    @Override
    public CheckKey key() {
        return key;
    }

    @Override
    public String schedule() {
        return source.schedule().expression();
    }

    @Override
    public Duration timeout() {
        return client.worstCase();
    }

    /** It reconciles the spec with the live checks' and the docs' latest findings. */
    @Override
    public boolean readsOtherVerdicts() {
        return true;
    }

    @Override
    public AlertThresholds alertThresholds() {
        return source.alert();
    }

    @Override
    public boolean spansEnvironments() {
        return true;
    }

    @Override
    public Verdict run() {
        CheckRun run = new CheckRun(key, clock, history.knownState(key));
        String where = "spec:" + source.name();
        Optional<Snapshot> last = history.lastSnapshot(key);
        boolean sound = last.isPresent() && history.lastVerdict(key).filter(Verdict::holds).isPresent();
        // Ask "not modified?" only when the last reading was sound: a 304 can then only mean "still the same".
        Request request = ConditionalGet.of(source.url().toString(), "application/yaml, application/x-yaml, text/yaml, application/json;q=0.9, text/plain;q=0.8, */*;q=0.5",
                sound ? last.get().etag() : null, sound ? last.get().lastModified() : null);
        ProviderResponse r;
        try {
            r = client.send(request, SendMode.REPEATABLE);
        } catch (ExchangeFailure f) {
            return run.unverified(Finding.warning(f.rule(), where, "the spec", f.getMessage()));
        }
        run.evidence(Evidence.NONE.withHttp(r.status(), r.latencyMs(), r.requestId()).with(Evidence.URL, r.url()));
        String pinnedJson;
        String fetched;
        if (r.status() == 304 && sound) {
            pinnedJson = last.get().text();
            fetched = "not modified since " + last.get().fetchedAt() + " (304)";
            run.known().value(BODY).ifPresent(v -> run.remember(BODY, v));
        } else if (r.status() >= 500 || r.status() == 429 || r.status() == 408) {
            return run.unverified(Finding.warning("unreachable", where, "the spec", "HTTP " + r.status() + (r.attempts() > 1 ? " after " + r.attempts() + " attempts" : "")));
        } else if (r.status() == 404 || r.status() == 410) {
            return run.unverified(Finding.warning("spec-gone", where, "the spec at " + source.url().shown(), "HTTP " + r.status()
                    + ": it is no longer published there — find where it moved and update its url in checks.yaml"));
        } else if (!r.isSuccess()) {
            return run.unverified(Finding.warning("unexpected-status", where, "HTTP 200", "HTTP " + r.status()));
        } else {
            String body = sha256(r.body());
            if (last.isPresent() && run.known().value(BODY).filter(body::equals).isPresent() && run.known().value(OPERATION_SEEN).isPresent()) {
                // The same bytes as last time: the same pinned part, without parsing megabytes again.
                pinnedJson = last.get().text();
                fetched = "unchanged since " + last.get().fetchedAt();
                run.remember(BODY, body);
            } else {
                try {
                    PinnedOperation pinned = SpecReader.read(new String(r.body(), StandardCharsets.UTF_8), operation, optional);
                    pinnedJson = pinned.json();
                    run.detail("openapi", pinned.openapi()).detail("components", pinned.components().size());
                    missingOptional(run, pinned.missing());
                    fetched = "read";
                    run.remember(BODY, body); // only a body that was read: an unreadable one is read again next time
                } catch (SpecProblem p) {
                    return unreadable(run, p, where);
                }
            }
        }
        String hash = sha256(pinnedJson.getBytes(StandardCharsets.UTF_8));
        run.remember(OPERATION_SEEN, operation.toString());
        run.detail("hash", hash).detail("size", pinnedJson.length());
        ContractView view = new ContractView(contract);
        if (last.isPresent() && !last.get().hash().equals(hash)) {
            try {
                SpecDiff.Changes changes = SpecDiff.between(view, operation, last.get().text(), pinnedJson, last.get().fetchedAt().toString());
                changes.breaks().forEach(run::add);
                changes.news().forEach(run::announce);
                changes.notes().forEach(run::add);
            } catch (SpecProblem p) {
                run.add(Finding.warning("spec-diff-failed", where, "two readings openapi-diff can compare", p.getMessage()));
            }
        }
        ContractHold hold = new ContractHold(view, operation, pinnedJson);
        hold.judge(run);
        List<String> models = hold.models();
        judgeModels(run, models, hold.modelsWhere());
        new SpecReconciliation(contract, history).judge(run, models, operation);
        // A 304 may leave its validators out: the ones of the reading it confirms still hold.
        boolean same = r.status() == 304;
        String etag = r.header("ETag") != null || !same ? r.header("ETag") : last.get().etag();
        String lastModified = r.header("Last-Modified") != null || !same ? r.header("Last-Modified") : last.get().lastModified();
        history.saveSnapshot(key, new Snapshot(clock.instant(), hash, pinnedJson, etag, lastModified));
        return run.conclude(operation + " " + fetched + (last.isPresent() ? ", held against the contract" : ", first reading recorded"));
    }

    /** A spec that gives no pinned operation: a removal when it had it before, else a reason it could not be read. */
    private Verdict unreadable(CheckRun run, SpecProblem p, String where) {
        if (p.rule().equals("spec-operation-missing") && run.known().value(OPERATION_SEEN).isPresent()) {
            run.remember(OPERATION_SEEN, operation.toString());
            return run.add(Finding.error("spec-operation-removed", "#/paths/" + SpecSchema.escape(operation.path()) + "/" + operation.method(),
                    operation + " in the spec (it was there before)", p.getMessage())).conclude("");
        }
        String advice = p.rule().equals("spec-operation-missing") ? " — write the operation as the spec does, e.g. \"POST /images/generations\" (paths relative to its server)" : "";
        return run.unverified(Finding.warning(p.rule(), where, "an OpenAPI document with " + operation, p.getMessage() + advice));
    }

    /** The models operation asked for and not in the spec: said once, a warning while it stands. */
    private static void missingOptional(CheckRun run, List<OperationRef> missing) {
        if (missing.isEmpty()) {
            run.forget(MODELS_MISSING);
            return;
        }
        String ops = String.join(", ", missing.stream().map(OperationRef::toString).toList());
        run.condition(MODELS_MISSING, ops, Finding.warning("spec-operation-missing", "#/paths", ops + " in the spec", "not there"));
    }

    /** The model IDs the spec lists for the request, member by member (see {@link KnownMembers}). */
    private void judgeModels(CheckRun run, List<String> models, String where) {
        new KnownMembers(run, MODEL).judge(models, contract.model(), true, new KnownMembers.Words() {
            @Override
            public Finding released(String id, List<String> known) {
                // The ID in what was expected: an acceptance of one new model must not cover the next one.
                return Finding.info("spec-model-added", where, id + " not among the models the spec listed before", "new model " + id);
            }

            @Override
            public Finding restored(String id, KnownFact before) {
                return Finding.info("spec-model-restored", where, id + " not listed since " + before.goneSince(), id + " listed again");
            }

            @Override
            public Finding removed(String id, KnownFact before) {
                return Finding.warning("spec-model-removed", where, id + " listed (last seen " + before.lastSeen() + ")", "model " + id + " no longer listed");
            }
        });
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

}
