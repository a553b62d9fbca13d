package dev.driftwatch.check;

import java.time.Instant;

/**
 * One thing a check already knows: an undeclared field, a member of the model family, a standing
 * disagreement, a dated notice, with when it was first and last seen. {@code goneSince} is set when a
 * run that held no longer saw it (a model removed); it stays known, so a return is a restoration.
 */
public record KnownFact(String subject, String value, Instant firstSeen, Instant lastSeen, Instant goneSince) {

    public boolean present() {
        return goneSince == null;
    }
}
