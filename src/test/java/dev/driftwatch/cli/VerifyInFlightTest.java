package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.testing.FakeProvider;
import dev.driftwatch.testing.TestWorkspace;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} of many contracts against one slow provider host: as many requests in flight as the host's limit
 * allows ({@code http.maxInFlightPerHost}), never more, and every check answered — not eight at a time.
 */
class VerifyInFlightTest {
    private static final int CONTRACTS = 60;
    @TempDir
    Path dir;
    FakeProvider provider;
    TestWorkspace ws;
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger most = new AtomicInteger();

    @BeforeEach
    void setUp() {
        provider = new FakeProvider();
        ws = new TestWorkspace(dir);
        StringBuilder yaml = new StringBuilder("version: 1\nhttp:\n  readTimeout: 10s\n  callTimeout: 20s\n  maxInFlightPerHost: 12\ncontracts:\n");
        for (int i = 0; i < CONTRACTS; i++) {
            yaml.append("  - id: contract-").append(i).append('\n').append("""
                        model: gpt-image-2
                        endpoint: {method: POST, path: /v1/images/generations}
                        environments:
                          production: {baseUrl: '${WISGATE_API_BASE}', apiKeyEnv: WISGATE_API_KEY}
                        request: {model: gpt-image-2, prompt: A beautiful sunset, n: 1, size: 1024x1024}
                        schemas: {request: schemas/images-generations.request.schema.json, response: schemas/images-generations.response.schema.json,
                                  error: schemas/error.schema.json, models: schemas/models-list.schema.json}
                        checks:
                          models: {}
                          endpoint: {enabled: false}
                          generation: {enabled: false}
                    """);
        }
        ws.writeConfig(yaml.toString());
        String models = "{\"object\": \"list\", \"data\": [{\"id\": \"gpt-image-2\", \"object\": \"model\", \"created\": 1745020800, \"owned_by\": \"openai\"}]}";
        provider.override(FakeProvider.MODELS, r -> {
            most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            try {
                Thread.sleep(300); // a provider far away: the answers of one batch overlap
                return provider.json(200, FakeProvider.object(models));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                concurrent.decrementAndGet();
            }
        });
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    @Test
    void manyContractsAreVerifiedAtTheHostsLimitAtOnce() {
        CliRun run = CliRun.of(ws.env(provider), "verify", "--config", ws.config.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(CONTRACTS + " check(s): " + CONTRACTS + " PASS");
        assertThat(provider.requestsTo(FakeProvider.MODELS)).hasSize(CONTRACTS);
        assertThat(most.get()).as("in flight at once at the provider: the host's limit, not a pool of eight").isEqualTo(12);
    }
}
