package dev.driftwatch.docs;

import dev.driftwatch.check.Check;
import dev.driftwatch.check.CheckHistory;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.CheckRun;
import dev.driftwatch.check.ContractFacts;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.KnownFact;
import dev.driftwatch.check.KnownMembers;
import dev.driftwatch.check.Severity;
import dev.driftwatch.check.Snapshot;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.config.AlertThresholds;
import dev.driftwatch.config.DocsFact;
import dev.driftwatch.config.DocsPage;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.http.ConditionalGet;
import dev.driftwatch.http.ExchangeFailure;
import dev.driftwatch.http.ProviderClient;
import dev.driftwatch.http.ProviderResponse;
import dev.driftwatch.http.SendMode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.Request;

/**
 * {@code docs:<page>}: a provider docs page still states the facts the contract relies on. Reads
 * the page (conditional GET), removes the noise, evaluates its facts, compares the watched text
 * with the last snapshot and stores the new one. A change inside the watched regions is release
 * news (CHANGED with a diff); a fact no longer stated breaks the contract; an extractor that finds
 * nothing where it found something is our fault, not the provider's (UNVERIFIED).
 */
public final class DocsCheck implements Check {
    /** Docs pages belong to the contract, not to one of its API environments. */
    public static final String ENVIRONMENT = "public";
    /** Known-state subjects of a docs check. */
    static final String FACT = "fact:";
    static final String PRICE = "price:";
    static final String MODEL = "docs-model:";
    static final String DISAGREE_MODELS = "disagree:models";
    static final String DISAGREE_ENDPOINT = "disagree:endpoint";
    static final String DOCUMENTS_ENDPOINT = "documents-endpoint";
    static final String ENDPOINTS = "endpoints-shown";
    private final Contract contract;
    private final DocsPage page;
    private final ProviderClient client;
    private final CheckHistory history;
    private final Clock clock;
    private final CheckKey key;

    public DocsCheck(Contract contract, DocsPage page, ProviderClient client, CheckHistory history, Clock clock) {
        this.contract = contract;
        this.page = page;
        this.client = client;
        this.history = history;
        this.clock = clock;
        this.key = new CheckKey(contract.id(), ENVIRONMENT, "docs:" + page.name());
    }

    @Override
    public CheckKey key() {
        return key;
    }

    @Override
    public String schedule() {
        return page.schedule().expression();
    }

    @Override
    public Duration timeout() {
        return client.worstCase();
    }

    /** It reconciles the page with the live checks' latest verdicts. */
    @Override
    public boolean readsOtherVerdicts() {
        return true;
    }

    @Override
    public AlertThresholds alertThresholds() {
        return page.alert();
    }

    /** A docs page is about the contract, whatever the environment: its alerts join any environment's. */
    @Override
    public boolean spansEnvironments() {
        return true;
    }

    @Override
    public Verdict run() {
        CheckRun run = new CheckRun(key, clock, history.knownState(key));
        String where = "page:" + page.name();
        Optional<Snapshot> last = history.lastSnapshot(key);
        Optional<Verdict> lastVerdict = history.lastVerdict(key);
        // Ask "not modified?" only when the last reading was sound: a 304 can then only mean "still fine".
        boolean conditional = last.isPresent() && lastVerdict.filter(Verdict::holds).isPresent();
        Request request = ConditionalGet.of(page.url().toString(), "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
                conditional ? last.get().etag() : null, conditional ? last.get().lastModified() : null);
        ProviderResponse r;
        try {
            r = client.send(request, SendMode.REPEATABLE);
        } catch (ExchangeFailure f) {
            return run.unverified(Finding.warning(f.rule(), where, "the page", f.getMessage()));
        }
        run.evidence(Evidence.NONE.withHttp(r.status(), r.latencyMs(), r.requestId()).with(Evidence.URL, r.url()));
        if (r.status() == 304 && conditional) {
            Snapshot same = last.get();
            history.saveSnapshot(key, new Snapshot(clock.instant(), same.hash(), same.text(), same.etag(), same.lastModified()));
            // Unchanged: it states what it stated, and is held again against what the live API says now.
            List<String> models = run.known().withPrefix(MODEL).stream().filter(KnownFact::present)
                    .map(f -> f.subject().substring(MODEL.length())).toList();
            run.known().withPrefix(FACT).forEach(f -> run.remember(f.subject(), f.value()));
            run.known().withPrefix(PRICE).stream().filter(KnownFact::present).forEach(f -> run.remember(f.subject(), f.value()));
            models.forEach(id -> run.remember(MODEL + id, "listed"));
            reconcile(run, models, run.known().value(ENDPOINTS).map(v -> Arrays.stream(v.split(",")).filter(e -> !e.isBlank()).toList()).orElse(List.of()));
            return run.detail("hash", same.hash()).conclude("not modified since " + same.fetchedAt() + " (304); facts as then");
        }
        if (r.status() >= 500 || r.status() == 429 || r.status() == 408) {
            return run.unverified(Finding.warning("unreachable", where, "the page", "HTTP " + r.status() + (r.attempts() > 1 ? " after " + r.attempts() + " attempts" : "")));
        }
        if (r.status() == 404 || r.status() == 410) {
            return run.add(Finding.error("docs-page-gone", where, "the page at " + page.url().shown(), "HTTP " + r.status())).conclude("");
        }
        if (!r.isSuccess()) {
            return run.unverified(Finding.warning("unexpected-status", where, "HTTP 200", "HTTP " + r.status()));
        }
        if (!isHtml(r)) {
            return run.unverified(Finding.warning("page-not-html", where, "an HTML page", (r.contentType() == null ? "no Content-Type" : r.contentType())));
        }
        NormalizedPage normalized;
        try {
            normalized = new PageNormalizer().normalize(r.body(), charsetOf(r), r.url(), page);
        } catch (PageUnreadable e) {
            return run.unverified(Finding.warning("page-unreadable", where, "a readable HTML page", e.getMessage()));
        }
        Map<String, String> previousValues = new LinkedHashMap<>();
        run.known().withPrefix(FACT).forEach(f -> previousValues.put(f.subject().substring(FACT.length()), f.value()));
        FactResults facts = new FactEvaluator(contract.model(), contract.modelFamily()).evaluate(normalized, page.facts(), previousValues);
        judgeFacts(run, facts);
        run.detail("hash", normalized.hash()).detail("size", normalized.text().length()).detail("factValues", facts.values());
        if (!facts.models().isEmpty()) {
            run.detail("docsModels", facts.models());
        }
        List<String> endpoints = new LiveReconciliation(contract, history).endpointsShown(normalized.factText());
        if (!endpoints.isEmpty()) {
            run.detail("docsEndpoints", endpoints);
        }
        run.remember(ENDPOINTS, String.join(",", endpoints));
        reconcile(run, facts.models(), endpoints);
        last.flatMap(before -> PageDiff.between(before, normalized, page.name())).ifPresent(run::announce);
        history.saveSnapshot(key, new Snapshot(clock.instant(), normalized.hash(), normalized.text(), r.header("ETag"), r.header("Last-Modified")));
        // A fact the provider visibly broke outweighs an extractor that lost its footing on the same change.
        if (facts.extractorFault() && !run.hasErrors()) {
            Finding why = facts.findings().stream().filter(f -> f.rule().equals("extractor-empty")).findFirst().orElseThrow();
            return run.unverified(why);
        }
        judgeModels(run, facts);
        return run.conclude(page.facts().size() + " fact(s) stated, " + (last.isPresent() ? "no change in the watched text" : "first reading recorded"));
    }

    /** The facts' findings, each for what it is: a break, our extractor's fault, or a price that stands apart. */
    private void judgeFacts(CheckRun run, FactResults facts) {
        facts.values().forEach((name, value) -> run.remember(FACT + name, value));
        for (Finding f : facts.findings()) {
            if (f.rule().equals("price-changed")) {
                run.condition(PRICE + f.pointer(), f.actual(), f);
            } else {
                run.add(f);
            }
        }
        for (DocsFact fact : page.facts()) {
            String pointer = "fact:" + fact.name();
            boolean apart = facts.findings().stream().anyMatch(f -> f.rule().equals("price-changed") && f.pointer().equals(pointer));
            if (!apart && facts.values().containsKey(fact.name())) {
                run.forget(PRICE + pointer);
            }
        }
    }

    /** The model IDs the page lists against the ones the check knows (see {@link KnownMembers}). */
    private void judgeModels(CheckRun run, FactResults facts) {
        String where = "page:" + page.name();
        new KnownMembers(run, MODEL).judge(facts.models(), contract.model(), !run.hasErrors() && !facts.extractorFault(), new KnownMembers.Words() {
            @Override
            public Finding released(String id, List<String> known) {
                return Finding.info("model-released", where, "the models the page listed before", "new model " + id);
            }

            @Override
            public Finding restored(String id, KnownFact before) {
                return Finding.info("model-restored", where, id + " not listed since " + before.goneSince(), id + " listed again");
            }

            @Override
            public Finding removed(String id, KnownFact before) {
                return Finding.warning("model-removed", where, id + " listed (last seen " + before.lastSeen() + ")", "model " + id + " no longer listed");
            }
        });
    }

    /** A disagreement stands until it ends: news the first time, a warning while it lasts, forgotten when gone. */
    private static void standing(CheckRun run, String subject, Optional<Finding> found) {
        if (found.isEmpty()) {
            run.forget(subject);
        } else if (found.get().severity() == Severity.ERROR) {
            run.add(found.get());
        } else {
            run.condition(subject, found.get().pointer() + " " + found.get().actual(), found.get());
        }
    }

    /** The page against the live API: the models it lists, the endpoints it shows. */
    private void reconcile(CheckRun run, List<String> docsModels, List<String> endpoints) {
        LiveReconciliation reconciliation = new LiveReconciliation(contract, history);
        if (!docsModels.isEmpty()) {
            run.remember(ContractFacts.DOCS_MODELS, String.join(",", docsModels)); // for the spec check's reconciliation
            standing(run, DISAGREE_MODELS, reconciliation.models(docsModels));
        }
        // Once a page has shown the pinned endpoint it documents it, for good: remembered in the known state.
        String pinned = contract.endpointPath();
        boolean documents = endpoints.contains(pinned) || run.known().value(DOCUMENTS_ENDPOINT).filter(pinned::equals).isPresent();
        if (documents) {
            run.remember(DOCUMENTS_ENDPOINT, pinned);
        }
        standing(run, DISAGREE_ENDPOINT, reconciliation.endpoint(endpoints, documents));
    }

    /** The charset the server declares, else UTF-8; undecodable bytes become U+FFFD, never an exception. */
    private static Charset charsetOf(ProviderResponse r) {
        MediaType type = r.contentType() == null ? null : MediaType.parse(r.contentType());
        return type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
    }

    private static boolean isHtml(ProviderResponse r) {
        String ct = r.contentType() == null ? "" : r.contentType().toLowerCase(java.util.Locale.ROOT);
        return ct.isEmpty() || ct.startsWith("text/html") || ct.startsWith("application/xhtml");
    }
}
