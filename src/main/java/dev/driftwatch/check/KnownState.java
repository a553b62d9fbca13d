package dev.driftwatch.check;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What driftwatch already knows about one check, kept in the audit trail: the facts its runs have seen,
 * and when its baseline was set (its first verdict that held). Findings are judged against it: news is
 * what differs from it, and the first runs only record it. Reading it costs the same on day 1 and day 1,000.
 */
public final class KnownState {
    /**
     * The subject a check remembers when it stops running a probe on purpose (the endpoint probe whose
     * invalid request was accepted, and may have been billed); its value says for which configuration.
     */
    public static final String SUSPENDED = "suspended";
    /** A check that never recorded anything. */
    public static final KnownState EMPTY = new KnownState(null, List.of());

    private final Instant baselinedAt;
    private final Map<String, KnownFact> facts = new TreeMap<>();

    public KnownState(Instant baselinedAt, Collection<KnownFact> facts) {
        this.baselinedAt = baselinedAt;
        facts.forEach(f -> this.facts.put(f.subject(), f));
    }

    /** True once a verdict of the check has held: what is new from then on is news, not baseline. */
    public boolean baselined() {
        return baselinedAt != null;
    }

    public Instant baselinedAt() {
        return baselinedAt;
    }

    public Optional<KnownFact> fact(String subject) {
        return Optional.ofNullable(facts.get(subject));
    }

    /** The value of a fact that is known and present. */
    public Optional<String> value(String subject) {
        KnownFact f = facts.get(subject);
        return f == null || !f.present() ? Optional.empty() : Optional.of(f.value());
    }

    /** Every fact whose subject starts with {@code prefix}, present or gone, in subject order. */
    public List<KnownFact> withPrefix(String prefix) {
        return facts.values().stream().filter(f -> f.subject().startsWith(prefix)).toList();
    }

    public Collection<KnownFact> facts() {
        return List.copyOf(facts.values());
    }

    public boolean isEmpty() {
        return baselinedAt == null && facts.isEmpty();
    }
}
