package dev.driftwatch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Turns for requests: per host, in all, fair between hosts, slowed by 429s; a waiting request is a future, not a thread. */
class InFlightTest {
    private static final String A = "https://a.example:443";
    private static final String B = "https://b.example:443";

    private static List<CompletableFuture<InFlight.Permit>> acquire(InFlight limits, String host, int n) {
        List<CompletableFuture<InFlight.Permit>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(limits.acquire(host));
        }
        return out;
    }

    private static long granted(List<CompletableFuture<InFlight.Permit>> turns) {
        return turns.stream().filter(CompletableFuture::isDone).count();
    }

    @Test
    void aHostGetsItsLimitAndTheRestWaitInOrder() {
        InFlight limits = new InFlight(64, 2);
        List<CompletableFuture<InFlight.Permit>> turns = acquire(limits, A, 5);
        assertThat(granted(turns)).isEqualTo(2);
        assertThat(limits.waiting()).isEqualTo(3);
        turns.get(0).join().release(200);
        assertThat(turns.get(2)).as("the oldest waiting goes next").isDone();
        assertThat(turns.get(3)).isNotDone();
        assertThat(limits.running()).isEqualTo(2);
    }

    @Test
    void theTotalBoundsAllHostsAndAFreedTurnGoesToAHostThatCanUseIt() {
        InFlight limits = new InFlight(3, 2);
        List<CompletableFuture<InFlight.Permit>> a = acquire(limits, A, 4);
        List<CompletableFuture<InFlight.Permit>> b = acquire(limits, B, 2);
        assertThat(granted(a) + granted(b)).as("three in all").isEqualTo(3);
        assertThat(granted(a)).as("a has its two").isEqualTo(2);
        b.get(0).join().release(200);
        assertThat(granted(b)).as("b's freed turn goes to b's next: a is at its limit").isEqualTo(2);
        assertThat(limits.running()).isEqualTo(3);
    }

    @Test
    void aLongQueueOfOneHostDoesNotStarveAnother() {
        InFlight limits = new InFlight(1, 1);
        List<CompletableFuture<InFlight.Permit>> a = acquire(limits, A, 100);
        CompletableFuture<InFlight.Permit> b = limits.acquire(B);
        a.get(0).join().release(200);
        assertThat(b).as("b's turn comes next, not after a's hundred").isDone();
        assertThat(a.get(1)).isNotDone();
        b.join().release(200);
        assertThat(a.get(1)).isDone();
    }

    @Test
    void a429HalvesTheHostsLimitAndAnswersWinItBackGradually() {
        InFlight limits = new InFlight(64, 8);
        List<CompletableFuture<InFlight.Permit>> a = acquire(limits, A, 40);
        CompletableFuture<InFlight.Permit> b = limits.acquire(B);
        a.get(0).join().release(429);
        assertThat(limits.limit(A)).isEqualTo(4);
        a.get(1).join().release(429);
        assertThat(limits.limit(A)).isEqualTo(2);
        assertThat(limits.limit(B)).as("another host is not slowed").isEqualTo(8);
        assertThat(b).isDone();
        assertThat(limits.running() - 1).as("a's in flight: the six taken before the 429s, no new ones").isEqualTo(6);
        int answers = 0;
        while (limits.limit(A) < 8) {
            CompletableFuture<InFlight.Permit> next = a.stream().filter(f -> f.isDone() && !f.isCancelled()).findFirst().orElseThrow();
            a.remove(next);
            next.join().release(200);
            answers++;
        }
        assertThat(answers).as("additive increase: a fraction of a request per answer").isBetween(10, 40);
    }

    @Test
    void aWaitGivenUpLeavesNoTurnBehind() {
        InFlight limits = new InFlight(64, 1);
        CompletableFuture<InFlight.Permit> first = limits.acquire(A);
        CompletableFuture<InFlight.Permit> abandoned = limits.acquire(A);
        CompletableFuture<InFlight.Permit> third = limits.acquire(A);
        abandoned.cancel(false);
        first.join().release(200);
        assertThat(third).isDone();
        assertThat(limits.waiting()).isZero();
        third.join().release(200);
        assertThat(limits.running()).isZero();
    }

    @Test
    void aPermitGivenBackTwiceCountsOnce() {
        InFlight limits = new InFlight(2, 2);
        InFlight.Permit p = limits.acquire(A).join();
        p.release(200);
        p.release(200);
        assertThat(limits.running()).isZero();
        assertThatThrownBy(() -> new InFlight(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
