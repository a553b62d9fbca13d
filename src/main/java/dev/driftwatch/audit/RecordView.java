package dev.driftwatch.audit;

import tools.jackson.databind.JsonNode;

/**
 * One journal record with the whole of what it chained: for a verdict its findings and full evidence, for an
 * acceptance who, why and what, for a snapshot or a paid call its row, for an event its body. {@code content} is
 * null when the record's row is gone (compacted away, or deleted behind driftwatch's back).
 */
public record RecordView(JournalRecord record, JsonNode content) {
}
