package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import java.util.List;
import java.util.Optional;

/** Every acceptance ({@code driftwatch accept}), append-only: written once with the known state it changed, chained, kept forever. */
public interface AcceptanceStore {

    /** The acceptances of one check, newest first. */
    List<Acceptance> of(CheckKey key);

    /** The newest acceptance of one check. */
    Optional<Acceptance> latest(CheckKey key);
}
