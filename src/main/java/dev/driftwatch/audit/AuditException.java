package dev.driftwatch.audit;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/** The audit trail cannot be opened or written; the message is one line that says where and what to do. */
public final class AuditException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }

    static AuditException cannotOpen(Path file, Throwable cause) {
        String reason = reason(cause);
        // A corrupt or foreign file is not fixed by another directory alone; say so.
        String hint = reason.contains("not a database") || reason.contains("SQLITE_CORRUPT")
                ? "move the file aside or set DRIFTWATCH_DATA to another directory"
                : "set DRIFTWATCH_DATA to a writable directory";
        return new AuditException("cannot open the audit trail at " + file + ": " + reason + " — " + hint, cause);
    }

    static AuditException cannot(String what, Object file, Throwable cause) {
        return new AuditException("cannot " + what + " in the audit trail at " + file + ": " + reason(cause), cause);
    }

    /** The innermost cause, on one line: wrappers (Hikari, Flyway) only repeat it with more words. */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof FileAlreadyExistsException f) {
            return f.getFile() + " exists and is not a directory";
        }
        if (root instanceof AccessDeniedException a) {
            return "permission denied on " + a.getFile();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(message);
    }
}
