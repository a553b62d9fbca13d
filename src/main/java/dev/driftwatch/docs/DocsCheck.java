package dev.driftwatch.docs;

import dev.driftwatch.check.Check;
import dev.driftwatch.check.CheckHistory;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.CheckRun;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Snapshot;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.config.DocsPage;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.http.ExchangeFailure;
import dev.driftwatch.http.ProviderClient;
import dev.driftwatch.http.ProviderResponse;
import dev.driftwatch.http.SendMode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
    public Verdict run() {
        CheckRun run = new CheckRun(key, clock);
        String where = "page:" + page.name();
        Optional<Snapshot> last = history.lastSnapshot(key);
        Optional<Verdict> lastVerdict = history.lastVerdict(key);
        // Ask "not modified?" only when the last reading was sound: a 304 can then only mean "still fine".
        boolean conditional = last.isPresent() && lastVerdict.filter(v -> v.outcome() == Outcome.PASS || v.outcome() == Outcome.CHANGED).isPresent();
        Request.Builder request = new Request.Builder().url(page.url().toString()).get()
                .header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5");
        if (conditional) {
            if (last.get().etag() != null) {
                request.header("If-None-Match", last.get().etag());
            }
            if (last.get().lastModified() != null) {
                request.header("If-Modified-Since", last.get().lastModified());
            }
        }
        ProviderResponse r;
        try {
            r = client.send(request.build(), SendMode.REPEATABLE);
        } catch (ExchangeFailure f) {
            return run.unverified(Finding.warning(f.rule(), where, "the page", f.getMessage()));
        }
        run.evidence(Evidence.NONE.withHttp(r.status(), r.latencyMs(), r.requestId()).with("url", r.url()));
        if (r.status() == 304 && conditional) {
            Snapshot same = last.get();
            history.saveSnapshot(key, new Snapshot(clock.instant(), same.hash(), same.text(), same.etag(), same.lastModified()));
            return run.detail("hash", same.hash()).conclude("not modified since " + same.fetchedAt() + " (304); facts as then");
        }
        if (r.status() >= 500 || r.status() == 429 || r.status() == 408) {
            return run.unverified(Finding.warning("unreachable", where, "the page", "HTTP " + r.status() + (r.attempts() > 1 ? " after " + r.attempts() + " attempts" : "")));
        }
        if (r.status() == 404 || r.status() == 410) {
            return run.add(Finding.error("docs-page-gone", where, "the page at " + page.url(), "HTTP " + r.status())).conclude("");
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
        Map<String, String> previousValues = history.lastEvidenceWith(key, "factValues").map(e -> e.map("factValues")).orElse(Map.of());
        FactResults facts = new FactEvaluator(contract.model(), contract.modelFamily()).evaluate(normalized, page.facts(), previousValues);
        run.addAll(facts.findings()).detail("hash", normalized.hash()).detail("size", normalized.text().length())
                .detail("factValues", facts.values());
        LiveReconciliation reconciliation = new LiveReconciliation(contract, history);
        if (!facts.models().isEmpty()) {
            run.detail("docsModels", facts.models());
            reconciliation.models(facts.models()).ifPresent(run::add);
        }
        List<String> endpoints = reconciliation.endpointsShown(normalized.factText());
        // Once a page has shown the pinned endpoint it documents it, for good: remembered in the evidence.
        String pinned = contract.endpointPath();
        boolean documents = endpoints.contains(pinned) || history.lastEvidenceWith(key, "documentsEndpoint")
                .map(e -> pinned.equals(e.details().get("documentsEndpoint"))).orElse(false);
        if (documents) {
            run.detail("documentsEndpoint", pinned);
        }
        if (!endpoints.isEmpty()) {
            run.detail("docsEndpoints", endpoints);
        }
        reconciliation.endpoint(endpoints, documents).ifPresent(run::add);
        last.flatMap(before -> PageDiff.between(before, normalized, page.name())).ifPresent(run::add);
        history.saveSnapshot(key, new Snapshot(clock.instant(), normalized.hash(), normalized.text(), r.header("ETag"), r.header("Last-Modified")));
        // A fact the provider visibly broke outweighs an extractor that lost its footing on the same change.
        if (facts.extractorFault() && !run.hasErrors()) {
            Finding why = facts.findings().stream().filter(f -> f.rule().equals("extractor-empty")).findFirst().orElseThrow();
            return run.unverified(why);
        }
        return run.conclude(page.facts().size() + " fact(s) stated, " + (last.isPresent() ? "no change in the watched text" : "first reading recorded"));
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
