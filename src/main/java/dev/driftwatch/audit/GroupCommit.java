package dev.driftwatch.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Records verdicts from many threads in shared transactions. A synchronous commit costs an fsync — a few
 * milliseconds on a virtual disk, so one transaction per verdict caps a trail at a couple of hundred verdicts a
 * second. One writer thread takes what has queued while the previous commit ran and commits it in one
 * transaction, each verdict in its own savepoint: the same durability (a caller returns only once its verdict is
 * committed), the same isolation of failures, one fsync for all.
 */
final class GroupCommit implements AutoCloseable {
    /** At most this many in one transaction: the write lock is not held long enough to starve a reader. */
    static final int MAX_BATCH = 256;
    private final Transactions db;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    GroupCommit(Transactions db) {
        this.db = db;
        this.writer = new Thread(this::writeLoop, "audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Runs {@code work} in the next shared transaction and answers once it is committed; throws what it threw or what the commit did. */
    @SuppressWarnings("unchecked")
    <T> T write(String what, Transactions.TxWork<T> work) {
        if (closed) {
            throw new AuditException("cannot " + what + ": the audit trail is closed", null);
        }
        Request request = new Request(what, work, new CompletableFuture<>());
        queue.add(request);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return (T) request.done.get();
                } catch (InterruptedException e) {
                    // The verdict may be committed already: wait for the answer rather than report it lost.
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new AuditException("cannot " + what + ": " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void writeLoop() {
        while (!closed || !queue.isEmpty()) {
            List<Request> batch = new ArrayList<>();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // close() interrupts a waiting writer; the loop condition decides
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            batch.removeIf(r -> r.work == null);
            if (batch.isEmpty()) {
                continue;
            }
            try {
                List<Transactions.Result> results = db.writeEach(batch.stream().map(r -> new Transactions.Named(r.what, r.work)).toList());
                for (int i = 0; i < batch.size(); i++) {
                    Transactions.Result r = results.get(i);
                    if (r.failure() == null) {
                        batch.get(i).done.complete(r.value());
                    } else {
                        batch.get(i).done.completeExceptionally(r.failure());
                    }
                }
            } catch (RuntimeException e) {
                batch.forEach(r -> r.done.completeExceptionally(e));
            }
        }
        // A write that raced close() past its check must not wait forever for a writer that has stopped.
        for (Request late; (late = queue.poll()) != null; ) {
            if (late.done != null) {
                late.done.completeExceptionally(new AuditException("cannot " + late.what + ": the audit trail is closed", null));
            }
        }
    }

    /** Commits what is queued, then stops the writer. */
    @Override
    public void close() {
        closed = true;
        queue.add(new Request(null, null, null));
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Request(String what, Transactions.TxWork<?> work, CompletableFuture<Object> done) {
    }
}
