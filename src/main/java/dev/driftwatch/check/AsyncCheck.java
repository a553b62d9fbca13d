package dev.driftwatch.check;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * A check that waits on the provider without holding a thread: {@link #start} sends its request and returns; the
 * verdict completes once the answer is judged. A thousand of them in flight cost a thousand futures, not a thousand
 * threads.
 */
public interface AsyncCheck extends Check {
    /**
     * Starts one run. What follows the answer (parsing, schemas, the known state) runs on {@code cpu}; cancelling the
     * future cancels the request. Expected failures become verdicts, as in {@link #run}.
     */
    CompletableFuture<Verdict> start(Executor cpu);

    /** One run, waited for on the calling thread. */
    @Override
    default Verdict run() {
        CompletableFuture<Verdict> verdict = start(Runnable::run);
        try {
            return verdict.get();
        } catch (InterruptedException e) {
            verdict.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + key() + " ran", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
