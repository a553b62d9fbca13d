package dev.driftwatch.spec;

import dev.driftwatch.check.CheckHistory;
import dev.driftwatch.check.CheckRun;
import dev.driftwatch.check.ContractFacts;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.KnownFact;
import dev.driftwatch.contract.Contract;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The spec as the fourth source beside the pinned contract, the live API and the docs: the models of the contract's
 * family the spec lists against those {@code /v1/models} listed at its latest answer and those the docs pages list, and
 * the pinned operation against a live check that found the endpoint gone. Each disagreement says which way
 * ({@code spec-only}, {@code live-only}, {@code docs-only}); it is news once, then a warning while it stands, and forgotten
 * when it ends. The other kinds are read through the facts they publish ({@link ContractFacts}). The spec alone never
 * breaks the contract here: the live probe decides.
 */
final class SpecReconciliation {
    static final String LIVE_MODELS = "disagree:spec-live-models";
    static final String DOCS_MODELS = "disagree:spec-docs-models";
    static final String LIVE_ENDPOINT = "disagree:spec-live-endpoint";
    private final Contract contract;
    private final CheckHistory history;

    SpecReconciliation(Contract contract, CheckHistory history) {
        this.contract = contract;
        this.history = history;
    }

    void judge(CheckRun run, List<String> specModels, OperationRef operation) {
        TreeSet<String> spec = family(specModels);
        // The pinned model missing from the spec is said by spec-model-unlisted; here the rest of its family.
        boolean pinnedUnlisted = !spec.contains(contract.model());
        TreeSet<String> live = published(ContractFacts.LISTED_MODELS);
        TreeSet<String> docs = family(new ArrayList<>(published(ContractFacts.DOCS_MODELS)));
        if (pinnedUnlisted) {
            live.remove(contract.model());
            docs.remove(contract.model());
        }
        models(run, LIVE_MODELS, "spec-live-disagree", "/v1/models", "live-only", specModels.isEmpty() || !hasFacts(ContractFacts.LISTED_MODELS) ? null : spec, live);
        models(run, DOCS_MODELS, "spec-docs-disagree", "the docs", "docs-only", specModels.isEmpty() || !hasFacts(ContractFacts.DOCS_MODELS) ? null : spec, docs);
        String gone = history.knownAcross(contract.id(), ContractFacts.ENDPOINT_GONE).values().stream()
                .filter(KnownFact::present).map(KnownFact::value).findFirst().orElse(null);
        if (gone == null) {
            run.forget(LIVE_ENDPOINT);
        } else {
            run.condition(LIVE_ENDPOINT, gone, Finding.warning("spec-live-disagree", "endpoint:spec-only", operation + " in the spec and live",
                    "the spec still lists " + operation + "; live: " + gone));
        }
    }

    /** One comparison: what only the spec lists, what only the other side lists. {@code spec} null: nothing to compare yet. */
    private static void models(CheckRun run, String subject, String rule, String other, String otherOnly, TreeSet<String> spec, TreeSet<String> them) {
        if (spec == null) {
            run.forget(subject);
            return;
        }
        TreeSet<String> specOnly = new TreeSet<>(spec);
        specOnly.removeAll(them);
        TreeSet<String> theirs = new TreeSet<>(them);
        theirs.removeAll(spec);
        List<String> ways = new ArrayList<>();
        if (!specOnly.isEmpty()) {
            ways.add("spec-only: " + String.join(", ", specOnly));
        }
        if (!theirs.isEmpty()) {
            ways.add(otherOnly + ": " + String.join(", ", theirs));
        }
        if (ways.isEmpty()) {
            run.forget(subject);
            return;
        }
        String pointer = "models:" + (theirs.isEmpty() ? "spec-only" : specOnly.isEmpty() ? otherOnly : "spec-only+" + otherOnly);
        String value = String.join("; ", ways);
        run.condition(subject, value, Finding.warning(rule, pointer, "the same models of the family in the spec and in " + other, value));
    }

    private TreeSet<String> family(List<String> models) {
        TreeSet<String> out = new TreeSet<>();
        models.stream().filter(m -> m.equals(contract.model()) || contract.modelFamily().matcher(m).matches()).forEach(out::add);
        return out;
    }

    private boolean hasFacts(String subject) {
        return history.knownAcross(contract.id(), subject).values().stream().anyMatch(KnownFact::present);
    }

    /** The union of what the other checks of the contract published under {@code subject}. */
    private TreeSet<String> published(String subject) {
        Map<?, KnownFact> facts = history.knownAcross(contract.id(), subject);
        TreeSet<String> out = new TreeSet<>();
        facts.values().stream().filter(KnownFact::present)
                .forEach(f -> Arrays.stream(f.value().split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add));
        return out;
    }
}
