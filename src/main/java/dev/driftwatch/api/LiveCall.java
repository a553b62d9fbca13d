package dev.driftwatch.api;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.CheckRun;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.contract.Environment;
import dev.driftwatch.contract.JsonSchemaFile;
import dev.driftwatch.http.ExchangeFailure;
import dev.driftwatch.http.ProviderClient;
import dev.driftwatch.http.ProviderResponse;
import dev.driftwatch.http.SendMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Request;
import tools.jackson.databind.JsonNode;

/**
 * The part every live-API check shares: send the request, record what the headers say, and settle
 * the answers that mean the same whatever the check (no answer, redirect, 429/5xx, 401/403,
 * 404/405/410). What is left — a 2xx or another 4xx — is the check's own business.
 */
final class LiveCall {
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

    Answer send(ProviderClient client, Request request, SendMode mode, CheckRun run, String expectation) {
        HttpUrl url = request.url();
        String path = url.encodedPath();
        ProviderResponse r;
        try {
            r = client.send(request, mode);
        } catch (ExchangeFailure f) {
            return new Answer(null, run.unverified(Finding.warning(f.rule(), path, "an answer", f.getMessage())));
        }
        Map<String, String> previousLimits = ctx.history().lastEvidenceWith(key, "rateLimits").map(e -> e.map("rateLimits")).orElse(Map.of());
        ResponseNotices.inspect(r, run, previousLimits, ctx.clock().instant());
        Optional<Finding> redirect = Redirects.classify(r, request.method(), url);
        if (redirect.isPresent()) {
            return new Answer(r, run.add(redirect.get()).conclude(""));
        }
        Optional<Verdict> unavailable = ApiAnswers.unavailable(r, run, path);
        if (unavailable.isPresent()) {
            return new Answer(r, unavailable.get());
        }
        Optional<Finding> auth = ApiAnswers.authRejected(r, path, environment.apiKeyEnv());
        if (auth.isPresent()) {
            return new Answer(r, run.add(auth.get()).conclude(""));
        }
        if (r.status() == 404 || r.status() == 405 || r.status() == 410) {
            String code = ApiAnswers.tryParse(r).map(n -> n.path("error").path("code").asString("")).orElse("");
            Finding gone = code.equals("model_not_found")
                    ? Finding.error("model-not-found", "/model", "the model to be served", "HTTP " + r.status() + ApiAnswers.providerSays(r))
                    : Finding.error("endpoint-gone", path, expectation, "HTTP " + r.status() + ApiAnswers.providerSays(r));
            return new Answer(r, run.add(gone).conclude(""));
        }
        return new Answer(r, null);
    }

    /**
     * Classifies a JSON body against a schema of what we read; undeclared fields seen at an earlier
     * run are remembered (evidence {@code undeclared}), so each is announced once.
     */
    void classify(CheckRun run, JsonNode body, JsonSchemaFile schema) {
        List<String> seenBefore = ctx.history().lastEvidenceWith(key, "undeclared").map(e -> e.list("undeclared")).orElse(List.of());
        BodyClassifier.Result shape = new BodyClassifier(schema).classify(body, seenBefore);
        run.addAll(shape.findings()).detail("undeclared", shape.undeclared());
    }
}
