package dev.driftwatch.check;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * A docs page as read once: its normalized text (noise removed) and that text's SHA-256, with the
 * validators for a conditional GET next time. The audit trail keeps every one.
 *
 * <p>The text may be produced on first use ({@code textSource}): a reading compared by hash alone,
 * as most are, never decompresses the text it was stored with.
 */
public record Snapshot(Instant fetchedAt, String hash, Supplier<String> textSource, String etag, String lastModified) {

    public Snapshot(Instant fetchedAt, String hash, String text, String etag, String lastModified) {
        this(fetchedAt, hash, () -> text, etag, lastModified);
    }

    /** Wraps {@code textSource} so it is called at most once, however often the text is read. */
    public Snapshot {
        Supplier<String> source = textSource;
        textSource = new Supplier<>() {
            private String text;
            private boolean made;

            @Override
            public synchronized String get() {
                if (!made) {
                    text = source.get();
                    made = true;
                }
                return text;
            }
        };
    }

    /** The normalized text. */
    public String text() {
        return textSource.get();
    }
}
