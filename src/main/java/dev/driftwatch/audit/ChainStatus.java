package dev.driftwatch.audit;

/** Whether every verdict row still matches its hash; {@code firstBrokenId} names the first row that does not. */
public record ChainStatus(boolean intact, long rows, Long firstBrokenId) {

    static ChainStatus intact(long rows) {
        return new ChainStatus(true, rows, null);
    }

    static ChainStatus brokenAt(long rows, long firstBrokenId) {
        return new ChainStatus(false, rows, firstBrokenId);
    }
}
