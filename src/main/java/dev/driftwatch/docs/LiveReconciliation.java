package dev.driftwatch.docs;

import dev.driftwatch.check.CheckHistory;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Finding;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.Environment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contract seen three ways: pinned, live, and in the docs. For models, the models a docs page
 * lists against the models the live API listed at its last {@code models} check: {@code docs-only}
 * (announced, not live yet, or live removed it), {@code live-only} (shipped quietly), or {@code both}
 * (the pinned model is in neither). For the endpoint, the image endpoints a page shows against the
 * pinned path and the last live {@code endpoint} and {@code generation} verdicts. Docs alone never
 * break the contract: the live probe decides.
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

    /** What the last live verdict said when it found the pinned endpoint gone, in any environment; else null. */
    private String liveSaysEndpointGone() {
        for (Environment env : contract.environments()) {
            for (String check : List.of("endpoint", "generation")) {
                Optional<Finding> gone = history.lastVerdict(new CheckKey(contract.id(), env.name(), check))
                        .flatMap(v -> v.findings().stream().filter(f -> f.rule().equals("endpoint-gone")).findFirst());
                if (gone.isPresent()) {
                    return gone.get().actual() + " in " + env.name();
                }
            }
        }
        return null;
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
