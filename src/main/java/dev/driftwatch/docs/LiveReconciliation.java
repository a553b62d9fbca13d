package dev.driftwatch.docs;

import dev.driftwatch.check.CheckHistory;
import dev.driftwatch.check.ContractFacts;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.KnownFact;
import dev.driftwatch.contract.Contract;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contract seen three ways: pinned, live, and in the docs. For models, the models a docs page
 * lists against the models the live API listed at its latest answer: {@code docs-only}
 * (announced, not live yet, or live removed it), {@code live-only} (shipped quietly), or {@code both}
 * (the pinned model is in neither). For the endpoint, the image endpoints a page shows against the
 * pinned path and what the live checks last found there. The live side is read from the facts the live
 * checks publish ({@link ContractFacts}), never from their names or evidence. Docs alone never break the
 * contract: the live probe decides.
 */
final class LiveReconciliation {
    private final Contract contract;
    private final CheckHistory history;

    LiveReconciliation(Contract contract, CheckHistory history) {
        this.contract = contract;
        this.history = history;
    }

    Optional<Finding> models(List<String> docsModels) {
        TreeSet<String> docs = new TreeSet<>();
        docsModels.stream().filter(m -> contract.modelFamily().matcher(m).matches() || m.equals(contract.model())).forEach(docs::add);
        Map<?, KnownFact> listed = history.knownAcross(contract.id(), ContractFacts.LISTED_MODELS);
        if (listed.isEmpty()) {
            return Optional.empty(); // nothing to compare with until a live check has listed the models
        }
        TreeSet<String> live = new TreeSet<>();
        listed.values().forEach(f -> Arrays.stream(f.value().split(",")).filter(s -> !s.isBlank()).forEach(live::add));
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
        return Optional.of(Finding.warning("docs-live-disagree", pointer, "the same " + contract.model() + " family in the docs and in /v1/models", String.join("; ", ways)));
    }

    /** The paths of the pinned endpoint's family (its version segment free, its last segment free) that {@code text} shows, in order, once each. */
    List<String> endpointsShown(String text) {
        Pattern family = endpointFamily(contract.endpointPath());
        if (family == null) {
            return List.of();
        }
        Set<String> shown = new LinkedHashSet<>();
        // Every match starts at a '/': jump between them (indexOf is fast) instead of a find() tried at every character.
        Matcher m = family.matcher(text).useTransparentBounds(true);
        for (int i = text.indexOf('/'); i >= 0; ) {
            m.region(i, text.length());
            if (m.lookingAt()) {
                shown.add(m.group().replaceAll("[.-]+$", ""));
                i = text.indexOf('/', m.end());
            } else {
                i = text.indexOf('/', i + 1);
            }
        }
        return List.copyOf(shown);
    }

    /**
     * The endpoint seen three ways. {@code documents}: the page has shown the pinned endpoint at some
     * reading; only such a page can say it moved, so a page about other endpoints of the family
     * (edits, variations) never raises a disagreement.
     */
    Optional<Finding> endpoint(List<String> shown, boolean documents) {
        String pinned = contract.endpointPath();
        String liveGone = liveSaysEndpointGone();
        boolean docsShowPinned = shown.contains(pinned);
        boolean docsMovedAway = documents && !docsShowPinned && !shown.isEmpty();
        String expected = contract.method() + " " + pinned + " in the docs and live";
        if (docsMovedAway && liveGone != null) {
            return Optional.of(Finding.error("docs-live-disagree", "endpoint:both", expected,
                    "the docs now show " + String.join(", ", shown) + "; live: " + liveGone));
        }
        if (docsMovedAway) {
            return Optional.of(Finding.warning("docs-live-disagree", "endpoint:docs-only", expected,
                    "the docs now show " + String.join(", ", shown) + " instead; the live API still serves " + pinned));
        }
        if (docsShowPinned && liveGone != null) {
            return Optional.of(Finding.warning("docs-live-disagree", "endpoint:live-only", expected,
                    "the docs still show " + pinned + "; live: " + liveGone));
        }
        return Optional.empty();
    }

    /** What a live check said when it last found the pinned endpoint gone, in any environment, if it still stands; else null. */
    private String liveSaysEndpointGone() {
        return history.knownAcross(contract.id(), ContractFacts.ENDPOINT_GONE).values().stream()
                .filter(KnownFact::present).map(KnownFact::value).findFirst().orElse(null);
    }

    /**
     * {@code /v1/images/generations} gives {@code /v\d+[A-Za-z0-9.]*\/images(/segment)*}: the same API
     * under any version, any endpoint beside it. Null for a one-segment path, whose family would be every path.
     */
    static Pattern endpointFamily(String path) {
        String[] segments = path.replaceAll("^/+|/+$", "").split("/");
        if (segments.length < 2) {
            return null;
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < segments.length - 1; i++) {
            regex.append('/').append(segments[i].matches("v\\d+.*") ? "v\\d+[A-Za-z0-9.]*" : Pattern.quote(segments[i]));
        }
        return Pattern.compile(regex + "(?:/[A-Za-z0-9_.-]+)*(?![A-Za-z0-9_/])");
    }
}
