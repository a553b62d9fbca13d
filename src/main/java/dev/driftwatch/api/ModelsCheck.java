package dev.driftwatch.api;

import dev.driftwatch.check.CheckRun;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.Environment;
import dev.driftwatch.http.ProviderResponse;
import dev.driftwatch.http.SendMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import okhttp3.HttpUrl;
import tools.jackson.databind.JsonNode;

/**
 * {@code models}: the pinned model ID is listed by {@code GET /v1/models}. Also notices new IDs of
 * the model's family since the previous run (a release), family IDs that went away, and a
 * shutdown or deprecation date on the pinned model.
 */
public final class ModelsCheck extends LiveApiCheck {
    /** Fields providers use on a model entry to announce its end. */
    private static final List<String> SHUTDOWN_FIELDS = List.of("shutdown_date", "deprecation_date", "deprecated", "deprecation", "sunset_date");

    public ModelsCheck(Contract contract, Environment environment, ApiContext ctx) {
        super(contract, environment, ctx, "models");
    }

    @Override
    public String schedule() {
        return contract.checks().models().schedule().expression();
    }

    @Override
    public Verdict run() {
        CheckRun run = new CheckRun(key, ctx.clock());
        String apiKey = apiKey();
        if (apiKey == null) {
            return run.skipped(noKey());
        }
        String path = contract.checks().models().path();
        HttpUrl url = HttpUrl.get(environment.baseUrl().resolve(path));
        Evidence previous = ctx.history().lastEvidenceWith(key, "familyModels").orElse(null);
        LiveCall call = liveCall();
        LiveCall.Answer answer = call.send(ctx.client(), ProviderRequests.get(url, contract.auth(), apiKey), SendMode.REPEATABLE, run, "a list of models");
        if (answer.settled()) {
            return answer.verdict();
        }
        ProviderResponse r = answer.response();
        if (!r.isSuccess()) {
            return run.add(Finding.error("unexpected-status", path, "HTTP 200", "HTTP " + r.status() + ApiAnswers.providerSays(r))).conclude("");
        }
        Optional<JsonNode> body = ApiAnswers.jsonBody(r, run, path);
        if (body.isEmpty()) {
            return run.conclude("");
        }
        call.classify(run, body.get(), contract.schemas().models());
        if (run.hasErrors()) {
            return run.conclude("");
        }
        return judgeList(run, body.get(), previous);
    }

    private Verdict judgeList(CheckRun run, JsonNode body, Evidence previous) {
        TreeSet<String> family = new TreeSet<>();
        JsonNode pinned = null;
        int count = 0;
        for (JsonNode m : body.path("data")) {
            String id = m.path("id").asString("");
            count++;
            if (contract.modelFamily().matcher(id).matches() || id.equals(contract.model())) {
                family.add(id);
            }
            if (id.equals(contract.model())) {
                pinned = m;
            }
        }
        run.detail("modelCount", count).detail("familyModels", new ArrayList<>(family));
        if (pinned == null) {
            run.add(Finding.error("model-not-listed", "/data", contract.model() + " listed",
                    "not among " + count + " models" + (family.isEmpty() ? "" : "; family lists " + String.join(", ", family))));
        } else {
            for (String field : SHUTDOWN_FIELDS) {
                JsonNode v = pinned.get(field);
                if (v != null && !v.isNull() && !(v.isBoolean() && !v.asBoolean())) {
                    run.add(Finding.warning("model-shutdown-announced", "/data/" + contract.model() + "/" + field,
                            "no " + field, field + " = " + BodyClassifier.excerpt(v)));
                }
            }
        }
        // The first run only records the list: there is nothing to compare with yet.
        if (previous != null) {
            List<String> before = previous.list("familyModels");
            for (String id : family) {
                if (!before.contains(id)) {
                    run.add(Finding.info("model-released", "/data", "the family as at the previous run: " + String.join(", ", before), "new model " + id));
                }
            }
            for (String id : before) {
                if (!family.contains(id) && !id.equals(contract.model())) {
                    run.add(Finding.warning("model-removed", "/data", id + " listed as at the previous run", id + " no longer listed"));
                }
            }
        }
        return run.conclude(contract.model() + " is listed (" + count + " models)");
    }
}
