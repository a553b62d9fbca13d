package dev.driftwatch.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** One verify pass: the docs reconcile with this pass's live answers, whatever the thread timing. */
class PlanRunnerTest {
    private final List<String> recorded = new CopyOnWriteArrayList<>();

    private Check check(String name, boolean readsOthers, List<String> seenAtStart) {
        return new Check() {
            @Override
            public CheckKey key() {
                return new CheckKey("c", "production", name);
            }

            @Override
            public String schedule() {
                return "0 * * * * ?";
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(10);
            }

            @Override
            public boolean readsOtherVerdicts() {
                return readsOthers;
            }

            @Override
            public Verdict run() {
                seenAtStart.addAll(recorded);
                return new CheckRun(key(), Clock.systemUTC()).conclude("ok");
            }
        };
    }

    @Test
    void checksThatReadOtherVerdictsRunAfterTheOthersAreRecordedAndResultsKeepPlanOrder() {
        List<String> docsSaw = new CopyOnWriteArrayList<>();
        List<Check> plan = List.of(check("docs:models", true, docsSaw), check("models", false, new CopyOnWriteArrayList<>()),
                check("endpoint", false, new CopyOnWriteArrayList<>()));
        try (PlanRunner runner = new PlanRunner(8, Redactor.none(), Clock.systemUTC())) {
            for (int pass = 0; pass < 20; pass++) {
                recorded.clear();
                docsSaw.clear();
                List<Verdict> verdicts = runner.runAll(plan, v -> recorded.add(v.key().check()));
                assertThat(verdicts).extracting(v -> v.key().check()).containsExactly("docs:models", "models", "endpoint");
                assertThat(docsSaw).containsExactlyInAnyOrder("models", "endpoint");
            }
        }
    }
}
