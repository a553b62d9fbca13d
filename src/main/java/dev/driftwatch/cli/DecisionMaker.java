package dev.driftwatch.cli;

import java.util.Map;

/** Who records a decision ({@code accept}, {@code ack}): {@code --by}, else the operating-system user. */
final class DecisionMaker {
    private DecisionMaker() {
    }

    /** {@code by} when given, else $USER, $LOGNAME or the JVM's user name; null when none is known. */
    static String of(String by, Map<String, String> env) {
        if (by != null) {
            return by.isBlank() ? null : by.strip();
        }
        for (String name : new String[] {env.get("USER"), env.get("LOGNAME"), System.getProperty("user.name")}) {
            if (name != null && !name.isBlank()) {
                return name.strip();
            }
        }
        return null;
    }
}
