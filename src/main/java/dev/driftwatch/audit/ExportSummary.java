package dev.driftwatch.audit;

/**
 * What an export wrote: how many records, the record it starts after ({@link ChainHead#EMPTY} for the whole journal:
 * its first line links to the genesis hash), the head it ends with, and the records exported without the row they
 * chained because the row is gone from the trail (those lines will not verify; {@code audit verify} says why).
 */
public record ExportSummary(long records, ChainHead after, ChainHead head, long rowsMissing, long firstRowMissing) {
}
