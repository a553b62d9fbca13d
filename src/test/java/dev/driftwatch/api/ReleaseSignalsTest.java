package dev.driftwatch.api;

import static dev.driftwatch.api.ModelsCheckTest.rules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.ProviderScenarioTest;
import dev.driftwatch.testing.FakeProvider;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

/** Deprecation and Sunset headers, and redirects: release news carried by headers, not bodies. */
class ReleaseSignalsTest extends ProviderScenarioTest {
    @Test
    void deprecationAndSunsetHeadersAreAnnouncedWithTheirDates() {
        scenario.at(Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC)).baseline("models");
        provider.extraHeaders = Headers.of(
                "Deprecation", "@1798761600",
                "Sunset", "Wed, 30 Jun 2027 23:59:59 GMT",
                "Link", "<https://wisgate.ai/docs/migrate-gpt-image-3>; rel=\"deprecation\"");
        Verdict v = scenario.run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.CHANGED);
        assertThat(rules(v)).containsExactly("deprecation-announced", "sunset-announced");
        assertThat(v.findings().get(0).actual()).isEqualTo("deprecation of /v1/models on 2027-01-01 — 31 days left — see https://wisgate.ai/docs/migrate-gpt-image-3");
        assertThat(v.findings().get(1).actual()).isEqualTo("sunset of /v1/models on 2027-06-30 — 212 days left");
    }

    @Test
    void legacyDeprecationFormsAreAcceptedLeniently() {
        assertThat(DeprecationHeader.date("@1798761600")).contains(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(DeprecationHeader.date("Wed, 11 Nov 2026 23:49:37 GMT")).as("legacy HTTP-date").contains(Instant.parse("2026-11-11T23:49:37Z"));
        assertThat(DeprecationHeader.date("true")).as("legacy 'true': deprecated, no date").isEmpty();
        assertThat(DeprecationHeader.date("soon")).isEmpty();
    }

    @Test
    void aDeprecationWithoutADateIsToldOnceAndStands() {
        scenario.baseline("models");
        provider.extraHeaders = Headers.of("Deprecation", "true");
        Verdict v = scenario.run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.CHANGED);
        assertThat(v.findings()).singleElement().satisfies(f ->
                assertThat(f.actual()).isEqualTo("deprecation of /v1/models announced, no date given (Deprecation: true)"));
        assertThat(scenario.run("models").outcome()).isEqualTo(Outcome.PASS);
        provider.extraHeaders = Headers.of();
        assertThat(scenario.run("models").findings()).as("withdrawn: forgotten").isEmpty();
    }

    @Test
    void permanentRedirectKeepingTheMethodIsAChangeAndIsNotFollowed() {
        scenario.baseline("endpoint");
        provider.override(FakeProvider.GENERATIONS, r -> new MockResponse.Builder().code(308).setHeader("Location", "/v2/images/generations").build());
        Verdict v = scenario.run("endpoint");
        assertThat(v.outcome()).isEqualTo(Outcome.CHANGED);
        assertThat(rules(v)).containsExactly("redirected");
        assertThat(v.findings().get(0).actual()).contains("308").contains("/v2/images/generations");
        assertThat(provider.requestsTo("/v2/images/generations")).isEmpty();
        assertThat(scenario.run("endpoint")).as("a redirect that stands is told once").satisfies(again -> {
            assertThat(again.outcome()).isEqualTo(Outcome.PASS);
            assertThat(again.findings()).singleElement().satisfies(f -> assertThat(f.change()).isEqualTo(dev.driftwatch.check.Change.KNOWN));
        });
    }

    @Test
    void redirectThatTurnsThePostIntoAGetIsBroken() {
        provider.override(FakeProvider.GENERATIONS, r -> new MockResponse.Builder().code(302).setHeader("Location", "/login").build());
        Verdict v = scenario.run("generation");
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(rules(v)).containsExactly("redirected-method-changed");
        assertThat(provider.requestsTo("/login")).isEmpty();
    }

    @Test
    void keyIsNeverSentToAnotherOrigin() throws Exception {
        try (MockWebServer elsewhere = new MockWebServer()) {
            elsewhere.start();
            String target = elsewhere.url("/v1/models").toString();
            provider.override(FakeProvider.MODELS, r -> new MockResponse.Builder().code(307).setHeader("Location", target).build());
            Verdict v = scenario.run("models");
            assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
            assertThat(rules(v)).containsExactly("redirected-cross-origin");
            assertThat(elsewhere.getRequestCount()).isZero();
        }
    }
}
