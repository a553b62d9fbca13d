package dev.driftwatch.check;

import java.time.Duration;

/** One verifiable claim about a contract, with its own schedule. One class, one {@code run}. */
public interface Check {

    CheckKey key();

    /** Quartz cron expression for the daemon. */
    String schedule();

    /** How long a run may take, retries included, before the runner gives up on it. */
    Duration timeout();

    /**
     * True for a check that compares with other checks' latest verdicts (the docs reconcile with the
     * live API): a plan runs it after the others, so one run compares with that run's answers.
     */
    default boolean readsOtherVerdicts() {
        return false;
    }

    /** Runs once and says what it found. Expected failures become verdicts, not exceptions. */
    Verdict run();
}
