package dev.driftwatch.api;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.CheckRun;
import dev.driftwatch.check.ContractFacts;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.contract.Environment;
import dev.driftwatch.contract.JsonSchemaFile;
import dev.driftwatch.http.ExchangeFailure;
import dev.driftwatch.http.ProviderClient;
import dev.driftwatch.http.ProviderResponse;
import dev.driftwatch.http.SendMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import okhttp3.HttpUrl;
import okhttp3.Request;
import tools.jackson.databind.JsonNode;

/**
 * The part every live-API check shares: send the request, record what the headers say, and settle
 * the answers that mean the same whatever the check (no answer, redirect, 429/5xx, 401/403,
 * 404/405/410). What is left — a 2xx or another 4xx — is the check's own business.
 */
final class LiveCall {
    /** Known-state subjects: a redirect that stands, undeclared fields seen, deviations of declared fields seen. */
    static final String REDIRECT = "redirect";
    static final String FIELD = "field:";
    static final String DEVIATION = "deviation:";
    private final ApiContext ctx;
    private final CheckKey key;
    private final Environment environment;

    LiveCall(ApiContext ctx, CheckKey key, Environment environment) {
        this.ctx = ctx;
        this.key = key;
        this.environment = environment;
    }

    /** Either the answer for the check to judge, or the verdict already reached. */
    record Answer(ProviderResponse response, Verdict verdict) {
        boolean settled() {
            return verdict != null;
        }
    }

    /**
     * @param pinnedEndpoint true when the request goes to the contract's endpoint: whether it is gone is then
     *                       published for the docs to reconcile with ({@link ContractFacts#ENDPOINT_GONE})
     */
    Answer send(ProviderClient client, Request request, SendMode mode, CheckRun run, String expectation, boolean pinnedEndpoint) {
        try {
            return settle(request, client.send(request, mode), run, expectation, pinnedEndpoint);
        } catch (ExchangeFailure f) {
            return failed(request, f, run);
        }
    }

    /**
     * {@link #send} without holding a thread while the request waits for its turn and its answer: the answer is
     * settled on {@code cpu}. Cancelling the future cancels the request.
     */
    CompletableFuture<Answer> sendAsync(ProviderClient client, Request request, SendMode mode, CheckRun run, String expectation,
                                        boolean pinnedEndpoint, Executor cpu) {
        CompletableFuture<ProviderResponse> sent = client.sendAsync(request, mode);
        CompletableFuture<Answer> answer = sent.handleAsync((r, e) -> {
            Throwable cause = e instanceof CompletionException ? e.getCause() : e;
            if (cause instanceof ExchangeFailure f) {
                return failed(request, f, run);
            }
            if (cause != null) {
                throw new CompletionException(cause);
            }
            return settle(request, r, run, expectation, pinnedEndpoint);
        }, cpu);
        answer.whenComplete((a, e) -> {
            if (e instanceof CancellationException) {
                sent.cancel(true);
            }
        });
        return answer;
    }

    private static Answer failed(Request request, ExchangeFailure f, CheckRun run) {
        return new Answer(null, run.unverified(Finding.warning(f.rule(), request.url().encodedPath(), "an answer", f.getMessage())));
    }

    /** The answers every live check settles the same way; the rest is the check's own business. */
    private Answer settle(Request request, ProviderResponse r, CheckRun run, String expectation, boolean pinnedEndpoint) {
        HttpUrl url = request.url();
        String path = url.encodedPath();
        ResponseNotices.inspect(r, run, new DatedNotices(run, ctx.clock().instant(), ctx.remindBefore()), path);
        Optional<Finding> redirect = Redirects.classify(r, request.method(), url);
        if (redirect.isPresent()) {
            Finding f = redirect.get();
            if (f.severity() == dev.driftwatch.check.Severity.ERROR) {
                run.add(f);
            } else {
                // A redirect that keeps the method stands until the contract follows it: told once, then a warning.
                run.condition(REDIRECT, f.actual(), f);
            }
            return new Answer(r, run.conclude(""));
        }
        Optional<Verdict> unavailable = ApiAnswers.unavailable(r, run, path);
        if (unavailable.isPresent()) {
            return new Answer(r, unavailable.get());
        }
        run.forget(REDIRECT);
        Optional<Finding> auth = ApiAnswers.authRejected(r, path, environment.apiKeyEnv());
        if (auth.isPresent()) {
            return new Answer(r, run.add(auth.get()).conclude(""));
        }
        if (r.status() == 404 || r.status() == 405 || r.status() == 410) {
            String code = ApiAnswers.tryParse(r).map(n -> n.path("error").path("code").asString("")).orElse("");
            if (code.equals("model_not_found")) {
                return new Answer(r, run.add(Finding.error("model-not-found", "/model", "the model to be served",
                        "HTTP " + r.status() + ApiAnswers.providerSays(r))).conclude(""));
            }
            String gone = "HTTP " + r.status() + ApiAnswers.providerSays(r);
            if (pinnedEndpoint) {
                run.remember(ContractFacts.ENDPOINT_GONE, gone + " in " + environment.name());
            }
            return new Answer(r, run.add(Finding.error("endpoint-gone", path, expectation, gone)).conclude(""));
        }
        if (pinnedEndpoint) {
            run.forget(ContractFacts.ENDPOINT_GONE);
        }
        return new Answer(r, null);
    }

    /**
     * Classifies a JSON body against its schema. The fields it does not declare, the enum values it does not
     * list, the declared fields we do not read that look otherwise, are news only the first time the check sees
     * them, in any run: a field that went missing for a run and came back is known, not new.
     */
    void classify(CheckRun run, JsonNode body, JsonSchemaFile schema) {
        BodyClassifier classifier = new BodyClassifier(schema);
        BodyClassifier.Result shape = classifier.classify(body);
        run.addAll(shape.breaks()).detail("undeclared", shape.undeclared());
        List<String> fresh = new ArrayList<>();
        for (String pointer : shape.undeclared()) {
            if (run.known().fact(FIELD + pointer).isEmpty()) {
                fresh.add(pointer);
            }
            run.remember(FIELD + pointer, "seen");
        }
        if (!fresh.isEmpty()) {
            run.announce(classifier.added(fresh));
        }
        for (BodyClassifier.Deviation e : shape.deviations()) {
            String subject = DEVIATION + e.pointer() + "=" + e.value();
            if (run.known().fact(subject).isEmpty()) {
                run.change(subject, "seen", e.finding());
            } else {
                run.remember(subject, "seen");
            }
        }
    }
}
