package dev.driftwatch.api;

import dev.driftwatch.check.Check;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.CheckRun;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.config.InvalidField;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.EndpointProbeRequest;
import dev.driftwatch.contract.Environment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import tools.jackson.databind.JsonNode;

/**
 * {@code endpoint}: the pinned endpoint exists and validates requests, at zero cost. Sends the
 * pinned request with one value made invalid (n: 0 by default) and expects a 4xx whose body
 * matches the error schema. 404/405/410 mean the endpoint is gone; a 2xx means the provider no
 * longer validates (and may have billed).
 */
public final class EndpointCheck implements Check {
    private final Contract contract;
    private final Environment environment;
    private final ApiContext ctx;
    private final CheckKey key;

    public EndpointCheck(Contract contract, Environment environment, ApiContext ctx) {
        this.contract = contract;
        this.environment = environment;
        this.ctx = ctx;
        this.key = new CheckKey(contract.id(), environment.name(), "endpoint");
    }

    @Override
    public CheckKey key() {
        return key;
    }

    @Override
    public String schedule() {
        return contract.checks().endpoint().schedule().expression();
    }

    @Override
    public Duration timeout() {
        return ApiChecks.repeatableBudget(ctx);
    }

    @Override
    public Verdict run() {
        CheckRun run = new CheckRun(key, ctx.clock());
        String apiKey = ctx.secret(environment.apiKeyEnv());
        if (apiKey == null) {
            return run.skipped(ApiChecks.noKey(environment, contract));
        }
        String path = contract.endpointPath();
        HttpUrl url = HttpUrl.get(environment.baseUrl().resolve(path));
        InvalidField invalid = contract.checks().endpoint().invalid();
        String body = EndpointProbeRequest.spoil(contract.pinnedRequest(), invalid.pointer(), invalid.value()).toString();
        run.detail("probe", invalid.pointer() + " = " + invalid.value());
        ProviderResponse r;
        try {
            // Repeatable: the request is invalid on purpose, so a provider that validates never runs it.
            r = ctx.client().send(ProviderRequests.json(contract.method(), url, body, contract.auth(), apiKey), SendMode.REPEATABLE);
        } catch (ExchangeFailure f) {
            return run.unverified(Finding.warning(f.rule(), path, "an answer", f.getMessage()));
        }
        Map<String, String> previousLimits = ctx.history().lastEvidenceWith(key, "rateLimits").map(e -> e.map("rateLimits")).orElse(Map.of());
        ResponseNotices.inspect(r, run, previousLimits, ctx.clock().instant());
        Optional<Finding> redirect = Redirects.classify(r, contract.method(), url);
        if (redirect.isPresent()) {
            return run.add(redirect.get()).conclude("");
        }
        Optional<Verdict> unavailable = ApiAnswers.unavailable(r, run, path);
        if (unavailable.isPresent()) {
            return unavailable.get();
        }
        Optional<Finding> auth = ApiAnswers.authRejected(r, path, environment.apiKeyEnv());
        if (auth.isPresent()) {
            return run.add(auth.get()).conclude("");
        }
        if (r.status() == 404 || r.status() == 405 || r.status() == 410) {
            String code = ApiAnswers.tryParse(r).map(n -> n.path("error").path("code").asString("")).orElse("");
            if (code.equals("model_not_found")) {
                return run.add(Finding.error("model-not-found", "/model", contract.model() + " to be served",
                        "HTTP " + r.status() + ApiAnswers.providerSays(r))).conclude("");
            }
            return run.add(Finding.error("endpoint-gone", path, contract.method() + " " + path + " to exist",
                    "HTTP " + r.status() + ApiAnswers.providerSays(r))).conclude("");
        }
        if (r.isSuccess()) {
            return run.add(Finding.warning("validation-missing", invalid.pointer(), "a 4xx refusing " + invalid.pointer() + " = " + invalid.value(),
                    "HTTP " + r.status() + ": the invalid request was accepted (it may have been billed)")).conclude("");
        }
        if (r.status() < 400) {
            return run.add(Finding.error("unexpected-status", path, "a 4xx refusal", "HTTP " + r.status())).conclude("");
        }
        return judgeRefusal(run, r, path);
    }

    /** A 4xx as expected: its body must be the error envelope our code reads. */
    private Verdict judgeRefusal(CheckRun run, ProviderResponse r, String path) {
        Optional<JsonNode> body = ApiAnswers.jsonBody(r, run, path);
        if (body.isEmpty()) {
            return run.conclude("");
        }
        List<String> seenBefore = ctx.history().lastEvidenceWith(key, "undeclared").map(e -> e.list("undeclared")).orElse(List.of());
        BodyClassifier.Result shape = new BodyClassifier(contract.schemas().error()).classify(body.get(), seenBefore);
        run.addAll(shape.findings()).detail("undeclared", shape.undeclared());
        String message = body.get().path("error").path("message").asString("");
        if (!message.isEmpty()) {
            run.detail("providerMessage", ApiAnswers.oneLine(message, 300));
        }
        return run.conclude(contract.method() + " " + path + " exists and refused the invalid request with HTTP " + r.status());
    }
}
