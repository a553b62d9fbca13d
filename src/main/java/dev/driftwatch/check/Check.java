package dev.driftwatch.check;

import dev.driftwatch.config.AlertThresholds;
import java.time.Duration;
import java.util.Optional;

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

    /** The check's own {@code alert:} thresholds from checks.yaml, or null when it has none (the defaults apply). */
    default AlertThresholds alertThresholds() {
        return null;
    }

    /**
     * True for a check about the contract as a whole rather than one of its environments (a docs page):
     * its alerts join those of any environment of the contract that arrive in the same window.
     */
    default boolean spansEnvironments() {
        return false;
    }

    /**
     * Why the check does not run now, on purpose, until its configuration changes (the endpoint probe whose
     * invalid request was accepted, and may have been billed); empty when it runs. The daemon does not
     * schedule a suspended check, and its status page says why.
     */
    default Optional<String> suspension() {
        return Optional.empty();
    }

    /**
     * True for a check that spends money and may take minutes (the paid generation probe): it runs in a lane of its
     * own, so it never delays the free checks.
     */
    default boolean paid() {
        return false;
    }

    /** Runs once and says what it found. Expected failures become verdicts, not exceptions. */
    Verdict run();
}
