package dev.driftwatch.alert;

import dev.driftwatch.audit.AlertDraft;
import dev.driftwatch.audit.AlertKind;
import dev.driftwatch.audit.ChainHead;
import dev.driftwatch.audit.OutboxRow;
import dev.driftwatch.audit.OutboxStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox. Each row is claimed with a lease before it is sent, so two workers never send
 * the same row; rows of one check go strictly in id order. Alerts of one release (one contract and
 * environment, within {@code alerts.groupWait}) are claimed together and sent as one message
 * ({@link GroupedMessage}), each marked with its answer. A failed send is retried with backoff
 * (at least Slack's {@code Retry-After}); a message Slack refuses ({@code invalid_blocks}) is sent
 * again as plain text; nothing is ever dropped. Rows routed to {@code log}, or whose Slack variable
 * is not set any more, go to the local sender.
 */
public final class OutboxWorker {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxWorker.class);
    private final OutboxStore outbox;
    private final AlertSender slack;
    private final AlertSender local;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RetryBackoff backoff;
    private final String workerId;
    private final Duration lease;
    private final Duration sendTimeout;
    private final AuditHeadFooter footer;
    private volatile DeliveryListener listener = DeliveryListener.NONE;

    /**
     * @param lease how long a claimed row is this worker's; longer than one send can take (the Slack
     *              client's call timeout), so a slow send is not taken over by another worker
     * @param sendTimeout how long one send may take (the Slack client's call timeout): a flush with a deadline
     *                    starts no send that could outlast it
     * @param auditHead the audit trail's head, read as each message is sent and added as its last line
     */
    public OutboxWorker(OutboxStore outbox, AlertSender slack, AlertSender local, Clock clock, Sleeper sleeper,
                        RetryBackoff backoff, String workerId, Duration lease, Duration sendTimeout, Supplier<ChainHead> auditHead) {
        this.outbox = outbox;
        this.slack = slack;
        this.local = local;
        this.clock = clock;
        this.sleeper = sleeper;
        this.backoff = backoff;
        this.workerId = workerId;
        this.lease = lease;
        this.sendTimeout = sendTimeout;
        this.footer = new AuditHeadFooter(auditHead);
    }

    /** Tells {@code l} of every attempt from now on, after the outbox recorded it; replaces any listener set before. */
    public void onDelivery(DeliveryListener l) {
        this.listener = l == null ? DeliveryListener.NONE : l;
    }

    /** Sends every alert that is due now (a group whose window is over as one message), once each; answers how many were delivered. */
    public int deliverDue() {
        return deliverDue(false, null, () -> true);
    }

    /**
     * @param windowsClosed send groups still gathering too: no more alerts will join them (the run is over, the process stops)
     * @param deadline null, or when sending must be over: no send starts that could outlast it
     * @param keepGoing asked before each send: false stops here (the process is stopping)
     */
    private int deliverDue(boolean windowsClosed, Instant deadline, BooleanSupplier keepGoing) {
        int delivered = 0;
        List<OutboxRow> batch;
        while (keepGoing.getAsBoolean() && !(batch = outbox.claimNextGroup(workerId, clock.instant(), lease, windowsClosed)).isEmpty()) {
            if (!batch.get(0).route().equals(AlertRoutes.LOG) && !fits(deadline)) {
                // A send to Slack could outlast the deadline: it stays queued for the next worker.
                outbox.release(batch.stream().map(OutboxRow::id).toList(), workerId);
                break;
            }
            boolean ok = deliver(batch);
            for (OutboxRow row : batch) {
                if (ok) {
                    delivered++;
                }
                tell(row, ok);
            }
        }
        return delivered;
    }

    /**
     * Delivers until the outbox is empty or {@code within} has passed, waiting for retries in between; the
     * alerts still gathering in a group window go now, together. Starts no send that could outlast
     * {@code within}, so the flush ends in time even while Slack hangs. Answers how many alerts are still
     * pending (they stay in the outbox for the next worker).
     */
    public int flush(Duration within) {
        Instant deadline = clock.instant().plus(within);
        while (true) {
            deliverDue(true, deadline, () -> true);
            Optional<Instant> next = outbox.nextDueAt(true);
            if (next.isEmpty()) {
                return 0;
            }
            Instant now = clock.instant();
            Instant earliest = next.get().isAfter(now) ? next.get() : now;
            if (earliest.plus(sendTimeout).isAfter(deadline)) {
                return outbox.pending(); // no send that could start now or later ends in time
            }
            if (!pause(Duration.between(clock.instant(), next.get()))) {
                return outbox.pending();
            }
        }
    }

    /** The daemon's loop: delivers, then waits for the next due row (at most {@code idle}), until {@code running} says stop. */
    public void run(BooleanSupplier running, Duration idle) {
        while (running.getAsBoolean()) {
            deliverDue(false, null, running);
            Duration wait = outbox.nextDueAt(false).map(at -> Duration.between(clock.instant(), at)).filter(d -> d.compareTo(idle) < 0).orElse(idle);
            if (!pause(wait)) {
                return;
            }
        }
    }

    /** Aborts the sends in progress; their alerts stay queued (a stopping process). */
    public void cancelInFlight() {
        slack.cancelInFlight();
    }

    /** True when a send started now ends before {@code deadline} (always without one). */
    private boolean fits(Instant deadline) {
        return deadline == null || !clock.instant().plus(sendTimeout).isAfter(deadline);
    }

    private void tell(OutboxRow row, boolean delivered) {
        try {
            listener.attempted(row, delivered);
        } catch (RuntimeException e) {
            // A listener only watches; its fault must not stop the delivery of the next alert.
            LOG.warn("delivery listener failed on alert #{}: {}", row.id(), e.toString());
        }
    }

    private boolean pause(Duration d) {
        try {
            sleeper.sleep(d.isNegative() ? Duration.ZERO : d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Sends an alert the outbox could not take (the store that holds it refused the write: a full disk):
     * one attempt, as plain text, nothing recorded and nothing retried here; true when delivered.
     */
    public boolean sendUnqueued(AlertDraft alert) {
        OutboxRow row = new OutboxRow(0, alert.incidentId(), alert.kind(), alert.key(), alert.route(), alert.payload(), alert.plainText(),
                true, 1, alert.createdAt(), alert.createdAt(), null, null, null, null, null, null, null);
        LOG.warn("alert {} of {} could not be queued; sending it once, directly", row.kind(), row.key());
        DeliveryResult result = attempt(row);
        boolean delivered = result instanceof DeliveryResult.Delivered;
        if (!delivered) {
            LOG.error("alert {} of {} could not be queued nor sent: {}", row.kind(), row.key(), result);
        }
        tell(row, delivered);
        return delivered;
    }

    /** Sends the row to Slack, or to the local sender when it is routed there or its Slack variable is not set. */
    private DeliveryResult attempt(OutboxRow queued) {
        OutboxRow row = footer.on(queued);
        DeliveryResult result = row.route().equals(AlertRoutes.LOG) ? local.send(row, true) : slack.send(row, row.usePlain());
        if (result instanceof DeliveryResult.Unconfigured u) {
            LOG.warn("alert #{} was routed to Slack but {}; writing it here instead", row.id(), u.reason());
            result = local.send(row, true);
            if (result instanceof DeliveryResult.Delivered d) {
                result = new DeliveryResult.Delivered(d.answer() + " (" + u.reason() + ")", null, null);
            }
        }
        return result;
    }

    /** One attempt at one claimed message — one alert, or the alerts of one group as one — true when delivered. */
    private boolean deliver(List<OutboxRow> batch) {
        OutboxRow row = batch.size() == 1 ? batch.get(0) : combined(batch);
        List<Long> ids = batch.stream().map(OutboxRow::id).toList();
        DeliveryResult result = attempt(row);
        Instant now = clock.instant();
        if (result instanceof DeliveryResult.Delivered d) {
            String answer = row.usePlain() && !row.route().equals(AlertRoutes.LOG) ? d.answer() + " (as plain text)" : d.answer();
            outbox.delivered(ids, workerId, now, answer, d.channel(), d.ts());
            return true;
        }
        String what = batch.size() == 1 ? "alert #" + row.id() + " (" + row.kind() + " of " + row.key() + ")" : "alerts " + ids + " (one message)";
        if (result instanceof DeliveryResult.Retry r) {
            Duration wait = backoff.after(row.attempts(), r.retryAfter());
            LOG.warn("{} not delivered, attempt {}: {}; next try in {}s", what, row.attempts(), r.error(), wait.toSeconds());
            outbox.failed(ids, workerId, r.answer(), r.error(), now.plus(wait), row.usePlain());
        } else if (result instanceof DeliveryResult.Refused r && !row.usePlain()) {
            // Slack refused the blocks; the same alert as plain text cannot be refused for them.
            LOG.warn("{} refused by Slack ({}); sending it as plain text", what, r.answer());
            outbox.failed(ids, workerId, r.answer(), r.error(), now, true);
        } else if (result instanceof DeliveryResult.Refused r) {
            Duration wait = backoff.after(row.attempts(), null);
            LOG.error("{} refused by Slack even as plain text ({}); kept, next try in {}s — check the channel and the app's permissions",
                    what, r.answer(), wait.toSeconds());
            outbox.failed(ids, workerId, r.answer(), r.error(), now.plus(wait), true);
        } else if (result instanceof DeliveryResult.Unconfigured u) {
            outbox.failed(ids, workerId, null, u.reason(), now.plus(backoff.after(row.attempts(), null)), true);
        }
        return false;
    }

    /**
     * The alerts of one group as the one message that carries them: its thread is theirs (they share it), it
     * opens a thread when one of them opens an incident, and it is sent as plain text once one of them was.
     */
    private static OutboxRow combined(List<OutboxRow> batch) {
        OutboxRow head = batch.get(0);
        RenderedAlert message = GroupedMessage.of(batch);
        boolean opens = batch.stream().anyMatch(r -> r.kind().opensThread());
        int attempts = batch.stream().mapToInt(OutboxRow::attempts).max().orElse(1);
        return new OutboxRow(head.id(), head.incidentId(), opens ? AlertKind.OPENED : head.kind(), head.key(), head.route(), message.payload(),
                message.plainText(), batch.stream().anyMatch(OutboxRow::usePlain), attempts, head.createdAt(), head.nextAttemptAt(), null,
                head.slackAnswer(), head.lastError(), head.threadChannel(), head.threadTs(), head.groupKey(), head.holdUntil());
    }
}
