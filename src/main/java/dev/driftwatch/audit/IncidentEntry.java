package dev.driftwatch.audit;

/** An incident with the journal record that opened it ({@code seq}: what {@code audit show} takes; 0 if none). */
public record IncidentEntry(Incident incident, long seq) {
}
