package dev.driftwatch.check;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * How an accepted finding is known again. A person who accepts a check's latest verdict ({@code driftwatch accept})
 * adopts each of its breaks and changes as known state: a fact {@code accepted:<rule> <digest>}, the digest over the
 * rule, where it was seen and what was expected. A later run that finds the same rule failing the same expectation
 * at the same place sees it {@link Change#ACCEPTED} (a warning on a verdict that holds); a different rule, place or
 * expectation is still a break or news. What was found ({@code actual}) is left out on purpose: it carries counts
 * and lists ("not among 31 models") that move with every unrelated release, and an acceptance must survive them.
 */
public final class AcceptedFindings {
    /** The prefix of the known-state subjects of accepted findings. */
    public static final String PREFIX = "accepted:";

    private AcceptedFindings() {
    }

    /** The known-state subject of {@code f} once accepted. */
    public static String subject(Finding f) {
        String text = nul(f.rule()) + "\n" + nul(f.pointer()) + "\n" + nul(f.expected());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return PREFIX + f.rule() + " " + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The findings of {@code v} an acceptance adopts: its breaks and its release news (not standing warnings or baselines). */
    public static List<Finding> acceptable(Verdict v) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : v.findings()) {
            if ((f.severity() == Severity.ERROR && f.change() == Change.NONE) || f.isNews()) {
                out.add(f);
            }
        }
        return out;
    }

    private static String nul(String s) {
        return s == null ? "\u0000" : s;
    }
}
