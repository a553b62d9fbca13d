package dev.driftwatch.audit;

/** A file that is not an export of {@code driftwatch audit export} (not JSON lines, a field missing or of the wrong type): where, and what. */
public final class ExportFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long line;

    ExportFormatException(long line, String what) {
        super(line > 0 ? "line " + line + ": " + what : what);
        this.line = line;
    }

    /** The line (from 1) that is not what an export holds; 0 for the file as a whole. */
    public long line() {
        return line;
    }
}
