package dev.driftwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.check.CheckKey;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The daemon's log carries the audit head once an hour, so a copy of it lives wherever the log is shipped. */
class AuditHeadLogTest {
    @TempDir
    Path dir;
    private AuditTrail trail;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(AuditHeadLog.class);

    @BeforeEach
    void open() {
        trail = AuditTrail.openSqlite(dir.resolve("driftwatch.db"));
        logged.start();
        logger.addAppender(logged);
        logger.setLevel(ch.qos.logback.classic.Level.INFO); // the tests' logback.xml keeps the console quiet
    }

    @AfterEach
    void close() {
        logger.detachAppender(logged);
        logger.setLevel(null);
        trail.close();
    }

    @Test
    void theHeadIsLoggedOnceAnHourWithItsOwnFieldAndNamesTheNewestRecord() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-30T10:00:00Z"));
        AuditHeadLog log = new AuditHeadLog(trail.journal(), clock);
        trail.record(new Verdict(new CheckKey("c", "production", "models"), Outcome.PASS, "ok", List.of(), Evidence.NONE, clock.instant(), 5));

        log.logIfDue();
        log.logIfDue();
        clock.advance(Duration.ofMinutes(59));
        log.logIfDue();
        assertThat(logged.list).hasSize(1);

        trail.record(new Verdict(new CheckKey("c", "production", "models"), Outcome.PASS, "ok", List.of(), Evidence.NONE, clock.instant(), 5));
        clock.advance(Duration.ofMinutes(1));
        log.logIfDue();
        assertThat(logged.list).hasSize(2);
        ILoggingEvent second = logged.list.get(1);
        String head = trail.journal().head().toString();
        assertThat(second.getFormattedMessage()).contains("audit head " + head).contains("--expect-head " + head);
        assertThat(second.getMDCPropertyMap()).containsEntry("auditHead", head);
    }
}
