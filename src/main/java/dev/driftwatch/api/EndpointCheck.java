package dev.driftwatch.api;

import dev.driftwatch.check.AsyncCheck;
import dev.driftwatch.check.CheckRun;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.KnownFact;
import dev.driftwatch.check.KnownState;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.config.AlertThresholds;
import dev.driftwatch.config.InvalidField;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.EndpointProbeRequest;
import dev.driftwatch.contract.Environment;
import dev.driftwatch.http.ProviderResponse;
import dev.driftwatch.http.SendMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import okhttp3.HttpUrl;
import tools.jackson.databind.JsonNode;

/**
 * {@code endpoint}: the pinned endpoint exists and validates requests, at zero cost. Sends the pinned request
 * with one value made invalid (n: 0 by default) and grades the answer by what it proves. A 4xx refusal proves
 * the endpoint is there and validates: the claim holds, whatever shape the refusal has (another shape than the
 * error schema is a release change, {@code error-envelope-changed}). 404/405/410 mean it is gone. A 2xx means
 * the provider no longer validates and may have billed the call: BROKEN, and the probe suspends itself until
 * checks.yaml changes, so it does not bill again twice an hour.
 */
public final class EndpointCheck extends LiveApiCheck implements AsyncCheck {
    /** Known-state subject: the shape of a refusal that is not the error schema's, while it stands. */
    static final String ERROR_ENVELOPE = "error-envelope";

    public EndpointCheck(Contract contract, Environment environment, ApiContext ctx) {
        super(contract, environment, ctx, "endpoint");
    }

    @Override
    public String schedule() {
        return contract.checks().endpoint().schedule().expression();
    }

    @Override
    public AlertThresholds alertThresholds() {
        return contract.checks().endpoint().alert();
    }

    @Override
    public Optional<String> suspension() {
        return suspension(ctx.history().knownState(key));
    }

    private Optional<String> suspension(KnownState known) {
        Optional<KnownFact> fact = known.fact(KnownState.SUSPENDED).filter(f -> f.present() && probeRevision().equals(f.value()));
        return fact.map(f -> "suspended since " + f.firstSeen() + ": the provider accepted the invalid request ("
                + invalid().pointer() + " = " + invalid().value() + ") and may have billed it; edit checks.yaml to run the probe again");
    }

    @Override
    public CompletableFuture<Verdict> start(Executor cpu) {
        CheckRun run = newRun();
        Optional<String> suspended = suspension(run.known());
        if (suspended.isPresent()) {
            return CompletableFuture.completedFuture(run.skipped(suspended.get()));
        }
        run.forget(KnownState.SUSPENDED); // suspended for an earlier checks.yaml, if at all: this one runs
        String apiKey = apiKey();
        if (apiKey == null) {
            return CompletableFuture.completedFuture(run.skipped(noKey()));
        }
        String path = contract.endpointPath();
        HttpUrl url = HttpUrl.get(environment.baseUrl().resolve(path));
        String body = EndpointProbeRequest.spoil(contract.pinnedRequest(), invalid().pointer(), invalid().value()).toString();
        run.detail("probe", invalid().pointer() + " = " + invalid().value());
        LiveCall call = liveCall();
        // Repeatable: the request is invalid on purpose, so a provider that validates never runs it.
        return call.sendAsync(ctx.client(), ProviderRequests.json(contract.method(), url, body, contract.auth(), apiKey),
                SendMode.REPEATABLE, run, contract.method() + " " + path + " to exist", true, cpu).thenApply(answer -> judge(run, answer, path));
    }

    private Verdict judge(CheckRun run, LiveCall.Answer answer, String path) {
        if (answer.settled()) {
            return answer.verdict();
        }
        ProviderResponse r = answer.response();
        if (r.isSuccess()) {
            run.remember(KnownState.SUSPENDED, probeRevision());
            return run.add(Finding.error("validation-missing", invalid().pointer(), "a 4xx refusing " + invalid().pointer() + " = " + invalid().value(),
                    "HTTP " + r.status() + ": the invalid request was accepted (it may have been billed); the probe is suspended until checks.yaml changes"))
                    .conclude("");
        }
        if (r.status() < 400) {
            return run.add(Finding.error("unexpected-status", path, "a 4xx refusal", "HTTP " + r.status())).conclude("");
        }
        return judgeRefusal(run, r, path);
    }

    /**
     * A 4xx refusal, as expected: the endpoint exists and validates. Its body should be the error envelope our
     * code reads; if not, that is a release change, quoting what the provider said wherever its shape puts it.
     */
    private Verdict judgeRefusal(CheckRun run, ProviderResponse r, String path) {
        String said = ApiAnswers.providerMessage(r);
        if (said != null) {
            run.detail(Evidence.PROVIDER_MESSAGE, said);
        }
        Optional<JsonNode> body = r.isJson() ? ApiAnswers.tryParse(r) : Optional.empty();
        boolean envelope = body.isPresent() && new BodyClassifier(contract.schemas().error()).classify(body.get()).breaks().isEmpty();
        String held = contract.method() + " " + path + " exists and refused the invalid request with HTTP " + r.status();
        if (envelope) {
            run.forget(ERROR_ENVELOPE);
            return run.conclude(held);
        }
        String shape = shape(r, body);
        String quoted = said != null ? ": \"" + said + "\"" : r.text().isBlank() ? "" : ": " + ApiAnswers.excerpt(r.text());
        run.condition(ERROR_ENVELOPE, shape, Finding.warning("error-envelope-changed", path,
                "a refusal in the shape of " + contract.schemas().error().path().getFileName(), "HTTP " + r.status() + " " + shape + quoted));
        return run.conclude(held + " (in another error shape)");
    }

    /** The refusal's content type and top-level keys: what tells one error shape from another. */
    private static String shape(ProviderResponse r, Optional<JsonNode> body) {
        String type = r.contentType() == null ? "no Content-Type" : r.contentType().split(";")[0].strip();
        if (body.isEmpty() || !body.get().isObject()) {
            return type + (body.isPresent() ? " " + BodyClassifier.kind(body.get()) : "");
        }
        TreeSet<String> keys = new TreeSet<>(body.get().propertyNames());
        return type + " {" + String.join(", ", keys) + "}";
    }

    private InvalidField invalid() {
        return contract.checks().endpoint().invalid();
    }

    /**
     * This probe as configured now: the checks.yaml it came from and the URL it calls. A suspension holds for
     * one revision; any edit of the file (or another base URL) runs the probe again.
     */
    private String probeRevision() {
        String text = ctx.configRevision() + "\n" + environment.baseUrl() + "\n" + contract.endpointPath();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
