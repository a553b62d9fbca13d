package dev.driftwatch.daemon;

import dev.driftwatch.audit.AuditLocation;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.audit.ChainKey;
import dev.driftwatch.config.AuditConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/** Opens the audit trail where checks.yaml says it lives: PostgreSQL for {@code audit.url}, else the embedded SQLite file. */
public final class AuditTrails {
    private AuditTrails() {
    }

    /** @param sqlite how to open the embedded file (the fault scenarios open one that fills up) */
    public static AuditTrail open(AuditConfig audit, Map<String, String> env, ChainKey key, Clock clock, Function<Path, AuditTrail> sqlite) {
        if (!audit.shared()) {
            return sqlite.apply(AuditLocation.defaultFile(env));
        }
        return AuditTrail.openPostgres(audit.url().strip(), env.get(audit.userEnv()), env.get(audit.passwordEnv()), key, clock);
    }

    /** Where the trail lives, for log lines and messages: the file, or the database URL without its query. */
    public static String where(AuditConfig audit, Map<String, String> env) {
        if (!audit.shared()) {
            return AuditLocation.defaultFile(env).toString();
        }
        return AuditLocation.shown(audit.url().strip());
    }
}
