package dev.driftwatch.api;

import static dev.driftwatch.api.ModelsCheckTest.rules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.ProviderScenarioTest;
import dev.driftwatch.testing.FakeProvider;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointCheckTest extends ProviderScenarioTest {
    @Test
    void invalidRequestRefusedWithTheErrorEnvelopePassesAtZeroCost() {
        Verdict v = scenario.run("endpoint");
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(v.summary()).contains("refused the invalid request with HTTP 400");
        assertThat(provider.requestsTo(FakeProvider.GENERATIONS)).singleElement()
                .satisfies(r -> assertThat(r.getBody().utf8()).contains("\"n\":0").contains("\"model\":\"gpt-image-2\""));
        assertThat(v.evidence().details()).containsEntry("providerMessage", "Invalid value for 'n': 0 is less than the minimum of 1.");
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 405, 410})
    void endpointRemovedIsBroken(int status) {
        provider.override(FakeProvider.GENERATIONS, r -> FakeProvider.error(status, "Unknown request URL: POST /v1/images/generations", "invalid_request_error", null, null));
        Verdict v = scenario.run("endpoint");
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(rules(v)).containsExactly("endpoint-gone");
        assertThat(v.summary()).contains("HTTP " + status).contains("Unknown request URL");
    }

    @Test
    void modelNotFoundIsNamedAsSuch() {
        provider.override(FakeProvider.GENERATIONS, r -> FakeProvider.error(404, "The model `gpt-image-2` does not exist", "invalid_request_error", "model", "model_not_found"));
        Verdict v = scenario.run("endpoint");
        assertThat(rules(v)).containsExactly("model-not-found");
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void keyRefusedIsBroken(int status) {
        provider.override(FakeProvider.GENERATIONS, r -> FakeProvider.error(status, "Your key cannot use this model", "invalid_request_error", null, "forbidden"));
        Verdict v = scenario.run("endpoint");
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(rules(v)).containsExactly("auth-rejected");
        assertThat(v.findings().get(0).expected()).contains("WISGATE_API_KEY");
    }

    @Test
    void acceptingTheInvalidRequestIsBrokenAndSuspendsTheProbeUntilChecksYamlChanges() {
        provider.override(FakeProvider.GENERATIONS, r -> provider.json(200, FakeProvider.object("{\"created\":1,\"data\":[]}")));
        Verdict v = scenario.run("endpoint");
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(rules(v)).containsExactly("validation-missing");
        assertThat(v.findings().get(0).actual()).contains("may have been billed").contains("suspended until checks.yaml changes");

        Verdict next = scenario.run("endpoint");
        assertThat(next.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(next.summary()).contains("suspended since").contains("edit checks.yaml");
        assertThat(provider.requestsTo(FakeProvider.GENERATIONS)).as("no second call that could be billed").hasSize(1);

        scenario.workspace.edit("# Exactly the body our code sends.", "# Exactly the body our code sends (validation checked again).");
        provider.override(FakeProvider.GENERATIONS, r -> FakeProvider.error(400, "Invalid value for 'n'", "invalid_request_error", "n", null));
        assertThat(scenario.run("endpoint").outcome()).as("a new checks.yaml runs the probe again").isEqualTo(Outcome.PASS);
    }

    @Test
    void aRefusalInAnotherErrorShapeStillProvesTheEndpointValidatesAndIsToldOnceAsAChange() {
        scenario.baseline("endpoint");
        provider.override(FakeProvider.GENERATIONS, r -> new MockResponse.Builder().code(422).setHeader("Content-Type", "application/problem+json")
                .body("{\"type\":\"about:blank\",\"title\":\"Unprocessable Entity\",\"status\":422,"
                        + "\"detail\":\"Request body property n must be >= 1\"}").build());
        Verdict v = scenario.run("endpoint");
        assertThat(v.outcome()).isEqualTo(Outcome.CHANGED);
        assertThat(v.summary()).isEqualTo("error-envelope-changed at /v1/images/generations: expected a refusal in the shape of error.schema.json,"
                + " got HTTP 422 application/problem+json {detail, status, title, type}: \"Request body property n must be >= 1\"");
        assertThat(v.evidence().providerMessage()).isEqualTo("Request body property n must be >= 1");
        Verdict again = scenario.run("endpoint");
        assertThat(again.outcome()).as("the same shape again is known").isEqualTo(Outcome.PASS);
        assertThat(again.findings()).singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(dev.driftwatch.check.Severity.WARNING));
    }

    @Test
    void oneServiceUnavailableThenSuccessIsRetried() {
        provider.script(FakeProvider.GENERATIONS, new MockResponse.Builder().code(503).body("upstream busy").build());
        Verdict v = scenario.run("endpoint");
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(provider.requestsTo(FakeProvider.GENERATIONS)).hasSize(2);
        assertThat(v.evidence().details()).containsEntry("attempts", 2);
    }
}
