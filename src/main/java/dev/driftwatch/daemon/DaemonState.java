package dev.driftwatch.daemon;

import java.time.Instant;
import java.util.List;

/** What the running daemon tells its HTTP endpoints: alive, ready, and what it has scheduled. */
public interface DaemonState {

    /** True while the process and its scheduler run: {@code /healthz}. */
    boolean schedulerAlive();

    /**
     * Why the daemon is not ready, one line each (store unreachable, no valid configuration, last
     * reload refused, disk full): empty when ready. {@code /readyz} answers 503 with these lines otherwise.
     */
    List<String> notReadyReasons();

    /** More lines for a ready answer: a replica's cluster membership and its shared database. */
    default List<String> readyDetails() {
        return List.of();
    }

    /** The checks of the configuration now running, with their schedules. */
    List<ScheduledCheck> scheduledChecks();

    /** The checks.yaml in use and when it was loaded. */
    String configFile();

    Instant configLoadedAt();
}
