package dev.driftwatch.api;

import dev.driftwatch.check.AsyncCheck;
import dev.driftwatch.check.CheckRun;
import dev.driftwatch.check.ContractFacts;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.KnownFact;
import dev.driftwatch.check.KnownMembers;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.config.AlertThresholds;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.Environment;
import dev.driftwatch.http.ProviderResponse;
import dev.driftwatch.http.SendMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import okhttp3.HttpUrl;
import tools.jackson.databind.JsonNode;

/**
 * {@code models}: the pinned model ID is listed by {@code GET /v1/models}. Also notices the IDs of the
 * model's family the check has never seen (a release), those a sound listing no longer has (a removal),
 * and a shutdown or deprecation date on the pinned model's entry, with a sense of time.
 */
public final class ModelsCheck extends LiveApiCheck implements AsyncCheck {
    /** Fields providers use on a model entry to announce its end; the first two end it on their date. */
    private static final List<String> ENDING_FIELDS = List.of("shutdown_date", "sunset_date");
    private static final List<String> DEPRECATION_FIELDS = List.of("deprecation_date", "deprecated", "deprecation");
    /** Known-state subjects: a member of the family, a lifecycle field of the pinned model's entry. */
    static final String MODEL = "model:";
    static final String NOTICE = "notice:model.";

    public ModelsCheck(Contract contract, Environment environment, ApiContext ctx) {
        super(contract, environment, ctx, "models");
    }

    @Override
    public String schedule() {
        return contract.checks().models().schedule().expression();
    }

    @Override
    public AlertThresholds alertThresholds() {
        return contract.checks().models().alert();
    }

    @Override
    public CompletableFuture<Verdict> start(Executor cpu) {
        CheckRun run = newRun();
        String apiKey = apiKey();
        if (apiKey == null) {
            return CompletableFuture.completedFuture(run.skipped(noKey()));
        }
        String path = contract.checks().models().path();
        HttpUrl url = HttpUrl.get(environment.baseUrl().resolve(path));
        LiveCall call = liveCall();
        return call.sendAsync(ctx.client(), ProviderRequests.get(url, contract.auth(), apiKey), SendMode.REPEATABLE, run,
                "a list of models", false, cpu).thenApply(answer -> judge(run, call, answer, path));
    }

    private Verdict judge(CheckRun run, LiveCall call, LiveCall.Answer answer, String path) {
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
        return judgeList(run, body.get());
    }

    private Verdict judgeList(CheckRun run, JsonNode body) {
        TreeSet<String> family = new TreeSet<>();
        JsonNode pinned = null;
        int pinnedAt = -1;
        int count = 0;
        for (JsonNode m : body.path("data")) {
            String id = m.path("id").asString("");
            if (contract.modelFamily().matcher(id).matches() || id.equals(contract.model())) {
                family.add(id);
            }
            if (id.equals(contract.model())) {
                pinned = m;
                pinnedAt = count;
            }
            count++;
        }
        run.detail("modelCount", count).detail("familyModels", new ArrayList<>(family));
        // What the live API lists now, for the docs checks to reconcile with.
        run.remember(ContractFacts.LISTED_MODELS, String.join(",", family));
        if (pinned == null) {
            run.add(Finding.error("model-not-listed", "/data", contract.model() + " listed",
                    "not among " + count + " models" + (family.isEmpty() ? "" : "; family lists " + String.join(", ", family))));
        } else {
            judgeLifecycle(run, pinned, "/data/" + pinnedAt);
        }
        judgeFamily(run, family, pinned != null);
        return run.conclude(contract.model() + " is listed (" + count + " models)");
    }

    /** Members of the family against what the check knows (see {@link KnownMembers}). */
    private void judgeFamily(CheckRun run, TreeSet<String> family, boolean sound) {
        new KnownMembers(run, MODEL).judge(family, contract.model(), sound && !run.hasErrors(), new KnownMembers.Words() {
            @Override
            public Finding released(String id, List<String> known) {
                return Finding.info("model-released", "/data", "the family as known: " + (known.isEmpty() ? "none yet" : String.join(", ", known)),
                        "new model " + id);
            }

            @Override
            public Finding restored(String id, KnownFact before) {
                return Finding.info("model-restored", "/data", id + " not listed since " + before.goneSince(), id + " listed again");
            }

            @Override
            public Finding removed(String id, KnownFact before) {
                return Finding.warning("model-removed", "/data", id + " listed (last seen " + before.lastSeen() + ")", id + " no longer listed");
            }
        });
    }

    /** The pinned model's own entry: a shutdown or deprecation date is a dated notice. */
    private void judgeLifecycle(CheckRun run, JsonNode pinned, String at) {
        DatedNotices notices = new DatedNotices(run, ctx.clock().instant(), ctx.remindBefore());
        for (String field : ENDING_FIELDS) {
            lifecycleField(notices, pinned, at, field, "shutdown of " + contract.model(), "model-shutdown-passed");
        }
        for (String field : DEPRECATION_FIELDS) {
            lifecycleField(notices, pinned, at, field, "deprecation of " + contract.model(), null);
        }
    }

    private void lifecycleField(DatedNotices notices, JsonNode entry, String at, String field, String what, String passedRule) {
        JsonNode v = entry.get(field);
        if (v == null || v.isNull() || (v.isBoolean() && !v.asBoolean())) {
            notices.withdrawn(NOTICE + field);
            return;
        }
        notices.judge(new DatedNotices.Notice(NOTICE + field, "model-shutdown-announced", passedRule, at + "/" + field, what,
                DatedNotices.dateOf(v).orElse(null), field + " = " + BodyClassifier.excerpt(v), ""));
    }
}
