package dev.driftwatch.api;

import dev.driftwatch.check.CheckRun;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.config.InvalidField;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.EndpointProbeRequest;
import dev.driftwatch.contract.Environment;
import dev.driftwatch.http.ProviderResponse;
import dev.driftwatch.http.SendMode;
import java.util.Optional;
import okhttp3.HttpUrl;
import tools.jackson.databind.JsonNode;

/**
 * {@code endpoint}: the pinned endpoint exists and validates requests, at zero cost. Sends the
 * pinned request with one value made invalid (n: 0 by default) and expects a 4xx whose body
 * matches the error schema. 404/405/410 mean the endpoint is gone; a 2xx means the provider no
 * longer validates (and may have billed).
 */
public final class EndpointCheck extends LiveApiCheck {

    public EndpointCheck(Contract contract, Environment environment, ApiContext ctx) {
        super(contract, environment, ctx, "endpoint");
    }

    @Override
    public String schedule() {
        return contract.checks().endpoint().schedule().expression();
    }

    @Override
    public Verdict run() {
        CheckRun run = new CheckRun(key, ctx.clock());
        String apiKey = apiKey();
        if (apiKey == null) {
            return run.skipped(noKey());
        }
        String path = contract.endpointPath();
        HttpUrl url = HttpUrl.get(environment.baseUrl().resolve(path));
        InvalidField invalid = contract.checks().endpoint().invalid();
        String body = EndpointProbeRequest.spoil(contract.pinnedRequest(), invalid.pointer(), invalid.value()).toString();
        run.detail("probe", invalid.pointer() + " = " + invalid.value());
        LiveCall call = liveCall();
        // Repeatable: the request is invalid on purpose, so a provider that validates never runs it.
        LiveCall.Answer answer = call.send(ctx.client(), ProviderRequests.json(contract.method(), url, body, contract.auth(), apiKey),
                SendMode.REPEATABLE, run, contract.method() + " " + path + " to exist");
        if (answer.settled()) {
            return answer.verdict();
        }
        ProviderResponse r = answer.response();
        if (r.isSuccess()) {
            return run.add(Finding.warning("validation-missing", invalid.pointer(), "a 4xx refusing " + invalid.pointer() + " = " + invalid.value(),
                    "HTTP " + r.status() + ": the invalid request was accepted (it may have been billed)")).conclude("");
        }
        if (r.status() < 400) {
            return run.add(Finding.error("unexpected-status", path, "a 4xx refusal", "HTTP " + r.status())).conclude("");
        }
        return judgeRefusal(run, r, path, call);
    }

    /** A 4xx as expected: its body must be the error envelope our code reads. */
    private Verdict judgeRefusal(CheckRun run, ProviderResponse r, String path, LiveCall call) {
        Optional<JsonNode> body = ApiAnswers.jsonBody(r, run, path);
        if (body.isEmpty()) {
            return run.conclude("");
        }
        call.classify(run, body.get(), contract.schemas().error());
        String message = body.get().path("error").path("message").asString("");
        if (!message.isEmpty()) {
            run.detail("providerMessage", ApiAnswers.oneLine(message, 300));
        }
        return run.conclude(contract.method() + " " + path + " exists and refused the invalid request with HTTP " + r.status());
    }
}
