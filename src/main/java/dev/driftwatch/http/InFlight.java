package dev.driftwatch.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * How many requests may be in flight: to each provider host, and in all. A request waiting for its turn is a future
 * in a queue, not a thread. A host that answers 429 has its limit halved; each answer that is not a 429 gives back a
 * fraction of a request until the configured limit (additive increase, multiplicative decrease, as TCP does), so a
 * provider's rate limit slows driftwatch down on that host only.
 */
public final class InFlight {
    private final int total;
    private final int perHost;
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    /** The hosts in the order turns go round, and where the next round starts: after the host served last. */
    private final List<Host> order = new ArrayList<>();
    private int next;
    private int running;

    /**
     * @param total requests in flight in all, at most
     * @param perHost requests in flight to one host (scheme, name and port), at most
     */
    public InFlight(int total, int perHost) {
        if (total < 1 || perHost < 1) {
            throw new IllegalArgumentException("in-flight limits must be at least 1, got " + total + " and " + perHost);
        }
        this.total = total;
        this.perHost = perHost;
    }

    /** One request's turn: given back once, with the status the host answered (0 when it did not answer). */
    public final class Permit {
        private final Host host;
        private boolean released;

        private Permit(Host host) {
            this.host = host;
        }

        public void release(int status) {
            List<Turn> granted;
            synchronized (InFlight.this) {
                if (released) {
                    return;
                }
                released = true;
                running--;
                host.running--;
                if (status == 429) {
                    host.limit = Math.max(1.0, host.limit / 2);
                } else if (status != 0) {
                    host.limit = Math.min(perHost, host.limit + 1.0 / host.limit);
                }
                granted = grant();
            }
            hand(granted);
        }
    }

    /** Completes when a request to {@code host} may go; at once when there is room. Cancelling it gives up the wait. */
    public CompletableFuture<Permit> acquire(String host) {
        CompletableFuture<Permit> turn = new CompletableFuture<>();
        List<Turn> granted;
        synchronized (this) {
            hosts.computeIfAbsent(host, h -> {
                Host fresh = new Host();
                order.add(fresh);
                return fresh;
            }).waiting.add(turn);
            granted = grant();
        }
        hand(granted);
        return turn;
    }

    /** Requests in flight now, in all. */
    public synchronized int running() {
        return running;
    }

    /** Requests waiting for their turn now, in all. */
    public synchronized int waiting() {
        return hosts.values().stream().mapToInt(h -> (int) h.waiting.stream().filter(w -> !w.isDone()).count()).sum();
    }

    /** How many requests {@code host} may have in flight now (lower than configured after 429s). */
    public synchronized int limit(String host) {
        Host h = hosts.get(host);
        return h == null ? perHost : h.allowed();
    }

    /** Takes the turns that fit now, one host after the other; handed over by the caller outside the lock. */
    private List<Turn> grant() {
        List<Turn> granted = new ArrayList<>();
        boolean progress = true;
        while (running < total && progress) {
            progress = false;
            // One turn per host per round, starting after the host served last: a long queue starves no one.
            for (int i = 0, n = order.size(), start = next; i < n; i++) {
                int at = (start + i) % n;
                Host h = order.get(at);
                while (!h.waiting.isEmpty() && h.waiting.peek().isDone()) {
                    h.waiting.poll(); // given up while waiting
                }
                if (running < total && !h.waiting.isEmpty() && h.running < h.allowed()) {
                    running++;
                    h.running++;
                    granted.add(new Turn(h.waiting.poll(), new Permit(h)));
                    next = at + 1;
                    progress = true;
                }
            }
        }
        return granted;
    }

    /** Hands each turn over; one given up meanwhile goes back at once. Outside the lock: what follows a turn runs here. */
    private static void hand(List<Turn> granted) {
        for (Turn t : granted) {
            if (!t.waiter().complete(t.permit())) {
                t.permit().release(0);
            }
        }
    }

    private record Turn(CompletableFuture<Permit> waiter, Permit permit) {
    }

    private final class Host {
        final ArrayDeque<CompletableFuture<Permit>> waiting = new ArrayDeque<>();
        double limit = perHost;
        int running;

        int allowed() {
            return (int) Math.floor(limit);
        }
    }
}
