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
    void acceptingTheInvalidRequestMeansValidationIsMissing() {
        provider.override(FakeProvider.GENERATIONS, r -> provider.json(200, FakeProvider.object("{\"created\":1,\"data\":[]}")));
        Verdict v = scenario.run("endpoint");
        assertThat(v.outcome()).isEqualTo(Outcome.CHANGED);
        assertThat(rules(v)).containsExactly("validation-missing");
    }

    @Test
    void refusalThatIsNotTheErrorEnvelopeIsBroken() {
        provider.override(FakeProvider.GENERATIONS, r -> provider.json(400, FakeProvider.object("{\"detail\":\"n must be >= 1\"}")));
        Verdict v = scenario.run("endpoint");
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(v.findings()).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo("response-property-removed");
            assertThat(f.pointer()).isEqualTo("/error");
        });
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
