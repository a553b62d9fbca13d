package dev.driftwatch.alert;

import dev.driftwatch.audit.AlertKind;
import dev.driftwatch.audit.AuditException;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.check.Verdict;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a verdict goes downstream, the same for the daemon, {@code verify} and the tests: recorded in
 * the audit trail with what its check learned, and fed to the incident logic, in ONE transaction — a process
 * killed between the two cannot leave a BROKEN verdict without its incident — then the outbox is rung when
 * that queued an alert. A store that is briefly locked or full is waited out and tried again, so a verdict is
 * not lost to a passing lock.
 */
public final class VerdictFlow {
    private static final Logger LOG = LoggerFactory.getLogger(VerdictFlow.class);
    /** Waits before recording a verdict again when the store is locked or full: a brief lock passes, the verdict is kept. */
    public static final List<Duration> RETRIES = List.of(Duration.ofMillis(500), Duration.ofSeconds(2));

    /** Told how each write went, so a process can report and alert an audit trail it cannot write. */
    public interface StoreWatch {
        StoreWatch NONE = new StoreWatch() {
            @Override
            public void written() {
            }

            @Override
            public void lost(Verdict v, AuditException e) {
            }
        };

        /** A verdict was recorded. */
        void written();

        /** A verdict could not be recorded, after the retries; {@code e} says why. */
        void lost(Verdict v, AuditException e);
    }

    private final AuditTrail trail;
    private final Incidents incidents;
    private final Runnable alertsQueued;
    private final Sleeper sleeper;
    private final StoreWatch watch;
    private volatile boolean retrying = true;

    /**
     * @param incidents the incident logic, or null to record only (a {@code verify} without {@code --notify})
     * @param alertsQueued called when a verdict put an alert in the outbox (wakes the worker)
     */
    public VerdictFlow(AuditTrail trail, Incidents incidents, Runnable alertsQueued, Sleeper sleeper, StoreWatch watch) {
        this.trail = trail;
        this.incidents = incidents;
        this.alertsQueued = alertsQueued;
        this.sleeper = sleeper;
        this.watch = watch;
    }

    /** Records verdicts and nothing more: no alerting configured for this run. */
    public static VerdictFlow recordOnly(AuditTrail trail, StoreWatch watch) {
        return new VerdictFlow(trail, null, () -> { }, Sleeper.REAL, watch);
    }

    /**
     * What became of one verdict: whether it was recorded (with its incident step), and the kinds of the alerts
     * that step put in the outbox.
     */
    public record Accepted(boolean recorded, List<AlertKind> alerts) {
        static final Accepted LOST = new Accepted(false, List.of());
    }

    /** Records {@code v} and runs the incident logic on it. Never throws for the store: a verdict it cannot take is {@link Accepted#LOST}. */
    public Accepted accept(Verdict v) {
        for (int attempt = 0; ; attempt++) {
            try {
                List<AlertKind> queued = trail.record(v, incidents == null ? null : tx -> incidents.observeIn(tx, v));
                watch.written();
                if (queued != null && !queued.isEmpty()) {
                    alertsQueued.run();
                }
                return new Accepted(true, queued == null ? List.of() : List.copyOf(queued));
            } catch (AuditException e) {
                if (attempt >= RETRIES.size() || !retrying) {
                    watch.lost(v, e);
                    return Accepted.LOST;
                }
                LOG.warn("recording the verdict of {} failed ({}); trying again", v.key(), e.getMessage());
                try {
                    sleeper.sleep(RETRIES.get(attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    watch.lost(v, e);
                    return Accepted.LOST;
                }
            }
        }
    }

    /** From now on a failed write is given up at once (the process is stopping). */
    public void stopRetrying() {
        retrying = false;
    }
}
