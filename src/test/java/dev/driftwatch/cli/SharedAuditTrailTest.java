package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.testing.PostgresServer;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The audit trail in PostgreSQL ({@code audit.url}), on a real server: verify records there, the audit commands read it
 * with the same checks.yaml, and nothing is written to the embedded file.
 */
class SharedAuditTrailTest extends CliScenarioTest {

    private void sharedTrail(String database) {
        env.put("DRIFTWATCH_AUDIT_URL", PostgresServer.jdbcUrl(database)); // the shipped checks.yaml's audit.url
        env.put("DRIFTWATCH_AUDIT_USER", "postgres");
    }

    @Test
    void verifyRecordsInPostgresAndTheAuditCommandsReadItThere() {
        sharedTrail(PostgresServer.newDatabase());
        CliRun first = verify();
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(verify().exitCode()).isZero();
        CliRun last = CliRun.of(env, "audit", "last-verified", "--config", ws.config.toString());
        assertThat(last.exitCode()).as(last.err()).isZero();
        assertThat(last.out()).contains("wisgate-gpt-image-2").contains("models").contains("spec:openai");
        CliRun intact = CliRun.of(env, "audit", "verify", "--config", ws.config.toString());
        assertThat(intact.exitCode()).as(intact.out() + intact.err()).isZero();
        assertThat(intact.out()).contains("intact");
        assertThat(Files.exists(dir.resolve("data/driftwatch.db"))).as("nothing in the embedded file").isFalse();
    }

    @Test
    void anEmbeddedTrailMigratedToPostgresVerifiesThereAndAnswersTheSameQuestions() {
        env.put(dev.driftwatch.audit.ChainKey.VARIABLE, "migrate-test-chain-key-0123456789abcdef");
        assertThat(verify().exitCode()).isZero();
        provider.models = java.util.List.of("gpt-image-2.5", "gpt-image-1");
        assertThat(verify("--notify", "--notify-within", "5s").exitCode()).isEqualTo(1); // an incident and its alert
        CliRun accept = CliRun.of(env, "accept", "--contract", "wisgate-gpt-image-2", "--env", "production", "--check", "models",
                "--by", "alice", "--reason", "renamed upstream");
        assertThat(accept.exitCode()).as(accept.err()).isZero();
        String head = CliRun.of(env, "audit", "head").out().strip();
        String lastVerified = CliRun.of(env, "audit", "last-verified").out();
        String history = CliRun.of(env, "audit", "history", "--format", "json").out();

        String database = PostgresServer.newDatabase();
        env.put("DRIFTWATCH_AUDIT_USER", "postgres");
        CliRun migrate = CliRun.of(env, "audit", "migrate-to", "--url", PostgresServer.jdbcUrl(database));
        assertThat(migrate.exitCode()).as(migrate.out() + migrate.err()).isZero();
        assertThat(migrate.out()).contains("intact").contains(head).contains("journal").contains("incidents").contains("acceptances");
        CliRun again = CliRun.of(env, "audit", "migrate-to", "--url", PostgresServer.jdbcUrl(database));
        assertThat(again.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(again.err()).contains("already holds an audit trail");

        sharedTrail(database);
        String config = ws.config.toString();
        CliRun verifyThere = CliRun.of(env, "audit", "verify", "--config", config, "--expect-head", head);
        assertThat(verifyThere.exitCode()).as(verifyThere.out() + verifyThere.err()).isZero();
        assertThat(CliRun.of(env, "audit", "last-verified", "--config", config).out()).isEqualTo(lastVerified);
        assertThat(CliRun.of(env, "audit", "history", "--config", config, "--format", "json").out()).isEqualTo(history);
        // And the trail goes on there: the next verdicts chain onto the copied head.
        assertThat(verify().exitCode()).isEqualTo(0);
        assertThat(CliRun.of(env, "audit", "verify", "--config", config).exitCode()).isZero();
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutBeingRepeated() {
        env.put("DRIFTWATCH_AUDIT_URL", "jdbc:postgresql://localhost:5432/dw?user=dw&password=hunter2-secret");
        CliRun run = verify();
        assertThat(run.exitCode()).isEqualTo(ExitCode.CONFIG);
        assertThat(run.err()).contains("checks.yaml:32:").contains("carries credentials").doesNotContain("hunter2-secret");
        env.put("DRIFTWATCH_AUDIT_URL", "jdbc:mysql://localhost/dw");
        assertThat(verify().err()).contains("the value of ${DRIFTWATCH_AUDIT_URL} is not a PostgreSQL JDBC URL");
    }

    @Test
    void anUnreachableDatabaseIsOneLineThatSaysWhereAndWhatToCheck() {
        env.put("DRIFTWATCH_AUDIT_URL", "jdbc:postgresql://127.0.0.1:1/driftwatch?connectTimeout=2");
        env.put("DRIFTWATCH_AUDIT_PASSWORD", "s3cret-db-password");
        CliRun run = verify();
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).contains("cannot open the audit trail at jdbc:postgresql://127.0.0.1:1/driftwatch?…")
                .contains("check the database URL").doesNotContain("s3cret-db-password");
    }
}
