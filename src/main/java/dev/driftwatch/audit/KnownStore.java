package dev.driftwatch.audit;

import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.KnownFact;
import dev.driftwatch.check.KnownState;
import dev.driftwatch.check.Verdict;
import java.util.Map;

/**
 * What each check already knows (undeclared fields seen, members of the model family, standing disagreements,
 * dated notices), read by key so a run costs the same however long the history; written only inside the transaction
 * that records the verdict that taught it, and sealed with it.
 */
public interface KnownStore {

    /** What {@code key} knows; {@link KnownState#EMPTY} before its first run. */
    KnownState read(CheckKey key);

    /** The fact {@code subject} as every check of {@code contract} knows it. */
    Map<CheckKey, KnownFact> across(String contract, String subject);

    /** Applies what the verdict learned, in {@code tx}; a verdict that holds sets the check's baseline if it had none. */
    void learn(Transaction tx, Verdict v);
}
