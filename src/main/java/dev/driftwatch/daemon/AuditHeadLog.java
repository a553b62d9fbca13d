package dev.driftwatch.daemon;

import dev.driftwatch.audit.AuditException;
import dev.driftwatch.audit.ChainHead;
import dev.driftwatch.audit.Journal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Writes the audit trail's head to the log at start, at stop and once an hour: the log leaves the machine (a log
 * store, the container runtime), so a copy of the head outlives an edit of the trail, and
 * {@code driftwatch audit verify --expect-head} can be run against any of them.
 */
final class AuditHeadLog {
    static final Duration EVERY = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(AuditHeadLog.class);
    private final Journal journal;
    private final Clock clock;
    private Instant lastLogged;

    AuditHeadLog(Journal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    /** Logs the head when an hour has passed since it was last logged. */
    synchronized void logIfDue() {
        Instant now = clock.instant();
        if (lastLogged == null || !now.isBefore(lastLogged.plus(EVERY))) {
            log("hourly");
        }
    }

    /** Logs the head now; {@code when} says why (start, stop, hourly). A store that cannot answer is left to the readiness check. */
    synchronized void log(String when) {
        ChainHead head;
        try {
            head = journal.head();
        } catch (AuditException e) {
            return;
        }
        lastLogged = clock.instant();
        MDC.put("auditHead", head.toString());
        try {
            LOG.info("audit head {} ({}): 'driftwatch audit verify --expect-head {}' checks the trail still reaches it", head, when, head);
        } finally {
            MDC.remove("auditHead");
        }
    }
}
