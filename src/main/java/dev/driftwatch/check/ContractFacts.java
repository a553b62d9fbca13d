package dev.driftwatch.check;

/**
 * Facts one kind of check publishes in its known state for the other kinds of the same contract to read
 * ({@link CheckHistory#knownAcross}): the docs reconcile with the live API through these, never through
 * the live checks' names, rules or evidence.
 */
public final class ContractFacts {
    /** The model IDs of the contract's family that the live API listed at its latest answer, comma-separated. */
    public static final String LISTED_MODELS = "contract:listed-models";
    /** The model IDs a docs page lists (its {@code models} fact), comma-separated: the spec check reconciles with them. */
    public static final String DOCS_MODELS = "contract:docs-models";
    /** What a live check saw when it found the pinned endpoint gone (404, 405, 410); forgotten once it reaches it again. */
    public static final String ENDPOINT_GONE = "contract:endpoint-gone";

    private ContractFacts() {
    }
}
