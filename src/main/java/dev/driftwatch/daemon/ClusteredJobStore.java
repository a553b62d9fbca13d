package dev.driftwatch.daemon;

import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.SchedulerStateRecord;

/**
 * Quartz's clustered JDBC store with a take-over bound of one check-in interval. Quartz declares a replica dead when
 * it has missed its check-in by a fixed 7.5 s, whatever the interval, so a dead replica's triggers waited the
 * interval plus 7.5 s and up to another interval for the next check-in to notice. Here replicas check in every quarter
 * of the interval driftwatch is given ({@link ClusterStore#quartzCheckin}) and one is dead after missing
 * {@value #MISSED_CHECKINS} check-ins in a row: another notices within the interval. Like Quartz, a replica that was
 * itself late to check in waits longer before it calls another dead (its own delay counts for the others').
 */
public class ClusteredJobStore extends JobStoreTX {
    /** Check-ins a replica misses before it is dead: one late check-in (a GC pause, a slow database) is not death. */
    static final int MISSED_CHECKINS = 3;

    @Override
    protected long calcFailedIfAfter(SchedulerStateRecord rec) {
        return rec.getCheckinTimestamp() + MISSED_CHECKINS * Math.max(rec.getCheckinInterval(), System.currentTimeMillis() - lastCheckin);
    }
}
