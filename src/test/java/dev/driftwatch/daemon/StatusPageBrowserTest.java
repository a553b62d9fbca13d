package dev.driftwatch.daemon;

import static dev.driftwatch.daemon.StatusScenario.SCRIPT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftwatch.alert.AlertMessages;
import dev.driftwatch.alert.IncidentDecisions;
import dev.driftwatch.check.Change;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Redactor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** The status page in a real headless Chromium, as a person on call would open it; leaves a screenshot behind. */
class StatusPageBrowserTest extends StatusScenarioTest {
    ChromeDriver browser;

    @BeforeEach
    void openBrowser() {
        browser = HeadlessChromium.open(dir);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aPersonSeesTheBrokenCheckItsIncidentAndThePassingChecksAtAGlance() throws Exception {
        browser.get(s.url("/"));

        assertThat(browser.getTitle()).isEqualTo("1 BROKEN · driftwatch status");
        WebElement broken = browser.findElement(By.cssSelector("[data-count=BROKEN]"));
        assertThat(broken.isDisplayed()).isTrue();
        assertThat(broken.getText()).isEqualTo("1 BROKEN");

        WebElement models = row("wisgate-gpt-image-2/production/models");
        assertThat(models.isDisplayed()).isTrue();
        assertThat(models.getDomAttribute("data-verdict")).isEqualTo("BROKEN");
        WebElement badge = models.findElement(By.cssSelector(".badge"));
        assertThat(badge.getText()).isEqualTo("BROKEN");
        assertThat(badge.getCssValue("background-color")).as("red").isEqualTo("rgba(207, 34, 46, 1)");
        assertThat(models.findElement(By.cssSelector("td.summary")).getText()).isEqualTo(
                "model-not-listed at /data: expected gpt-image-2 listed, got " + SCRIPT);
        assertThat(models.findElement(By.cssSelector("td.verified")).getText()).isEqualTo("2026-11-21 06:15 UTC\n1 h ago");
        assertThat(models.findElements(By.cssSelector("td.timeline .cell"))).extracting(c -> c.getDomAttribute("data-verdict"))
                .as("oldest first").containsExactly("PASS", "PASS", "BROKEN");

        WebElement incident = browser.findElement(By.cssSelector("#incidents article.incident"));
        assertThat(incident.isDisplayed()).isTrue();
        assertThat(incident.getDomAttribute("data-check")).isEqualTo("wisgate-gpt-image-2/production/models");
        assertThat(incident.getText()).contains("BROKEN wisgate-gpt-image-2 · production · models");
        WebElement finding = incident.findElement(By.cssSelector("tr.finding"));
        assertThat(finding.findElements(By.tagName("td"))).extracting(WebElement::getText)
                .containsExactly("model-not-listed", "/data", "gpt-image-2 listed", SCRIPT);
        assertThatThrownBy(() -> browser.switchTo().alert()).as("the provider's script stayed text")
                .isInstanceOf(NoAlertPresentException.class);

        for (String passing : List.of("wisgate-gpt-image-2/production/endpoint", "wisgate-gpt-image-2/staging/models")) {
            WebElement row = row(passing);
            assertThat(row.isDisplayed()).as(passing).isTrue();
            assertThat(row.findElement(By.cssSelector(".badge")).getText()).as(passing).isEqualTo("PASS");
            assertThat(row.findElement(By.cssSelector(".badge")).getCssValue("background-color")).as("green").isEqualTo("rgba(26, 127, 55, 1)");
        }
        assertThat(row("wisgate-gpt-image-2/public/docs:home").findElement(By.cssSelector(".badge")).getText()).isEqualTo("never run");

        HeadlessChromium.screenshot(browser, "status-page.png");
    }

    @Test
    void aCheckThatHoldsWithAStandingWarningAndASuspendedProbeAreReadableAtAGlance() throws Exception {
        s.run(s.verdict(StatusScenario.DOCS_HOME, Outcome.PASS, "3 fact(s) stated, no change in the watched text",
                Finding.warning("docs-live-disagree", "models:live-only", "the same gpt-image-2 family in the docs and in /v1/models",
                        "live-only: gpt-image-2-2026-04-21").as(Change.KNOWN)));
        s.state.scheduled.replaceAll(c -> c.key().equals(StatusScenario.ENDPOINT)
                ? new ScheduledCheck(c.key(), c.schedule(), null, "suspended since 2026-11-21T06:05:30Z: the provider accepted the invalid"
                        + " request (/n = 0) and may have billed it; edit checks.yaml to run the probe again")
                : c);
        browser.get(s.url("/"));

        WebElement home = row("wisgate-gpt-image-2/public/docs:home");
        assertThat(home.findElement(By.cssSelector(".badge")).getText()).isEqualTo("PASS");
        WebElement note = home.findElement(By.cssSelector("li.note.warning"));
        assertThat(note.isDisplayed()).isTrue();
        assertThat(note.getText()).isEqualTo("docs-live-disagree at models:live-only: live-only: gpt-image-2-2026-04-21");
        WebElement endpoint = row("wisgate-gpt-image-2/production/endpoint");
        assertThat(endpoint.getDomAttribute("data-suspended")).isEqualTo("true");
        WebElement suspended = endpoint.findElement(By.cssSelector("td.next-run .suspended"));
        assertThat(suspended.isDisplayed()).isTrue();
        assertThat(suspended.getText()).startsWith("suspended: suspended since 2026-11-21T06:05:30Z").contains("edit checks.yaml");

        HeadlessChromium.screenshot(browser, "status-page-notes.png");
    }

    @Test
    void whoAckedTheIncidentAndWhoAcceptedAChangeReadInOneLineEach() throws Exception {
        IncidentDecisions decisions = new IncidentDecisions(s.trail(), new AlertMessages(Redactor.none(), Map.of()), s.alerts.clock);
        decisions.acknowledge(StatusScenario.MODELS, "bob", "talking to the provider");
        decisions.accept(StatusScenario.DOCS_MODELS, "carol", "gpt-image-2.5 is documented on purpose");
        browser.get(s.url("/"));

        WebElement acked = browser.findElement(By.cssSelector("#incidents article.incident .acked"));
        assertThat(acked.isDisplayed()).isTrue();
        // WebDriver's text leaves out the " (" and ")" the style sheet puts around "just now".
        assertThat(acked.findElement(By.xpath("..")).getText()).endsWith(", acked by bob 2026-11-21 07:45 UTCjust now");
        WebElement accepted = row("wisgate-gpt-image-2/public/docs:models").findElement(By.cssSelector("p.accepted"));
        assertThat(accepted.isDisplayed()).isTrue();
        assertThat(accepted.getText()).isEqualTo("accepted by carol 2026-11-21 07:45 UTCjust now: gpt-image-2.5 is documented on purpose");

        HeadlessChromium.screenshot(browser, "status-page-decisions.png");
    }

    private WebElement row(String check) {
        return browser.findElement(By.cssSelector("tr.check[data-check='" + check + "']"));
    }
}
