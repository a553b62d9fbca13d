package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.testing.FakeProvider;
import dev.driftwatch.testing.TestWorkspace;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "What did the models page say on that date?" answered from the audit trail. */
class AuditSnapshotsCommandTest {
    @TempDir
    Path dir;
    FakeProvider provider = new FakeProvider();

    @AfterEach
    void stop() {
        provider.close();
    }

    @Test
    void everyReadingIsListedAndADaysTextCanBeShown() {
        TestWorkspace ws = new TestWorkspace(dir);
        Map<String, String> env = ws.env(provider);
        CliRun.of(env, "verify", "--config", ws.config.toString());
        provider.docsPages.put("/models", provider.docsPages.get("/models").replace("<td class=\"id\">dall-e-3</td>", "<td class=\"id\">dall-e-4</td>"));
        CliRun.of(env, "verify", "--config", ws.config.toString());

        CliRun list = CliRun.of(env, "audit", "snapshots", "--check", "docs:models");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out().lines().filter(l -> l.contains("public"))).hasSize(2).allMatch(l -> l.endsWith("changed"));

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        CliRun show = CliRun.of(env, "audit", "snapshots", "--check", "docs:models", "--show", today);
        assertThat(show.exitCode()).isZero();
        assertThat(show.out()).contains("gpt-image-2").contains("dall-e-4").doesNotContain("<td");

        assertThat(CliRun.of(env, "audit", "snapshots", "--check", "docs:models", "--show", "yesterday").exitCode()).isEqualTo(2);
        assertThat(CliRun.of(env, "audit", "snapshots", "--check", "docs:models", "--show", "2020-01-01").err()).contains("no reading of docs:models");
    }
}
