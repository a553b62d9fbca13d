package dev.driftwatch.daemon;

import static dev.driftwatch.daemon.StatusScenario.SCRIPT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftwatch.audit.SnapshotVersion;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/** A check's page in a real headless Chromium, reached from the status page as a person would; leaves screenshots behind. */
class CheckPageBrowserTest {
    private static final String RED = "rgba(207, 34, 46, 1)";
    private static final String AMBER = "rgba(191, 135, 0, 1)";
    private static final String GREEN = "rgba(26, 127, 55, 1)";
    private static final String GREY = "rgba(175, 184, 193, 1)";
    @TempDir
    Path dir;
    StatusScenario s;
    ChromeDriver browser;
    List<SnapshotVersion> versions;

    @BeforeEach
    void start() {
        s = new StatusScenario(dir);
        CheckPageTest.olderRuns(s);
        versions = CheckPageTest.threeVersions(s);
        s.badMorning();
        browser = HeadlessChromium.open(dir);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        s.close();
    }

    @Test
    void fromTheStatusPageAPersonOpensTheBrokenCheckAndSeesNinetyDaysItsRunTimesAndItsIncident() throws Exception {
        browser.get(s.url("/"));
        browser.findElement(By.cssSelector("tr.check[data-check='wisgate-gpt-image-2/production/models'] td.name a")).click();

        assertThat(browser.getCurrentUrl()).isEqualTo(s.url(CheckPageTest.MODELS_PAGE));
        assertThat(browser.getTitle()).isEqualTo("BROKEN · wisgate-gpt-image-2/production/models · driftwatch");
        assertThat(browser.findElement(By.cssSelector("h1")).getText()).isEqualTo("BROKEN models");
        assertThat(browser.findElement(By.cssSelector("header p.summary")).getText()).as("the provider's script, as text")
                .isEqualTo("model-not-listed at /data: expected gpt-image-2 listed, got " + SCRIPT);

        List<WebElement> days = browser.findElements(By.cssSelector(".strip .day"));
        assertThat(days).hasSize(90);
        int top = days.get(0).getLocation().getY();
        for (WebElement day : days) {
            assertThat(day.isDisplayed()).isTrue();
            assertThat(day.getSize().getWidth()).as("a cell one can point at").isGreaterThanOrEqualTo(3);
            assertThat(day.getLocation().getY()).as("one strip, on one line").isEqualTo(top);
        }
        assertThat(days.get(0).getLocation().getX()).as("oldest on the left").isLessThan(days.get(89).getLocation().getX());
        assertThat(days.get(89).getCssValue("background-color")).as("today broke").isEqualTo(RED);
        assertThat(days.get(89).getDomAttribute("title")).isEqualTo("2026-11-21: 3 runs, 2 held (66.6% uptime), 1 BROKEN");
        WebElement nov1 = browser.findElement(By.cssSelector(".strip .day[data-day='2026-11-01']"));
        assertThat(nov1.getCssValue("background-color")).isEqualTo(AMBER);
        assertThat(days.get(0).getCssValue("background-color")).isEqualTo(GREEN);
        assertThat(browser.findElement(By.cssSelector(".strip .day[data-day='2026-10-31']")).getCssValue("background-color"))
                .as("no runs").isEqualTo(GREY);
        assertThat(browser.findElement(By.cssSelector("#days .uptime")).getText()).isEqualTo("66.6% uptime");

        WebElement chart = browser.findElement(By.id("latency-days"));
        assertThat(chart.isDisplayed()).isTrue();
        assertThat(chart.getSize().getWidth()).as("as wide as the page").isGreaterThan(800);
        assertThat(chart.findElements(By.cssSelector("circle.avg-point"))).hasSize(3);
        assertThat(browser.findElement(By.id("latency-runs")).findElements(By.cssSelector("rect.bar"))).hasSize(8);

        WebElement incident = browser.findElement(By.cssSelector("#incidents tr.incident"));
        assertThat(incident.isDisplayed()).isTrue();
        assertThat(incident.getDomAttribute("data-open")).isEqualTo("true");
        assertThat(incident.findElement(By.cssSelector(".badge")).getCssValue("background-color")).isEqualTo(RED);
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        HeadlessChromium.screenshot(browser, "check-page.png");

        browser.findElement(By.linkText("driftwatch status")).click();
        assertThat(browser.getTitle()).as("back on the status page").isEqualTo("1 BROKEN · driftwatch status");
    }

    @Test
    void aDocsChecksPageShowsTheLatestChangeSideBySideAndComparesAnyTwoVersionsChosenInTheForm() throws Exception {
        long v3 = versions.get(0).id();
        long v1 = versions.get(2).id();
        browser.get(s.url(CheckPageTest.DOCS_PAGE));

        WebElement diff = browser.findElement(By.id("diff"));
        assertThat(diff.isDisplayed()).isTrue();
        WebElement price = diff.findElement(By.cssSelector("tr.changed"));
        assertThat(price.findElement(By.cssSelector("td.old")).getText()).isEqualTo("Price: $0.04 per image");
        assertThat(price.findElement(By.cssSelector("td.old del")).getText()).isEqualTo("04");
        assertThat(price.findElement(By.cssSelector("td.new ins")).getText()).isEqualTo("05");
        WebElement oldCell = price.findElement(By.cssSelector("td.old"));
        WebElement newCell = price.findElement(By.cssSelector("td.new"));
        assertThat(oldCell.getLocation().getY()).as("side by side").isEqualTo(newCell.getLocation().getY());
        assertThat(oldCell.getLocation().getX()).isLessThan(newCell.getLocation().getX());
        assertThat(diff.findElement(By.cssSelector("tr.added td.new")).getText()).as("the page's markup, as text")
                .isEqualTo(CheckPageTest.IMG);
        assertThat(browser.findElements(By.cssSelector("#snapshots img"))).isEmpty();

        new Select(browser.findElement(By.cssSelector("form.compare select[name=from]"))).selectByValue(String.valueOf(v1));
        browser.findElement(By.cssSelector("form.compare button")).click();

        assertThat(browser.getCurrentUrl()).isEqualTo(s.url(CheckPageTest.DOCS_PAGE + "?from=" + v1 + "&to=" + v3 + "#snapshots"));
        assertThat(browser.findElement(By.id("diff-summary")).getText()).contains("(reading " + v1 + ") against")
                .endsWith("2 line(s) changed, 0 removed, 1 added");
        assertThat(browser.findElement(By.cssSelector("#diff tr.changed td.new ins")).getText()).isEqualTo(", 2048x2048");
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        HeadlessChromium.screenshot(browser, "check-page-diff.png");
    }
}
