package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import java.time.Instant;

/**
 * What the incident state machine counts for one check: consecutive BROKEN, consecutive BROKEN or
 * UNVERIFIED ("trouble"), consecutive PASS or CHANGED ("hold"), since when the trouble lasts, and
 * when the check first ran and last held.
 */
public record AlertState(CheckKey key, int brokenStreak, int troubleStreak, int holdStreak, Instant troubleSince,
                         Instant firstVerdictAt, Instant lastOkAt) {

    public AlertState withStreaks(int broken, int trouble, int hold, Instant since) {
        return new AlertState(key, broken, trouble, hold, since, firstVerdictAt, lastOkAt);
    }

    public AlertState withTimes(Instant firstVerdict, Instant lastOk) {
        return new AlertState(key, brokenStreak, troubleStreak, holdStreak, troubleSince, firstVerdict, lastOk);
    }
}
