package dev.driftwatch.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Logging set up in code rather than logback.xml: parsing XML cost a third of a second at every
 * start, and a one-shot {@code verify} in CI should start fast. Logs go to stderr, so stdout
 * carries only the report; {@code run} moves them to stdout ({@link #forDaemon}), where a container's log lives.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level %logger{0} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("stderr");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(stderr);
        root.setLevel(Level.WARN);
        // Libraries chatter at INFO about pools and migrations; their warnings still show.
        // The Slack client logs requests at debug level; its URLs and headers are secrets, so it stays at WARN.
        // So does Jetty, whose debug lines carry request headers, the status endpoints' Authorization among them.
        for (String quiet : new String[] {"org.flywaydb", "com.zaxxer.hikari", "org.quartz", "com.slack.api", "org.eclipse.jetty"}) {
            context.getLogger(quiet).setLevel(Level.WARN);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** How the daemon writes its log. */
    enum Format { json, text }

    /**
     * The daemon's log: one line per event on stdout, as a JSON object (logstash encoder: the MDC's
     * contract, environment, check, verdict and requestId become fields) or as readable text; INFO by
     * default, {@code DRIFTWATCH_LOG_LEVEL} to change it.
     */
    static void forDaemon(Format format, Map<String, String> env) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        ch.qos.logback.core.encoder.Encoder<ILoggingEvent> encoder;
        if (format == Format.json) {
            LogstashEncoder json = new LogstashEncoder();
            json.setContext(context);
            json.start();
            encoder = json;
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setContext(context);
            text.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level %logger{0} - %msg%n");
            text.start();
            encoder = text;
        }
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("stdout");
        stdout.setTarget("System.out");
        stdout.setEncoder(encoder);
        stdout.start();
        root.addAppender(stdout);
        root.setLevel(Level.toLevel(env.getOrDefault("DRIFTWATCH_LOG_LEVEL", "INFO"), Level.INFO));
    }

    /** Applies {@code DRIFTWATCH_LOG_LEVEL} (TRACE, DEBUG, INFO, WARN, ERROR; default WARN) from the given environment. */
    static void applyLevel(Map<String, String> env) {
        String wanted = env.getOrDefault("DRIFTWATCH_LOG_LEVEL", "WARN");
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(wanted, Level.WARN));
        }
    }
}
