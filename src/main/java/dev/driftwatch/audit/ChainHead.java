package dev.driftwatch.audit;

import java.util.regex.Pattern;

/**
 * The newest record of the journal: its sequence number and hash. Published (the CLI, the daemon's log, the status
 * API, every Slack message) so a copy outside the trail exposes a truncation or a rewrite.
 */
public record ChainHead(long seq, String hash) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,18}):([0-9a-f]{12,64})");

    /** The head of an empty journal. */
    public static final ChainHead EMPTY = new ChainHead(0, ChainKey.GENESIS);

    /**
     * Reads {@code SEQ:HASH} as printed by {@link #toString()}; the hash may be shortened to its first 12 or more
     * characters, as a chat message may show it.
     *
     * @throws IllegalArgumentException with what to write instead
     */
    public static ChainHead parse(String text) {
        var m = FORM.matcher(text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a chain head — write SEQ:HASH as 'driftwatch audit head' prints it,"
                    + " e.g. 1042:3f9a…, with at least the hash's first 12 characters");
        }
        return new ChainHead(Long.parseLong(m.group(1)), m.group(2));
    }

    /** Whether a record with this sequence number and full hash is this head (whose hash may be a prefix). */
    public boolean matches(long seq, String fullHash) {
        return this.seq == seq && fullHash.startsWith(hash);
    }

    @Override
    public String toString() {
        return seq + ":" + hash;
    }
}
