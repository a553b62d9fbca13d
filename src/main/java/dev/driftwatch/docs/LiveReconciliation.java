package dev.driftwatch.docs;

import dev.driftwatch.check.CheckHistory;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Finding;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.Environment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The contract seen two ways: the models a docs page lists against the models the live API listed
 * at its last {@code models} check. Says which way they disagree: {@code docs-only} (announced, not
 * live yet, or live removed it), {@code live-only} (shipped quietly), or {@code both} (the pinned
 * model is in neither). Docs alone never break the contract: the live probe decides.
 */
final class LiveReconciliation {
    private final Contract contract;
    private final CheckHistory history;

    LiveReconciliation(Contract contract, CheckHistory history) {
        this.contract = contract;
        this.history = history;
    }

    Optional<Finding> compare(List<String> docsModels) {
        TreeSet<String> docs = new TreeSet<>();
        docsModels.stream().filter(m -> contract.modelFamily().matcher(m).matches() || m.equals(contract.model())).forEach(docs::add);
        TreeSet<String> live = new TreeSet<>();
        boolean seenLive = false;
        for (Environment env : contract.environments()) {
            Optional<List<String>> listed = history.lastEvidenceWith(new CheckKey(contract.id(), env.name(), "models"), "familyModels")
                    .map(e -> e.list("familyModels"));
            if (listed.isPresent()) {
                seenLive = true;
                live.addAll(listed.get());
            }
        }
        if (!seenLive) {
            return Optional.empty(); // nothing to compare with until a models check has run
        }
        if (!docs.contains(contract.model()) && !live.contains(contract.model())) {
            return Optional.of(Finding.error("docs-live-disagree", "models:both", contract.model() + " in the docs and in /v1/models", "in neither"));
        }
        List<String> ways = new ArrayList<>();
        TreeSet<String> docsOnly = new TreeSet<>(docs);
        docsOnly.removeAll(live);
        TreeSet<String> liveOnly = new TreeSet<>(live);
        liveOnly.removeAll(docs);
        if (!docsOnly.isEmpty()) {
            ways.add("docs-only: " + String.join(", ", docsOnly));
        }
        if (!liveOnly.isEmpty()) {
            ways.add("live-only: " + String.join(", ", liveOnly));
        }
        if (ways.isEmpty()) {
            return Optional.empty();
        }
        String pointer = "models:" + (docsOnly.isEmpty() ? "live-only" : liveOnly.isEmpty() ? "docs-only" : "docs-only+live-only");
        return Optional.of(Finding.info("docs-live-disagree", pointer, "the same " + contract.model() + " family in the docs and in /v1/models", String.join("; ", ways)));
    }
}
