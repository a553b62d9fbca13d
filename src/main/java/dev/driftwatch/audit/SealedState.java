package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * State a check's judgement depends on that is updated in place (what it knows, its alerting counters): each store
 * that keeps some gives its part of the check's seal ({@link CheckSeal}), so an edit behind driftwatch's back shows.
 */
interface SealedState {
    /** The check's rows of this state as canonical values (lists, strings, numbers), in a fixed order. */
    Object stateOf(Connection c, CheckKey key) throws SQLException;

    /** Every check that has a row of this state. */
    Set<CheckKey> keysWithState(Connection c) throws SQLException;
}
