package dev.driftwatch.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Links each verdict row to the one before it, so an edited or removed row no longer matches. */
final class HashChain {
    /** The prev_hash of the first row. */
    static final String GENESIS = "0".repeat(64);

    private HashChain() {
    }

    /** SHA-256 hex of {@code prevHash + "\n" + canonicalText}. */
    static String link(String prevHash, String canonicalText) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((prevHash + "\n" + canonicalText).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
