package dev.driftwatch.cli;

import dev.driftwatch.daemon.DaemonSettings;
import java.io.PrintWriter;
import java.util.Map;

/**
 * The daemon's HTTP port, shared by {@code run} (which serves it) and {@code healthcheck} (which asks it):
 * {@code --port}, else {@code $DRIFTWATCH_PORT}, else 8080. A value that is not a port is a usage error said
 * in one line, before anything starts, rather than an exception from deep inside the HTTP server or client.
 */
final class DaemonPort {
    private static final String VARIABLE = "DRIFTWATCH_PORT";
    private static final int HIGHEST = 65_535;

    private DaemonPort() {}

    /** The port to serve on; 0 lets the system choose a free one (the process tests do). Null once err says why not. */
    static Integer toServe(Integer option, Map<String, String> env, PrintWriter err) {
        return resolve(option, env, err, 0);
    }

    /** The port a running daemon is asked on. Null once err says why not. */
    static Integer toAsk(Integer option, Map<String, String> env, PrintWriter err) {
        return resolve(option, env, err, 1);
    }

    private static Integer resolve(Integer option, Map<String, String> env, PrintWriter err, int lowest) {
        if (option != null) {
            if (option < lowest || option > HIGHEST) {
                err.println("driftwatch: --port " + option + " is not a port — use a number from 1 to " + HIGHEST + ", e.g. 8080");
                return null;
            }
            return option;
        }
        String value = env.get(VARIABLE);
        if (value == null || value.isBlank()) {
            return DaemonSettings.DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= lowest && port <= HIGHEST) {
                return port;
            }
        } catch (NumberFormatException e) {
            // said below, as for a number out of range
        }
        err.println("driftwatch: " + VARIABLE + "='" + value + "' is not a port — set it to a number from 1 to " + HIGHEST
                + ", e.g. 8080, or pass --port");
        return null;
    }
}
