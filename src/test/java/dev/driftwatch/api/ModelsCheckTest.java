package dev.driftwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.ProviderScenarioTest;
import dev.driftwatch.testing.FakeProvider;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class ModelsCheckTest extends ProviderScenarioTest {
    @Test
    void pinnedModelListedPasses() {
        Verdict v = scenario.run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(v.summary()).contains("gpt-image-2 is listed");
        assertThat(v.evidence().status()).isEqualTo(200);
        assertThat(v.evidence().requestId()).startsWith("req_");
        assertThat(v.evidence().list("familyModels")).containsExactly("gpt-image-2");
        assertThat(provider.requestsTo(FakeProvider.MODELS).get(0).getHeaders().get("Authorization")).isEqualTo("Bearer " + FakeProvider.KEY);
    }

    @Test
    void modelRenamedInModelsListIsBroken() {
        provider.models = List.of("gpt-image-2-pro", "gpt-image-1");
        Verdict v = scenario.run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(errors(v)).extracting(Finding::rule).containsExactly("model-not-listed");
        assertThat(errors(v).get(0).actual()).contains("gpt-image-2-pro");
    }

    @Test
    void firstRunOnlyRecordsTheFamilyThenANewSnapshotIsAReleaseAndAGoneOneARemoval() {
        provider.models = List.of("gpt-image-2", "gpt-image-2-2026-04-21", "gpt-image-1");
        assertThat(scenario.run("models").outcome()).isEqualTo(Outcome.PASS);

        provider.models = List.of("gpt-image-2", "gpt-image-2.1", "gpt-image-1");
        Verdict v = scenario.run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.CHANGED);
        assertThat(v.findings()).extracting(Finding::rule, Finding::actual).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("model-released", "new model gpt-image-2.1"),
                org.assertj.core.groups.Tuple.tuple("model-removed", "gpt-image-2-2026-04-21 no longer listed"));

        // Seen once, it is part of the family now: nothing to announce again.
        assertThat(scenario.run("models").outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void aRemovedFamilyMemberThatComesBackIsRestoredNotReleased() {
        provider.models = List.of("gpt-image-2", "gpt-image-2.1", "gpt-image-1");
        scenario.baseline("models");
        provider.models = List.of("gpt-image-2", "gpt-image-1");
        assertThat(rules(scenario.run("models"))).containsExactly("model-removed");
        provider.models = List.of("gpt-image-2", "gpt-image-2.1", "gpt-image-1");
        Verdict back = scenario.run("models");
        assertThat(back.outcome()).isEqualTo(Outcome.CHANGED);
        assertThat(back.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("model-restored");
            assertThat(f.actual()).isEqualTo("gpt-image-2.1 listed again");
        });
        assertThat(scenario.run("models").outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void modelsOfOtherFamiliesAreNotReleasesOfOurs() {
        scenario.run("models");
        provider.models = List.of("gpt-image-2", "gpt-image-3", "dall-e-4");
        assertThat(scenario.run("models").outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void shutdownDateOnThePinnedModelIsAnnouncedWithTheDaysLeft() {
        scenario.at(Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC)).baseline("models");
        provider.modelEntry = m -> m.path("id").asString().equals("gpt-image-2") ? m.put("shutdown_date", "2027-03-01") : m;
        Verdict v = scenario.run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.CHANGED);
        assertThat(v.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("model-shutdown-announced");
            assertThat(f.pointer()).as("a JSON pointer into the response").isEqualTo("/data/0/shutdown_date");
            assertThat(f.actual()).isEqualTo("shutdown of gpt-image-2 on 2027-03-01 — 90 days left");
        });
    }

    @Test
    void lowerRateLimitThanAtThePreviousRunIsAChange() {
        provider.extraHeaders = Headers.of("x-ratelimit-limit-requests", "500", "x-ratelimit-remaining-requests", "499");
        assertThat(scenario.run("models").outcome()).isEqualTo(Outcome.PASS);
        provider.extraHeaders = Headers.of("x-ratelimit-limit-requests", "100", "x-ratelimit-remaining-requests", "99");
        Verdict v = scenario.run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.CHANGED);
        assertThat(v.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("rate-limit-changed");
            assertThat(f.pointer()).isEqualTo("header:x-ratelimit-limit-requests");
            assertThat(f.expected()).startsWith("500");
            assertThat(f.actual()).isEqualTo("100");
        });
        assertThat(v.evidence().map("rateLimits")).containsEntry("x-ratelimit-remaining-requests", "99");
    }

    @Test
    void listWithoutIdsBreaksTheSchema() {
        provider.override(FakeProvider.MODELS, r -> provider.json(200, FakeProvider.object("{\"object\":\"list\",\"data\":[{\"name\":\"gpt-image-2\"}]}")));
        Verdict v = scenario.run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(v.findings()).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo("response-property-removed");
            assertThat(f.pointer()).isEqualTo("/data/0/id");
        });
    }

    @Test
    void noKeyConfiguredSkipsAndNamesTheVariable() {
        scenario.withoutKey();
        Verdict v = scenario.run("models");
        assertThat(v.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(v.summary()).contains("set WISGATE_API_KEY");
        assertThat(provider.requests).isEmpty();
    }

    static List<Finding> errors(Verdict v) {
        return v.findings().stream().filter(f -> f.severity() == dev.driftwatch.check.Severity.ERROR).toList();
    }

    static List<String> rules(Verdict v) {
        return v.findings().stream().map(Finding::rule).toList();
    }
}
