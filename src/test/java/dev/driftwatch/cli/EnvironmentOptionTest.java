package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.testing.FakeProvider;
import org.junit.jupiter.api.Test;

/**
 * "Environment" means one thing in flags and in output: the middle part of
 * {@code wisgate-gpt-image-2/public/docs:models}. The docs pages are {@code public}; production is the live API.
 */
class EnvironmentOptionTest extends CliScenarioTest {
    @Test
    void envPublicRunsTheDocsChecksOnly() {
        CliRun run = verify("--env", "public");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("wisgate-gpt-image-2/public/docs:models").contains("wisgate-gpt-image-2/public/docs:home")
                .doesNotContain("/production/").contains("5 check(s): 5 PASS");
        assertThat(provider.requestsTo(FakeProvider.MODELS)).isEmpty();
        assertThat(provider.requestsTo(FakeProvider.GENERATIONS)).isEmpty();
    }

    @Test
    void envProductionRunsTheLiveChecksOnly() {
        CliRun run = verify("--env", "production");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("wisgate-gpt-image-2/production/models").doesNotContain("/public/").contains("3 check(s): 3 PASS");
        assertThat(provider.requestsTo("/models")).as("no docs page read").isEmpty();
        assertThat(provider.requestsTo("/")).isEmpty();
    }

    @Test
    void anUnknownEnvironmentListsTheRealOnesPublicIncluded() {
        CliRun run = verify("--env", "staging");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString()
                .isEqualTo("driftwatch: no environment 'staging' in " + ws.config + " — use one of: production, public");
        assertThat(provider.requests).as("nothing was run").isEmpty();
    }

    @Test
    void auditHistoryTakesTheSameEnvironmentNames() {
        verify();
        assertThat(CliRun.of(env, "audit", "history", "--check", "docs:models", "--env", "public").exitCode()).isZero();
        assertThat(CliRun.of(env, "audit", "history", "--check", "models", "--env", "production").exitCode()).isZero();
    }
}
