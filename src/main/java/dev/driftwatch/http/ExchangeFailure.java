package dev.driftwatch.http;

/**
 * No HTTP answer could be had: DNS, refused connection, TLS, timeout, a body over the cap.
 * The message is one line for the verdict; it never contains a header, so never the key.
 */
public final class ExchangeFailure extends Exception {
    private final String rule;
    private final int attempts;

    public ExchangeFailure(String rule, String message, int attempts) {
        super(message, null, false, false);
        this.rule = rule;
        this.attempts = attempts;
    }

    /** {@code unreachable} or {@code response-too-large}. */
    public String rule() {
        return rule;
    }

    public int attempts() {
        return attempts;
    }
}
