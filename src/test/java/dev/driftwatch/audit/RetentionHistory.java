package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Months of a contract's history written in seconds through the real audit trail, with a clock that says each
 * verdict was recorded when its run ended: the {@code models} check every ten minutes with a bad morning (BROKEN),
 * a network blip (UNVERIFIED), a release (CHANGED) and a missing key (SKIPPED) among its PASS verdicts, and a docs
 * page every six hours.
 */
final class RetentionHistory {
    static final CheckKey MODELS = new CheckKey("wisgate-gpt-image-2", "production", "models");
    static final CheckKey DOCS = new CheckKey("wisgate-gpt-image-2", "public", "docs:models");
    /** The first run: 7 s past midnight, as a jittered schedule fires. */
    static final Instant START = Instant.parse("2026-01-01T00:00:07Z");

    private RetentionHistory() {
    }

    /** Every verdict of {@code days} days from {@link #START}, in the order recorded. */
    static List<Verdict> verdicts(int days) {
        List<Verdict> out = new ArrayList<>();
        int runs = days * 144;
        for (int i = 0; i < runs; i++) {
            Instant at = START.plus(Duration.ofMinutes(10L * i));
            out.add(models(i, at, outcomeOfModels(i)));
            if (i % 36 == 0) {
                int run = i / 36;
                out.add(new Verdict(DOCS, run == 48 ? Outcome.CHANGED : Outcome.PASS, run == 48 ? "docs-text-changed" : "every fact still stated",
                        List.of(), new Evidence(200, 180L + run % 50, null, Map.of("url", "https://wisgate.ai/docs/models")), at.plusSeconds(20),
                        180 + run % 50));
            }
        }
        out.sort(Comparator.comparing(Verdict::startedAt));
        return out;
    }

    /** A bad morning on day 5 (12 runs), a blip on day 20, a release on day 25, a missing key on day 27, a bad hour on day 100. */
    private static Outcome outcomeOfModels(int i) {
        int day = i / 144;
        int slot = i % 144;
        if (day == 5 && slot >= 60 && slot < 72 || day == 100 && slot >= 30 && slot < 36) {
            return Outcome.BROKEN;
        }
        if (day == 20 && slot == 18) {
            return Outcome.UNVERIFIED;
        }
        if (day == 25 && slot == 72) {
            return Outcome.CHANGED;
        }
        if (day == 27 && slot >= 3 && slot < 6) {
            return Outcome.SKIPPED;
        }
        return Outcome.PASS;
    }

    private static Verdict models(int i, Instant at, Outcome outcome) {
        long ms = 38 + (i * 7L) % 45;
        Evidence evidence = new Evidence(outcome == Outcome.SKIPPED ? null : 200, ms, "req_" + Long.toHexString(0x5f3a00L + i),
                Map.of("url", "https://api.wisgate.ai/v1/models", "models", List.of("gpt-image-2", "gpt-image-1", "gpt-image-1-mini", "dall-e-3"),
                        "modelCount", 4L));
        String summary = switch (outcome) {
            case BROKEN -> "model-not-listed at /data: expected gpt-image-2 listed, got not among 4 models";
            case UNVERIFIED -> "timeout after 30s";
            case CHANGED -> "model-added: gpt-image-2.1";
            case SKIPPED -> "no key: set WISGATE_API_KEY";
            default -> "gpt-image-2 listed among 4 models";
        };
        return new Verdict(MODELS, outcome, summary, List.of(), evidence, at, ms);
    }

    /**
     * Writes {@code verdicts} to a new trail at {@code file}, each recorded when its run ended, a day's worth per
     * transaction (one commit per verdict would wait on the disk 17,000 times).
     */
    static void write(Path file, ChainKey key, List<Verdict> verdicts) {
        ManualClock clock = new ManualClock(verdicts.get(verdicts.size() - 1).startedAt().plusSeconds(60));
        try (AuditTrail trail = AuditTrail.openSqlite(file, key, clock)) {
            for (int from = 0; from < verdicts.size(); from += 150) {
                trail.recordAll(verdicts.subList(from, Math.min(verdicts.size(), from + 150)), v -> v.startedAt().plusMillis(v.durationMs()));
            }
        }
    }

    /** The PASS verdicts among {@code verdicts} that change their check's state: its first verdict, or after one that was not a PASS. */
    static List<Verdict> stateChanges(List<Verdict> verdicts) {
        List<Verdict> out = new ArrayList<>();
        Map<CheckKey, Outcome> before = new java.util.HashMap<>();
        for (Verdict v : verdicts) {
            Outcome previous = before.put(v.key(), v.outcome());
            if (v.outcome() == Outcome.PASS && previous != Outcome.PASS) {
                out.add(v);
            }
        }
        return out;
    }
}
