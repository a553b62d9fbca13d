package dev.driftwatch.alert;

import dev.driftwatch.audit.OutboxRow;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Alerts with no Slack to go to: one log line each (the daemon), or printed in full (a terminal, CI). */
public final class LocalAlerts implements AlertSender {
    private static final Logger LOG = LoggerFactory.getLogger(LocalAlerts.class);
    private final PrintWriter out;

    private LocalAlerts(PrintWriter out) {
        this.out = out;
    }

    /** One WARN line per alert on the log (stderr), so it shows at the default level. */
    public static LocalAlerts toLog() {
        return new LocalAlerts(null);
    }

    /** Each alert printed as plain text, for {@code verify --notify} without Slack. */
    public static LocalAlerts printedTo(PrintWriter out) {
        return new LocalAlerts(out);
    }

    @Override
    public DeliveryResult send(OutboxRow row, boolean plain) {
        if (out == null) {
            LOG.warn("alert {} #{}: {}", row.kind(), row.id(), String.join(" | ", row.plainText().lines().toList()));
            return new DeliveryResult.Delivered("log", null, null);
        }
        out.println(row.plainText());
        out.println();
        out.flush();
        return new DeliveryResult.Delivered("printed", null, null);
    }
}
